/**
 * Every link the renderer makes leads to a page this build generates: each fixture flake (and the
 * sample flake) is extracted and rendered, and every internal link of every generated page is resolved
 * against the generated pages and their ids, before Astro runs.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { extractFlake } from '../../scripts/extract/index.ts';
import { resolveIdentity } from '../../scripts/identity.ts';
import { Progress } from '../../scripts/log.ts';
import { checkGeneratedLinks } from '../../scripts/render/generated-links.ts';
import { renderSite } from '../../scripts/render/index.ts';
import { contentUrls } from '../../scripts/site/content-urls.ts';
import { FLAKES } from './fixture-flakes.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
for (const flake of FLAKES) {
  test(`every generated link resolves: ${path.relative(ROOT, flake)}`, async () => {
    const identity = resolveIdentity(ROOT, flake);
    const result = await extractFlake(identity.flake, identity.config, new Progress(true));
    const pages = renderSite(result.model, identity.config);
    const problems = checkGeneratedLinks(pages, identity.config.base, { urls: contentUrls(ROOT, identity.config.base) });
    assert.deepEqual(problems.slice(0, 10), []);
    // Each path is generated once.
    assert.equal(new Set(pages.map((p) => p.path)).size, pages.length);
  });
}

test('a generated link to a page or anchor that is not generated is reported with its generator', () => {
  const page = (p: string, slug: string, body: string) => ({ path: p, generator: 'scripts/render/hosts.ts', content: `---\ntitle: "x"\nslug: "${slug}"\n---\n${body}\n` });
  const pages = [
    page('hosts/a.md', 'hosts/a', '## Here\n\n<a href="/hosts/b/">b</a> <a href="/hosts/a/#here">ok</a> <a href="/hosts/a/#gone">gone</a> <a href="/options.json">json</a>\n\n```mermaid\nflowchart LR\n  click x href "/maintenance/rebuild-and-deploy/"\n```'),
  ];
  assert.deepEqual(
    checkGeneratedLinks(pages, '/').map((p) => `${p.page} ${p.generator} ${p.link}: ${p.reason}`),
    [
      '/hosts/a/ scripts/render/hosts.ts /hosts/b/: no generated page has this path',
      '/hosts/a/ scripts/render/hosts.ts /hosts/a/#gone: no element with id "gone" on /hosts/a/',
      '/hosts/a/ scripts/render/hosts.ts /maintenance/rebuild-and-deploy/: no generated page has this path',
    ],
  );
});
