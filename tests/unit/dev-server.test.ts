/** What keeps `dev` serving while the flake changes: the live sidebar, and `--port` that names who holds it. */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { checkPort } from '../../scripts/site/port.ts';
import { flattenLinks, liveSections } from '../../scripts/site/sidebar-live.ts';
import { pageInfo, type PageInfo } from '../../scripts/site/sidebar.ts';

test('the live sidebar lists the pages that exist now, in order, and marks the current one', () => {
  const pages = [
    pageInfo('hosts/bartleby', { title: 'bartleby' }),
    pageInfo('hosts', { title: 'Hosts', sidebar: { order: 0 } }),
    pageInfo('guides/b', { title: 'B' }),
    pageInfo('guides/a', { title: 'Zed', sidebar: { order: 1 } }),
    pageInfo('guides/hidden', { title: 'Hidden', sidebar: { hidden: true } }),
    pageInfo('elsewhere', { title: 'Not in a section' }),
  ].filter((p): p is PageInfo => !!p);
  const groups = liveSections(pages, '/docs/', '/docs/guides/b/');
  assert.deepEqual(
    groups.map((g) => [g.label, g.entries.map((e) => `${e.label} ${e.href}${e.isCurrent ? ' (current)' : ''}`)]),
    [
      ['Guides', ['Zed /docs/guides/a/', 'B /docs/guides/b/ (current)']],
      ['Hosts', ['Hosts /docs/hosts/', 'bartleby /docs/hosts/bartleby/']],
    ],
  );
  assert.equal(flattenLinks(groups).length, 4);
  // A host page removed by a syntax error is simply not listed.
  assert.deepEqual(
    liveSections(pages.filter((p) => p.slug !== 'hosts/bartleby'), '/', '/').map((g) => g.entries.map((e) => e.href)),
    [['/guides/a/', '/guides/b/'], ['/hosts/']],
  );
});

test('--port: a free port passes; a taken one says it is in use and by which process', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const message = await checkPort(port, '127.0.0.1');
    assert.match(message ?? '', new RegExp(`^port ${port} is already in use by \\S+ \\(pid ${process.pid}\\)$`));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  assert.equal(await checkPort(port, '127.0.0.1'), undefined);
});
