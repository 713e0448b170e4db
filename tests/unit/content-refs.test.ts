/** The site's own content/ pages: live-data references checked against the flake, with the page's file:line. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { checkContentRefs, contentPages } from '../../scripts/site/content-refs.ts';

test('unknown references in hand-written pages are errors at their line in the file; generated pages are not read', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-content-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  try {
    write('content/ops/a.md', '---\ntitle: A\n---\n\nFine: [web](host:web).\n\nBroken: [db](host:dbb) and [x](option:x.enabel).\n');
    write('content/ops/b.mdx', '---\ntitle: B\n---\n\n<HostList class="nixos" />\n\n<RebuildCommand host="wbe" />\n');
    write('content/generated/c.md', '[gone](host:gone)\n');
    assert.deepEqual(contentPages(root), ['content/ops/a.md', 'content/ops/b.mdx']);
    const names = { host: ['web', 'db'], option: ['x.enable'], secret: [], ticket: [], profile: [] };
    assert.deepEqual(checkContentRefs(root, names), [
      'content/ops/a.md:7:9 - error: the page refers to host "dbb", which the flake does not have; did you mean "db", "web"?',
      'content/ops/a.md:7:28 - error: the page refers to option "x.enabel", which the flake does not have; did you mean "x.enable"?',
      'content/ops/b.mdx:7:1 - error: the page refers to host "wbe", which the flake does not have; did you mean "db", "web"?',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
