/**
 * The secrets page: who can decrypt what (a matrix of secrets by recipient), which host declares
 * which secret, and the sops creation rules. Only names and public keys ever reach it. Past
 * SECRETS_PER_PAGE secrets, each secret's section moves to a page of secrets (`/secrets/page/N/`) and
 * the secrets page becomes their index, so no page grows with the number of secrets. A link to a
 * secret's section keeps working when the section moves (the page splits, or secrets added before it
 * push it to the next page): a secrets page asked for an anchor it does not hold looks it up on the
 * anchors page (`/secrets/anchors/`), which links each secret's anchor to where its section is now.
 */
import type { Secret } from '../model/index.ts';
import { type HostAccess, hostAccess } from '../model/secrets.ts';
import { badge, mermaidId, mermaidLabel, type RenderContext, sourceLink } from './context.ts';
import { pageLinks, paginate } from './index-page.ts';
import { attr, frontmatter, type GeneratedPage, link, mdText, mermaid, text } from './mdx.ts';
import { plural } from '../plural.ts';

/** Past this many secrets × recipients the matrix would outweigh the rest of the page (200,000 cells at 1,000 secrets and 200 hosts). */
export const MATRIX_CELLS_MAX = 4000;
/**
 * Past this many hosts, used secrets and uses between them, the usage graph is neither readable nor
 * light: each node costs about 1.7 KB of SVG (both themes), so 50 nodes drew 85 KB, most of a 185 KB page.
 */
export const GRAPH_ITEMS_MAX = 80;

/** Secret sections per page of secrets; a flake with no more than this keeps them all on the secrets page. 50 used secrets compile to about 50 KB. */
export const SECRETS_PER_PAGE = 50;
/** On a split secrets page, a host's over-granted or missing secrets named in its row; the rest are counted (each secret's section names them all). */
export const ACCESS_LINKS_MAX = 3;

/**
 * The page of secrets (1-based) each secret's section is on, for the router: empty when they all fit
 * on the secrets page. Pages follow the model's order (by category, then id).
 * @param secrets the model's secrets, in order
 */
export function secretPages(secrets: Secret[]): Map<string, number> {
  const pages = new Map<string, number>();
  if (secrets.length <= SECRETS_PER_PAGE) return pages;
  secrets.forEach((s, i) => {
    // A duplicate id links to its first section, as one anchor can only be in one place.
    if (!pages.has(s.id)) pages.set(s.id, Math.floor(i / SECRETS_PER_PAGE) + 1);
  });
  return pages;
}

