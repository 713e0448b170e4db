/** How many diagrams render at once: layout is CPU-bound beside the build, so one per spare core. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mermaidJobs } from '../../scripts/site/mermaid-renderer.ts';

test('diagrams render one at a time on 2 cores, up to 4 at once on more, or as FLAKE_DOCS_MERMAID_JOBS says', () => {
  assert.deepEqual([1, 2, 3, 4, 8, 64].map((cores) => mermaidJobs({}, cores)), [1, 1, 2, 3, 4, 4]);
  assert.equal(mermaidJobs({ FLAKE_DOCS_MERMAID_JOBS: '3' }, 2), 3);
  assert.equal(mermaidJobs({ FLAKE_DOCS_MERMAID_JOBS: 'lots' }, 2), 1);
});
