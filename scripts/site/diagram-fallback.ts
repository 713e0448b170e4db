/**
 * What a page shows instead of a diagram mermaid cannot draw (a syntax error, more text than its
 * `maxTextSize`, more edges than its `maxEdges`): never mermaid's own error picture, but the
 * diagram's content as a table, from → to, with each node's label, or its source when it is not a flowchart.
 */
import type { Element, ElementContent } from 'hast';

/** One arrow of a flowchart, by node label. */
export interface FlowEdge {
  from: string;
  to: string;
}

/** Undoes `mermaidLabel`'s quoting: `"a #60;b#62;"` → `a <b>`. */
function unquote(label: string): string {
  const inner = label.startsWith('"') && label.endsWith('"') ? label.slice(1, -1) : label;
  return inner.replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

// A node id followed by its shape: `id[label]`, `id(["label"])`, `id[/"label"/]`, `id{label}`, `id((label))`.
const NODE = /^([A-Za-z0-9_]+)\s*[[({>]+\/?("[^"]*"|[^\])}/]*)\/?[\])}]+/;

/**
 * The nodes and arrows of a flowchart's source, by label; undefined when the source is not a flowchart.
 * @param source mermaid source as written by the renderers
 */
export function flowchartEdges(source: string): FlowEdge[] | undefined {
  const lines = source.split('\n').map((l) => l.trim());
  if (!/^(flowchart|graph)\b/.test(lines[0] ?? '')) return undefined;
  const labels = new Map<string, string>();
  const edges: [string, string][] = [];
  const nodeOf = (part: string): string | undefined => {
    const m = NODE.exec(part);
    if (m) {
      labels.set(m[1]!, unquote(m[2]!));
      return m[1];
    }
    return /^[A-Za-z0-9_]+$/.test(part) ? part : undefined;
  };
  for (const line of lines.slice(1)) {
    if (/^(click|classDef|class|style|linkStyle|subgraph|end|direction|%%)\b/.test(line) || !line) continue;
    const parts = line.split(/\s*(?:-->|---|-\.->|==>)(?:\|[^|]*\|)?\s*/);
    const ids = parts.map(nodeOf);
    for (let i = 1; i < ids.length; i++) if (ids[i - 1] && ids[i]) edges.push([ids[i - 1]!, ids[i]!]);
  }
  return edges.map(([from, to]) => ({ from: labels.get(from) ?? from, to: labels.get(to) ?? to }));
}

const el = (tagName: string, children: ElementContent[], properties: Element['properties'] = {}): Element => ({ type: 'element', tagName, properties, children });
const txt = (value: string): ElementContent => ({ type: 'text', value });

/**
 * The block shown in place of a diagram that cannot be drawn: a note saying why, then the arrows as a
 * table (flowcharts) or the source (other diagrams).
 * @param source the diagram's mermaid source
 * @param reason mermaid's message, shortened to its first line
 */
export function diagramFallback(source: string, reason: string): Element {
  const edges = flowchartEdges(source);
  const note = el('p', [txt(`This diagram could not be drawn (${reason}); ${edges ? 'its arrows are listed below' : 'its source is shown below'}.`)], { className: ['fd-diagram-note'] });
  const body: Element = edges
    ? el('div', [
        el('table', [
          el('thead', [el('tr', [el('th', [txt('From')]), el('th', [txt('To')])])]),
          el('tbody', edges.map((e) => el('tr', [el('td', [txt(e.from)]), el('td', [txt(e.to)])]))),
        ]),
      ], { className: ['fd-table-scroll'] })
    : el('pre', [txt(source)]);
  return el('div', [note, body], { className: ['fd-diagram-fallback'] });
}

/** The first line of an error message, without mermaid's trailing detail. */
export function shortReason(message: string): string {
  return (message.split('\n')[0] ?? message).trim().slice(0, 200) || 'mermaid error';
}
