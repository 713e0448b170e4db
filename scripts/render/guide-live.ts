/**
 * Makes a flake guide's references concrete before it is turned into HTML: `host:`/`option:`/
 * `secret:`/`ticket:`/`profile:` links get the router's URL, and the live-data components become
 * links, a code span (`<RebuildCommand>`) or a list of hosts (`<HostList>`). Extraction has already
 * reported unknown names; here an unknown one is left as plain text, never as a broken link.
 */
import type { Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { attribute, HOST_CLASSES, LIVE_COMPONENTS, parseRef, type RefKind } from '../extract/guide-refs.ts';
import type { FlakeModel, Host } from '../model/index.ts';
import { buildCommand } from './hosts.ts';
import type { EntityRef, Router } from './router.ts';

/** What resolving references needs: the model and the router (and the forge, for links to flake files). */
export interface LiveData {
  model: FlakeModel;
  router: Router;
  /** The forge URL of a flake file, when the site knows its repository. */
  source?: (file: string) => string | undefined;
}

/** The URL of a reference, or undefined when the flake has no such thing. */
export function refHref(live: LiveData, kind: RefKind, id: string): string | undefined {
  const { model, router } = live;
  let ref: EntityRef | undefined;
  if (kind === 'host' && model.hosts.some((h) => h.name === id)) ref = { kind: 'host', name: id };
  else if (kind === 'profile' && model.profiles.some((p) => p.name === id)) ref = { kind: 'profile', name: id };
  else if (kind === 'secret' && model.secrets.secrets.some((s) => s.id === id)) ref = { kind: 'secret', id };
  else if (kind === 'ticket' && model.roadmap?.documents.some((d) => d.tickets.some((t) => t.id === id))) ref = { kind: 'ticket', id };
  else if (kind === 'option') {
    const option = model.options.find((o) => o.name === id);
    if (option) ref = { kind: 'option', name: option.name, group: option.group };
  }
  return ref ? router.href(ref) : undefined;
}

type Jsx = MdxJsxFlowElement | MdxJsxTextElement;

/** The hosts a `<HostList>` names: of a class, or importing a profile. */
function listed(live: LiveData, el: Jsx): Host[] {
  const cls = attribute(el, 'class');
  const profile = attribute(el, 'profile');
  if (cls !== undefined) return (HOST_CLASSES as readonly string[]).includes(cls) ? live.model.hosts.filter((h) => h.class === cls) : [];
  return profile !== undefined ? live.model.hosts.filter((h) => h.profiles.includes(profile)) : [];
}

/** A link to a host's page, or its name as text when it has none. */
function hostLink(live: LiveData, h: Host): PhrasingContent {
  const label: PhrasingContent = { type: 'text', value: h.name };
  const href = refHref(live, 'host', h.name);
  return href ? { type: 'link', url: href, children: [label] } : label;
}

/** What a live-data component becomes, or undefined for any other element. */
function replacement(live: LiveData, el: Jsx): RootContent[] | undefined {
  const name = el.name ?? '';
  const spec = LIVE_COMPONENTS[name];
  if (!spec) return undefined;
  if (spec.kind === 'list') {
    const hosts = listed(live, el);
    if (el.type === 'mdxJsxTextElement') {
      const inline: PhrasingContent[] = [];
      hosts.forEach((h, i) => inline.push(...(i ? [{ type: 'text', value: ', ' } as PhrasingContent] : []), hostLink(live, h)));
      return inline.length ? inline : [{ type: 'text', value: 'none' }];
    }
    return [{ type: 'list', ordered: false, spread: false, children: hosts.map((h) => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [hostLink(live, h)] }] })) }];
  }
  const id = attribute(el, spec.attribute) ?? '';
  if (name === 'RebuildCommand') {
    const host = live.model.hosts.find((h) => h.name === id);
    const code: PhrasingContent = { type: 'inlineCode', value: host ? buildCommand(host) : id };
    return el.type === 'mdxJsxFlowElement' ? [{ type: 'paragraph', children: [code] }] : [code];
  }
  const children = (el.children as PhrasingContent[]).length ? (el.children as PhrasingContent[]) : [{ type: 'text', value: id } as PhrasingContent];
  const href = refHref(live, spec.kind as RefKind, id);
  const inline: PhrasingContent[] = href ? [{ type: 'link', url: href, children }] : children;
  return el.type === 'mdxJsxFlowElement' ? [{ type: 'paragraph', children: inline }] : inline;
}

/**
 * Resolves a parsed guide's references and live-data components in place.
 * @param tree the guide's mdast
 * @param live the model and the router
 */
export function resolveLiveData(tree: Root, live: LiveData): void {
  const walk = (parent: { children: Nodes[] }) => {
    const out: Nodes[] = [];
    for (const child of parent.children) {
      if (child.type === 'link' || child.type === 'definition') {
        const ref = parseRef(child.url);
        if (ref) {
          const href = refHref(live, ref.kind, ref.id);
          if (href) child.url = href;
          else if (child.type === 'link') {
            walk(child as { children: Nodes[] });
            out.push(...(child.children as Nodes[]));
            continue;
          } else child.url = '';
        }
      }
      if (child.type === 'mdxJsxFlowElement' || child.type === 'mdxJsxTextElement') {
        const replaced = replacement(live, child);
        if (replaced) {
          out.push(...(replaced as Nodes[]));
          continue;
        }
      }
      if ('children' in child) walk(child as { children: Nodes[] });
      out.push(child);
    }
    parent.children = out;
  };
  walk(tree as unknown as { children: Nodes[] });
}
