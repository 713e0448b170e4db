/**
 * Reads the edges of a mermaid `graph`/`flowchart` diagram: `A --> B`, chains `A --> B --> C`,
 * groups `A & B --> C`, node shapes `A[Label]`, edge labels `A -->|text| B` and `A -- text --> B`.
 * Other statements (subgraph, classDef, click, style…) are skipped; other diagram kinds give no edges.
 */

/** The diagram kind and edges of one mermaid source. */
export interface MermaidEdges {
  /** The first keyword (`graph`, `flowchart`, `gantt`, …), lower-cased, or `` for an empty diagram. */
  diagram: string;
  /** Edges with each node named by its label when the label is a ticket id, else by its id. */
  edges: { from: string; to: string; line: number }[];
}

/** A ticket id anywhere in a string. */
export const TICKET_ID = /[A-Z][A-Z0-9]*-\d+/;
const WHOLE_TICKET_ID = new RegExp(`^${TICKET_ID.source}$`);

/** Statements that never hold edges. */
const SKIPPED = /^(subgraph|end|classDef|class|click|style|linkStyle|direction|accTitle|accDescr|%%)\b/;

/** A link between nodes; text-labelled forms come first so their dashes are not read as plain links. */
const LINK =
  /\s*(?:<?--\s.*?\s--[->ox]|<?==\s.*?\s==[>ox]|<?-\.\s.*?\s\.-[>ox]|<?(?:-{2,}|={2,}|-\.+-|~{3,})[->ox]?)(?:\|[^|]*\|)?\s*/g;

/** Closing character of each node-shape bracket. */
const CLOSE: Record<string, string> = { '[': ']', '(': ')', '{': '}', '>': ']' };

/**
 * Parses one mermaid diagram.
 * @param source the code block's text
 * @param firstLine the 1-based document line of the source's first line
 */
export function parseMermaidEdges(source: string, firstLine: number): MermaidEdges {
  const lines = source.split('\n');
  let diagram = '';
  const labels = new Map<string, string>();
  const raw: { from: string; to: string; line: number }[] = [];
  lines.forEach((lineText, index) => {
    const withoutComment = lineText.replace(/%%.*$/, '');
    for (const part of withoutComment.split(';')) {
      const statement = part.trim();
      if (!statement) continue;
      if (!diagram) {
        diagram = statement.split(/\s+/)[0]!.toLowerCase();
        continue;
      }
      if (diagram !== 'graph' && diagram !== 'flowchart') return;
      if (SKIPPED.test(statement)) continue;
      const groups = splitStatement(statement, labels);
      for (let i = 0; i + 1 < groups.length; i++) {
        for (const from of groups[i]!) for (const to of groups[i + 1]!) raw.push({ from, to, line: firstLine + index });
      }
    }
  });
  const name = (id: string): string => {
    const label = labels.get(id)?.trim();
    return label !== undefined && WHOLE_TICKET_ID.test(label) ? label : id;
  };
  return { diagram, edges: raw.map((e) => ({ from: name(e.from), to: name(e.to), line: e.line })) };
}

/** Splits a statement into groups of node ids between links, recording node labels on the way. */
function splitStatement(statement: string, labels: Map<string, string>): string[][] {
  // Hide bracketed labels (which may hold arrows or `&`) behind placeholders first.
  const hidden: string[] = [];
  let masked = '';
  for (let i = 0; i < statement.length; i++) {
    const ch = statement[i]!;
    const prev = statement[i - 1];
    // `>` opens an asymmetric shape only right after a node id (`A>Label]`), never inside an arrow.
    const opens = CLOSE[ch] !== undefined && (ch !== '>' || /\w/.test(prev ?? ''));
    if (!opens) {
      masked += ch;
      continue;
    }
    const end = findClose(statement, i);
    if (end < 0) {
      masked += ch;
      continue;
    }
    hidden.push(statement.slice(i, end + 1));
    masked += `\u0000${hidden.length - 1}\u0000`;
    i = end;
  }
  const groups = masked.split(LINK).map((group) =>
    group
      .split('&')
      .map((node) => node.trim())
      .filter(Boolean)
      .map((node) => {
        const m = /^([^\s\u0000]+?)\s*(?:\u0000(\d+)\u0000)?(?::::[\w-]+)?$/.exec(node);
        if (!m) return node;
        if (m[2] !== undefined) labels.set(m[1]!, stripShape(hidden[Number(m[2])]!));
        return m[1]!;
      }),
  );
  return groups.filter((g) => g.length > 0);
}

/** The index of the bracket closing the shape that opens at `start`, or -1. */
function findClose(s: string, start: number): number {
  const open = s[start]!;
  const close = CLOSE[open]!;
  let depth = 0;
  let quoted = false;
  for (let i = start; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '"') quoted = !quoted;
    if (quoted) continue;
    if (ch === open && open !== '>') depth++;
    else if (ch === close && (open === '>' || --depth === 0)) return i;
  }
  return -1;
}

/** The label inside a node shape such as `[Label]`, `(("Label"))` or `>Label]`. */
function stripShape(shape: string): string {
  return shape
    .replace(/^[[({>/\\]+/, '')
    .replace(/[\])}/\\]+$/, '')
    .trim()
    .replace(/^"(.*)"$/s, '$1');
}
