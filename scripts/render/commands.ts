/**
 * The Commands page: what the flake itself offers to run (its development shells and the commands they
 * put on the PATH, its apps, its packages), each with what it does and where it is written; and the
 * rows the runbooks show of those commands that belong to their task.
 */
import type { FlakeCommands, ShellCommand } from '../model/commands.ts';
import { refLink, type RenderContext, sourceLink } from './context.ts';
import { frontmatter, type GeneratedPage, text } from './mdx.ts';
import { flakeAttr } from './hosts.ts';

/** Whether the flake offers anything to run: the page exists only then. */
export function hasCommands(commands: FlakeCommands | undefined): commands is FlakeCommands {
  return !!commands && (commands.shells.length > 0 || commands.apps.length > 0 || commands.packages.length > 0);
}

/** Inline code for a table cell (a `|` inside stays in the cell). */
const code = (value: string) => `<code>${text(value)}</code>`;
const where = (ctx: RenderContext, loc: ShellCommand['source']) => (loc ? sourceLink(ctx, loc) : '—');

/** How to enter a development shell: `nix develop` for the default one, `nix develop .#name` for another. */
export function developCommand(shell: string): string {
  return shell === 'default' ? 'nix develop' : `nix develop .#${flakeAttr(shell)}`;
}

/** Renders the Commands page, or nothing when the flake offers nothing to run. */
export function renderCommands(ctx: RenderContext): GeneratedPage[] {
  const commands = ctx.model.commands;
  if (!hasCommands(commands)) return [];
  const lines = [
    frontmatter({ title: 'Commands', slug: ctx.router.slug({ kind: 'commands' }), description: "The flake's own development shells, apps and packages.", sidebar: { order: 50, label: "This flake's commands" } }),
    "What this flake offers to run, read from its outputs without running anything: the commands of its development shells, its apps and its packages. The runbooks link here where one of them does their job.",
    '',
  ];
  if (commands.shells.length) {
    lines.push('## Development shells', '');
    for (const s of commands.shells) {
      lines.push(`### ${text(s.name)}`, '');
      const facts = [`Enter it with ${code(developCommand(s.name))}`, s.builder ? `made by ${code(s.builder)}` : null, s.source ? `defined in ${where(ctx, s.source)}` : null, s.systems.length ? `for ${s.systems.map(code).join(', ')}` : null];
      lines.push(`<p>${facts.filter(Boolean).join(' · ')}.</p>`, '');
      if (s.commands.length) {
        lines.push('| Command | What it does | Runs | Defined in |', '| --- | --- | --- | --- |');
        for (const c of s.commands) lines.push(`| ${code(c.name)} | ${text(c.help ?? '—')} | ${c.command ? code(c.command) : '—'} | ${where(ctx, c.source)} |`);
        lines.push('');
      }
      if (s.tools.length) lines.push(`<p>${text('Also on the PATH: ')}${s.tools.map(code).join(', ')}.</p>`, '');
      if (s.shellHook) lines.push(`<p>${text('A shell hook runs on entry: ')}${where(ctx, s.shellHook)}.</p>`, '');
    }
  }
  if (commands.apps.length) {
    lines.push('## Apps', '', '| App | What it does | Run | Program | Defined in |', '| --- | --- | --- | --- | --- |');
    for (const a of commands.apps) lines.push(`| ${code(a.name)} | ${text(a.description ?? '—')} | ${code(`nix run .#${flakeAttr(a.name)}`)} | ${a.program ? code(a.program) : '—'} | ${where(ctx, a.source)} |`);
    lines.push('');
  }
  if (commands.packages.length) {
    lines.push('## Packages', '', '| Package | What it is | Build | Made by | Defined in |', '| --- | --- | --- | --- | --- |');
    for (const p of commands.packages) lines.push(`| ${code(p.name)} | ${text(p.description ?? '—')} | ${code(`nix build .#${flakeAttr(p.name)}`)} | ${p.builder ? code(p.builder) : '—'} | ${where(ctx, p.source)} |`);
    lines.push('');
  }
  return [{ path: `${ctx.router.slug({ kind: 'commands' })}.md`, content: `${lines.join('\n')}\n` }];
}

/**
 * The flake's commands that do a runbook's job (their name, description or command line matches
 * `topic`), as a section linking to the Commands page; nothing when none does.
 * @param topic what the runbook is about (`/deploy|rebuild/`)
 */
export function commandsFor(ctx: RenderContext, topic: RegExp): string[] {
  const commands = ctx.model.commands;
  if (!hasCommands(commands)) return [];
  const rows: string[] = [];
  for (const s of commands.shells) {
    for (const c of s.commands) {
      if (topic.test(`${c.name} ${c.help ?? ''} ${c.command ?? ''}`)) rows.push(`| ${code(c.name)} | ${text(c.help ?? '—')} | ${code(`${developCommand(s.name)} -c ${c.name}`)} |`);
    }
  }
  for (const a of commands.apps) if (topic.test(`${a.name} ${a.description ?? ''}`)) rows.push(`| ${code(a.name)} | ${text(a.description ?? '—')} | ${code(`nix run .#${flakeAttr(a.name)}`)} |`);
  if (!rows.length) return [];
  return ["## This flake's commands", '', `<p>${text('The flake has its own commands for this (all of them are on ')}${refLink(ctx, { kind: 'commands' }, 'the Commands page')}${text('):')}</p>`, '', '| Command | What it does | Run |', '| --- | --- | --- |', ...rows, ''];
}
