/** The diagnostics page: every problem found in the flake, by file, with links to the source. */
import { summarize, visibleText } from '../diagnostics.ts';
import { badge, type RenderContext, sourceLink } from './context.ts';
import { frontmatter, type GeneratedPage, text } from './mdx.ts';

const VARIANT = { error: 'danger', warning: 'caution', info: 'note' } as const;

/** Renders the diagnostics page. */
export function renderDiagnostics(ctx: RenderContext): GeneratedPage[] {
  const list = ctx.model.diagnostics;
  const lines = [
    frontmatter({ title: 'Diagnostics', slug: ctx.router.slug({ kind: 'diagnostics' }), description: 'What static analysis found in the flake.' }),
    `Static analysis of the flake found ${text(summarize(list))}. Notes mark values only known at evaluation time; \`npm run check -- --strict\` fails on warnings and errors, for the flake's own CI.`,
    '',
  ];
  if (list.length) {
    lines.push('| Where | Severity | Code | Message |', '| --- | --- | --- | --- |');
    for (const d of list) {
      // Messages quote the flake (attribute names, file names): no raw control characters in the page.
      const where = d.location && visibleText(`${d.location.file}:${d.location.line}:${d.location.column}`);
      lines.push(`| ${d.location ? sourceLink(ctx, d.location, where!) : '—'} | ${badge(d.severity, VARIANT[d.severity])} | <code>${text(d.code)}</code> | ${text(visibleText(d.message))} |`);
    }
  }
  return [{ path: 'diagnostics.mdx', content: `${lines.join('\n')}\n` }];
}