/** Renders the secrets page, and past SECRETS_PER_PAGE secrets the pages of secrets it indexes. */
export function renderSecrets(ctx: RenderContext): GeneratedPage[] {
  const { secrets, recipients, sopsRules, tools } = ctx.model.secrets;
  const chunks = secrets.length > SECRETS_PER_PAGE ? paginate(secrets, SECRETS_PER_PAGE) : [];
  const last = secrets.at(-1);
  if (chunks.length && ctx.router.slug({ kind: 'secret', id: last!.id }) !== ctx.router.slug({ kind: 'secretsPage', page: chunks.length })) {
    throw new Error('renderSecrets: the router does not know the pages of secrets (make it with siteRouter)');
  }
  const head = chunks.length ? movedAnchorHead(ctx) : undefined;
  const lines = [
    frontmatter({ title: 'Secrets', slug: ctx.router.slug({ kind: 'secrets' }), description: 'Which host and key can decrypt which secret, and which host uses it.', sidebar: { order: 0 }, head }),
  ];
  if (!secrets.length) {
    lines.push('The flake declares no secrets (no `secrets.nix` for agenix, no `.sops.yaml` rules for sops-nix).');
    return [{ path: 'secrets/index.md', content: `${lines.join('\n')}\n` }];
  }
  lines.push(
    `${text(plural(secrets.length, 'secret'))}, managed with ${text(tools.join(' and '))}. This page is built from recipient lists and declarations only: no secret is decrypted and no encrypted payload is copied.`,
    '',
  );
  if (chunks.length) lines.push(...pagesIndex(ctx, chunks), '');
  lines.push('## Who can decrypt what', '');
  const cells = secrets.length * recipients.length;
  lines.push(
    ...(cells <= MATRIX_CELLS_MAX
      ? accessMatrix(ctx)
      : [`${text(`${secrets.length} secrets by ${recipients.length} recipients are too many for a matrix (${cells} cells): each host's access is in the table below, and each secret lists its recipients.`)}`]),
    '',
    '## What each host can read',
    '',
  );
  lines.push(
    'A host can read every secret encrypted to its key; it needs only those its configuration declares. The rest is over-granted: readable by whoever holds that machine, for nothing.',
    '',
    '| Host | Summary | Over-granted | Used but not readable |',
    '| --- | --- | --- | --- |',
  );
  for (const host of ctx.model.hosts) {
    const a = hostAccess(ctx.model.secrets, host.name);
    if (!a.canRead.length && !a.uses.length) continue;
    const ids = (list: string[]) => unindexed(secretLinks(ctx, list, chunks.length ? ACCESS_LINKS_MAX : list.length) || '—');
    lines.push(`| <span ${attr('id', ctx.router.anchor({ kind: 'secretAccess', host: host.name, class: host.class })!)}>${link(ctx.router.href({ kind: 'host', name: host.name, class: host.class }), host.name)}</span> | ${text(accessSummary(a))} | ${ids(a.overGranted)} | ${ids(a.missing)} |`);
  }
  lines.push('', '## Recipients', '', '| Recipient | Kind | Also named | Key | Opens |', '| --- | --- | --- | --- | --- |');
  for (const r of recipients) {
    const name = r.owner === 'host' && ctx.model.hosts.some((h) => h.name === r.id) ? link(ctx.router.href({ kind: 'host', name: r.id }), r.id) : text(r.id);
    const opens = secrets.filter((s) => s.recipients?.includes(r.id)).map((s) => s.id);
    const also = r.names.filter((n) => n !== r.id);
    // Split, the list would grow with the secrets (a person's key may open them all): each secret's section names its recipients.
    const listed = opens.length && !chunks.length ? `: ${unindexed(secretLinks(ctx, opens, opens.length))}` : '';
    lines.push(
      `| ${name} | ${text(r.owner)} | ${text(also.join(', ') || '—')} | <code>${text(`${r.keyType} ${r.fingerprint}`)}</code> | ${text(plural(opens.length, 'secret'))}${listed} |`,
    );
  }
  const users = new Set(secrets.flatMap((s) => s.usedBy.map((u) => u.host)));
  // The graph draws uses: a secret no host uses is named below it, not drawn as a lone node.
  const used = secrets.filter((s) => s.usedBy.length);
  const unused = secrets.filter((s) => !s.usedBy.length);
  const graphNodes = used.length + users.size;
  const graphLines = used.reduce((n, s) => n + s.usedBy.length, 0);
  lines.push('', '## Hosts and the secrets they use', '');
  if (!used.length) lines.push(text(secrets.length === 1 ? 'No host uses the secret.' : `No host uses any of the ${secrets.length} secrets.`));
  else if (graphNodes + graphLines <= GRAPH_ITEMS_MAX) lines.push(mermaid(usageGraph(ctx, used, users)));
  else lines.push(text(`${graphNodes} hosts and secrets, with ${graphLines} uses between them, are too many to draw as one graph: each secret's section ${chunks.length ? 'on the pages of secrets' : 'below'} lists the hosts that use it, and each host's page the secrets it uses.`));
  if (used.length && unused.length) lines.push('', `${text('No use found: ')}${secretLinks(ctx, unused.map((s) => s.id), ACCESS_LINKS_MAX)}.`);
  if (!chunks.length) lines.push(...secretSections(ctx, secrets));
  if (sopsRules.length) {
    lines.push('## sops creation rules', '', '| Path pattern | Key groups | Files | Rule |', '| --- | --- | --- | --- |');
    for (const r of sopsRules) {
      lines.push(
        `| <code>${text(r.pathRegex)}</code> | ${r.keyGroups.map((g) => text(g.join(', '))).join('<br />')} | ${r.files.map((f) => `<code>${text(f)}</code>`).join(' ') || '—'} | ${sourceLink(ctx, r.source)} |`,
      );
    }
  }
  // Once for every page of secrets: which hosts each secret is over-granted to or missing on.
  const access = new Map(chunks.length ? ctx.model.hosts.map((h) => [h.name, hostAccess(ctx.model.secrets, h.name)]) : []);
  return [
    { path: 'secrets/index.md', content: `${lines.join('\n')}\n` },
    ...chunks.map((_, i) => secretsPage(ctx, chunks, i, access, head!)),
    ...(chunks.length ? [anchorsPage(ctx, secrets)] : []),
  ];
}

/**
 * The head script of the secrets page and the pages of secrets once split: an anchor of a secret that
 * is not on the page (its section moved) is looked up on the anchors page. Constant in size.
 */
function movedAnchorHead(ctx: RenderContext): { tag: 'script'; content: string }[] {
  const anchors = JSON.stringify(ctx.router.href({ kind: 'secretAnchors' }));
  const go = `const go=()=>{const id=decodeURIComponent(location.hash.slice(1));if(id.startsWith('secret-')&&!document.getElementById(id))location.replace(${anchors}+location.hash)};`;
  return [{ tag: 'script', content: `addEventListener('DOMContentLoaded',()=>{${go}go();addEventListener('hashchange',go)})` }];
}

/**
 * The anchors page: each secret's anchor on a link to its section, followed at once by a script when
 * the URL names one (and readable without it). Left out of the sidebar and of search.
 */
function anchorsPage(ctx: RenderContext, secrets: Secret[]): GeneratedPage {
  const follow = "addEventListener('DOMContentLoaded',()=>{const a=document.getElementById(decodeURIComponent(location.hash.slice(1)));if(a instanceof HTMLAnchorElement&&a.hasAttribute('data-moved'))location.replace(a.href)})";
  const slug = ctx.router.slug({ kind: 'secretAnchors' });
  const seen = new Set<string>();
  const items: string[] = [];
  for (const s of secrets) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    const ref = { kind: 'secret', id: s.id } as const;
    items.push(`<li><a ${attr('id', ctx.router.anchor(ref)!)} data-moved ${attr('href', ctx.router.href(ref))}><code>${text(s.id)}</code></a></li>`);
  }
  const lines = [
    frontmatter({ title: 'Where each secret is', slug, description: "Links to each secret's section on the pages of secrets.", sidebar: { hidden: true }, pagefind: false, head: [{ tag: 'script', content: follow }] }),
    `${text("Each secret's section, on its page of secrets; a link to a section that has since moved to another page arrives here and goes on to it.")} ${link(ctx.router.href({ kind: 'secrets' }), 'The secrets overview')}.`,
    '',
    `<ul class="fd-secret-anchors">${items.join('')}</ul>`,
  ];
  return { path: `${slug}.md`, content: `${lines.join('\n')}\n` };
}

/** `Secrets 51–100` (`Secret 101` alone): the label of a page of secrets. */
function pageLabel(chunks: Secret[][], index: number): string {
  const from = index * SECRETS_PER_PAGE + 1;
  const to = from + chunks[index]!.length - 1;
  return to === from ? `Secret ${from}` : `Secrets ${from}–${to}`;
}

/** The index's list of the pages of secrets: each with its first and last secret and its categories. */
function pagesIndex(ctx: RenderContext, chunks: Secret[][]): string[] {
  const lines = [
    '## Pages of secrets',
    '',
    `${text(`Each secret has its section on a page of ${SECRETS_PER_PAGE}, by category, then name: its file, recipients and the hosts that use it.`)}`,
    '',
    '| Page | Secrets | Categories |',
    '| --- | --- | --- |',
  ];
  chunks.forEach((chunk, i) => {
    const categories = [...new Set(chunk.map((s) => s.category))];
    lines.push(`| ${link(ctx.router.href({ kind: 'secretsPage', page: i + 1 }), pageLabel(chunks, i))} | <code>${text(chunk[0]!.id)}</code> to <code>${text(chunk.at(-1)!.id)}</code> | ${text(categories.join(', '))} |`);
  });
  return lines;
}

/** One page of secrets: their sections under their categories, between links to the other pages; `access` is each host's, `head` the moved-anchor script. */
function secretsPage(ctx: RenderContext, chunks: Secret[][], index: number, access: Map<string, HostAccess>, head: { tag: 'script'; content: string }[]): GeneratedPage {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const label = pageLabel(chunks, index);
  const chunk = chunks[index]!;
  const slug = ctx.router.slug({ kind: 'secretsPage', page: index + 1 });
  const nav = pageLinks(chunks.map((_, i) => ctx.router.href({ kind: 'secretsPage', page: i + 1 })), index + 1, 'Pages of secrets');
  const description = `${label} of ${total}, ${chunk[0]!.id} to ${chunk.at(-1)!.id}: files, recipients and the hosts that use them.`;
  const lines = [
    // Left out of the sidebar, which every page carries: the secrets page lists them with their ranges and categories.
    frontmatter({ title: `${label} of ${total}`, slug, description, sidebar: { hidden: true }, head }),
    `${text(`${label} of ${total}, by category, then name.`)} Who can decrypt what and each host's access: ${link(ctx.router.href({ kind: 'secrets' }), 'the secrets overview')}.`,
    '',
    nav,
    '',
    ...secretSections(ctx, chunk, access),
    nav,
  ];
  return { path: `${slug}.md`, content: `${lines.join('\n')}\n` };
}

/**
 * The sections of `secrets` under a heading per category.
 * @param access each host's access, on a page of secrets, where each section also names the hosts it is over-granted to or missing on
 */
function secretSections(ctx: RenderContext, secrets: Secret[], access?: Map<string, HostAccess>): string[] {
  const lines: string[] = [];
  for (const category of [...new Set(secrets.map((s) => s.category))]) {
    lines.push(`## ${mdText(category)}`, '');
    for (const s of secrets.filter((x) => x.category === category)) lines.push(...renderSecret(ctx, s, access), '');
  }
  return lines;
}

/** Links to the sections of `ids`, the first `max` of them, then how many more. */
function secretLinks(ctx: RenderContext, ids: string[], max: number): string {
  const shown = ids.slice(0, max).map((id) => link(ctx.router.href({ kind: 'secret', id: id }), id));
  return ids.length > max ? `${shown.join(', ')} ${text(`and ${ids.length - max} more`)}` : shown.join(', ');
}

/**
 * Cross-references left out of search: the secret ids a host can read or a recipient opens. Each
 * secret's own section lists its recipients, so search finds the same pairs there; repeated in these
 * tables they made up a quarter of the page's search fragment (fetched whenever the page is a
 * result) at 1,000 secrets.
 */
function unindexed(html: string): string {
  return `<span data-pagefind-ignore>${html}</span>`;
}

/** The one-line summary of a host's access: `can read 14, uses 9, 5 over-granted`. */
export function accessSummary(a: HostAccess): string {
  const parts = [`can read ${a.canRead.length}`, `uses ${a.uses.length}`, `${a.overGranted.length} over-granted`];
  if (a.missing.length) parts.push(`${a.missing.length} used but not readable`);
  return parts.join(', ');
}

/**
 * Secrets by recipient: ✓ where the key can decrypt, and for host keys whether the host uses it,
 * holds it without using it (over-granted) or uses it without being able to decrypt it (missing).
 * The first column stays in place while the table scrolls inside its box.
 */
function accessMatrix(ctx: RenderContext): string[] {
  const { secrets, recipients } = ctx.model.secrets;
  const hostOf = new Map(recipients.filter((r) => r.owner === 'host').map((r) => [r.id, ctx.model.hosts.find((h) => h.name === r.id || r.names.includes(h.name))?.name]));
  const cell = (s: Secret, r: string): string => {
    if (s.recipients === null) return '<td class="fd-unknown" title="computed at evaluation time">?</td>';
    const host = hostOf.get(r);
    const can = s.recipients.includes(r);
    const uses = host !== undefined && s.usedBy.some((u) => u.host === host);
    if (can && uses) return '<td class="fd-used" title="can decrypt, and the host uses it">●</td>';
    if (can && host !== undefined) return '<td class="fd-over" title="over-granted: can decrypt, but the host does not use it">✓</td>';
    if (can) return '<td title="can decrypt">✓</td>';
    // A host with two keys (SSH and age) is missing a secret only when neither key can decrypt it.
    const hostCan = [...hostOf].some(([id, h]) => h === host && s.recipients!.includes(id));
    if (uses && !hostCan) return '<td class="fd-missing" title="the host uses it but none of its keys can decrypt it">✗</td>';
    return '<td></td>';
  };
  const out = [
    '<p class="fd-legend"><span class="fd-used">●</span> host can decrypt and uses it · <span class="fd-over">✓</span> over-granted: can decrypt, does not use · ✓ can decrypt · <span class="fd-missing">✗</span> uses it, cannot decrypt</p>',
    // Out of search, like the id lists below: each secret's section names its recipients, and the
    // matrix's vertical headings ran together into one word (`Secretbartlebycronut…`).
    '<div class="fd-matrix" tabindex="0" role="region" aria-label="Who can decrypt which secret" data-pagefind-ignore>',
    '<table class="fd-matrix-table">',
    `<thead><tr><th>Secret</th>${recipients.map((r) => `<th><span class="fd-vertical">${text(r.id)}</span></th>`).join('')}</tr></thead>`,
    '<tbody>',
  ];
  for (const s of secrets) out.push(`<tr><th scope="row">${link(ctx.router.href({ kind: 'secret', id: s.id }), s.id)}</th>${recipients.map((r) => cell(s, r.id)).join('')}</tr>`);
  out.push('</tbody>', '</table>', '</div>');
  return out;
}

/**
 * One secret's section.
 * @param access each host's access, on a page of secrets: the section then names the hosts it is over-granted to or missing on
 */
function renderSecret(ctx: RenderContext, s: Secret, access?: Map<string, HostAccess>): string[] {
  const hostsWhere = (pick: (a: HostAccess) => string[]) => [...(access ?? [])].filter(([, a]) => pick(a).includes(s.id)).map(([h]) => link(ctx.router.href({ kind: 'host', name: h }), h));
  const over = hostsWhere((a) => a.overGranted);
  const missing = hostsWhere((a) => a.missing);
  const out = [
    `<h3 ${attr('id', ctx.router.anchor({ kind: 'secret', id: s.id })!)}><code>${text(s.id)}</code></h3>`,
    '',
    `${badge(s.backend, 'note')} ${s.usedBy.length ? '' : badge('no use found', 'caution')}`,
    '',
    '<dl class="fd-facts">',
    // Labels out of search: the same on every secret, and Pagefind glued each to its value
    // (`Recipientshost0`); so is the declaration's place, the same file for every agenix secret.
    `<dt data-pagefind-ignore>Encrypted file</dt><dd><code>${text(s.file)}</code></dd>`,
    `<dt data-pagefind-ignore>Recipients</dt><dd>${s.recipients === null ? 'computed at evaluation time' : text(s.recipients.join(', ') || 'nobody')}</dd>`,
    `<dt data-pagefind-ignore>Declared in</dt><dd data-pagefind-ignore>${sourceLink(ctx, s.source)}</dd>`,
    ...(over.length ? [`<dt data-pagefind-ignore>Over-granted to</dt><dd>${over.join(', ')}</dd>`] : []),
    ...(missing.length ? [`<dt data-pagefind-ignore>Used without a key by</dt><dd>${missing.join(', ')}</dd>`] : []),
    '</dl>',
  ];
  if (s.usedBy.length) {
    out.push('', '| Host | Name | Owner | Mode | Path | Declared in |', '| --- | --- | --- | --- | --- | --- |');
    for (const u of s.usedBy) {
      out.push(
        `| ${link(ctx.router.href({ kind: 'host', name: u.host }), u.host)} | <code>${text(u.name)}</code> | ${text(u.owner ?? '—')} | ${text(u.mode ?? '—')} | ${text(u.path ?? '—')} | ${sourceLink(ctx, u.source)} |`,
      );
    }
  }
  return out;
}

/** The graph of which host uses which secret; `hosts` are the hosts that use one. */
function usageGraph(ctx: RenderContext, secrets: Secret[], hosts: Set<string>): string {
  const lines = ['flowchart LR'];
  for (const h of hosts) {
    lines.push(`  ${mermaidId('h', h)}[${mermaidLabel(h)}]`, `  click ${mermaidId('h', h)} href "${ctx.router.href({ kind: 'host', name: h })}"`);
  }
  for (const s of secrets) {
    // A rounded rectangle, not a stadium: mermaid draws stadiums as ~42 KB paths each (see heavyShapes).
    lines.push(`  ${mermaidId('s', s.id)}(${mermaidLabel(s.id)})`);
    for (const u of s.usedBy) lines.push(`  ${mermaidId('h', u.host)} --> ${mermaidId('s', s.id)}`);
  }
  return lines.join('\n');
}
