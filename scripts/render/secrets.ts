/**
 * The secrets page: who can decrypt what (a matrix of secrets by recipient), which host declares
 * which secret, and the sops creation rules. Only names and public keys ever reach it.
 */
import type { Secret } from '../model/index.ts';
import { badge, mermaidId, mermaidLabel, type RenderContext, sourceLink } from './context.ts';
import { secretAnchor } from './hosts.ts';
import { attr, frontmatter, type GeneratedPage, link, mdText, mermaid, text } from './mdx.ts';

/** Renders the secrets page. */
export function renderSecrets(ctx: RenderContext): GeneratedPage[] {
  const { secrets, recipients, sopsRules, tools } = ctx.model.secrets;
  const lines = [
    frontmatter({ title: 'Secrets', slug: ctx.router.slug({ kind: 'secrets' }), description: 'Which host and key can decrypt which secret, and which host uses it.', sidebar: { order: 0 } }),
  ];
  if (!secrets.length) {
    lines.push('The flake declares no secrets (no `secrets.nix` for agenix, no `.sops.yaml` rules for sops-nix).');
    return [{ path: 'secrets/index.mdx', content: `${lines.join('\n')}\n` }];
  }
  lines.push(
    `${text(String(secrets.length))} secrets, managed with ${text(tools.join(' and '))}. This page is built from recipient lists and declarations only: no secret is decrypted and no encrypted payload is copied.`,
    '',
    '## Who can decrypt what',
    '',
  );
  const cols = recipients.map((r) => r.id);
  lines.push('<div class="fd-matrix">', '');
  lines.push(`| Secret | ${cols.map((c) => `<span class="fd-vertical">${text(c)}</span>`).join(' | ')} |`, `| --- | ${cols.map(() => ':---:').join(' | ')} |`);
  for (const s of secrets) {
    const cells = cols.map((c) => (s.recipients === null ? '?' : s.recipients.includes(c) ? '✓' : ''));
    lines.push(`| ${link(`#${secretAnchor(s.id)}`, s.id)} | ${cells.join(' | ')} |`);
  }
  lines.push('', '</div>');
  lines.push('', '## Recipients', '', '| Recipient | Kind | Key |', '| --- | --- | --- |');
  for (const r of recipients) {
    const name = r.owner === 'host' && ctx.model.hosts.some((h) => h.name === r.id) ? link(ctx.router.href({ kind: 'host', name: r.id }), r.id) : text(r.id);
    lines.push(`| ${name} | ${text(r.owner)} | <code>${text(`${r.keyType} ${r.fingerprint}`)}</code> |`);
  }
  lines.push('', '## Hosts and the secrets they use', '', mermaid(usageGraph(ctx, secrets)));
  const categories = [...new Set(secrets.map((s) => s.category))];
  for (const category of categories) {
    lines.push(`## ${mdText(category)}`, '');
    for (const s of secrets.filter((x) => x.category === category)) lines.push(...renderSecret(ctx, s), '');
  }
  if (sopsRules.length) {
    lines.push('## sops creation rules', '', '| Path pattern | Key groups | Files | Rule |', '| --- | --- | --- | --- |');
    for (const r of sopsRules) {
      lines.push(
        `| <code>${text(r.pathRegex)}</code> | ${r.keyGroups.map((g) => text(g.join(', '))).join('<br />')} | ${r.files.map((f) => `<code>${text(f)}</code>`).join(' ') || '—'} | ${sourceLink(ctx, r.source)} |`,
      );
    }
  }
  return [{ path: 'secrets/index.mdx', content: `${lines.join('\n')}\n` }];
}

function renderSecret(ctx: RenderContext, s: Secret): string[] {
  const out = [
    `<h3 ${attr('id', secretAnchor(s.id))}><code>${text(s.id)}</code></h3>`,
    '',
    `${badge(s.backend, 'note')} ${s.usedBy.length ? '' : badge('not used by any host', 'caution')}`,
    '',
    '<dl class="fd-facts">',
    `<dt>Encrypted file</dt><dd><code>${text(s.file)}</code></dd>`,
    `<dt>Recipients</dt><dd>${s.recipients === null ? 'computed at evaluation time' : text(s.recipients.join(', ') || 'nobody')}</dd>`,
    `<dt>Declared in</dt><dd>${sourceLink(ctx, s.source)}</dd>`,
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

function usageGraph(ctx: RenderContext, secrets: Secret[]): string {
  const lines = ['flowchart LR'];
  const hosts = new Set(secrets.flatMap((s) => s.usedBy.map((u) => u.host)));
  for (const h of hosts) {
    lines.push(`  ${mermaidId('h', h)}[${mermaidLabel(h)}]`, `  click ${mermaidId('h', h)} href "${ctx.router.href({ kind: 'host', name: h })}"`);
  }
  for (const s of secrets) {
    lines.push(`  ${mermaidId('s', s.id)}([${mermaidLabel(s.id)}])`);
    for (const u of s.usedBy) lines.push(`  ${mermaidId('h', u.host)} --> ${mermaidId('s', s.id)}`);
  }
  return lines.join('\n');
}
