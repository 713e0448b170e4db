/** The dev warm-up's crawl: which module URLs a page or a served module leads it to. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moduleUrls } from '../../scripts/site/dev-warmup.ts';

test('module scripts of a page, and the imports of a served module, same origin only', () => {
  const page = new URL('http://localhost:4321/hosts/');
  const html =
    '<script type="module" src="/src/components/TableFilter.astro?astro&amp;type=script&amp;index=0&amp;lang.ts"></script>' +
    '<script src="/classic.js"></script><script type="module" src="https://cdn.example/x.js"></script>';
  assert.deepEqual(moduleUrls(html, page).map(String), ['http://localhost:4321/src/components/TableFilter.astro?astro&type=script&index=0&lang.ts']);
  const js =
    'import { wireFilters } from "/scripts/site/table-filter.ts";\nimport "./side-effect.js";\n' +
    'import x from "/node_modules/.vite/deps/pagefind.js?v=1a2b";\nconst m = import("/src/search/ui.ts");\nimport y from "some-bare-name";';
  assert.deepEqual(moduleUrls(js, new URL('http://localhost:4321/src/components/TableFilter.astro')).map(String), [
    'http://localhost:4321/scripts/site/table-filter.ts',
    'http://localhost:4321/src/components/side-effect.js',
    'http://localhost:4321/node_modules/.vite/deps/pagefind.js?v=1a2b',
    'http://localhost:4321/src/search/ui.ts',
  ]);
});
