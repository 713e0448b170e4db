/** Descriptions rendered again (every page after a `dev` edit) reuse earlier renderings only while their option links resolve the same. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownToHtml } from '../../scripts/render/markdown.ts';

test('the same text gives the rendering its option links call for, whatever was rendered before', () => {
  const source = 'Needs {option}`reuse.a` and {option}`reuse.b`; *emphasis* stays.';
  const asCode = '<p>Needs <code>reuse.a</code> and <code>reuse.b</code>; <em>emphasis</em> stays.</p>';
  assert.equal(markdownToHtml(source), asCode, 'no linker: code');
  const calls: string[] = [];
  const toA = (name: string) => {
    calls.push(name);
    return name === 'reuse.a' ? '/options/nixos/a/#reuse.a' : undefined;
  };
  const linkedA = '<p>Needs <a href="/options/nixos/a/#reuse.a"><code>reuse.a</code></a> and <code>reuse.b</code>; <em>emphasis</em> stays.</p>';
  assert.equal(markdownToHtml(source, toA), linkedA, 'a linker after a rendering without one links');
  assert.deepEqual(calls, ['reuse.a', 'reuse.a', 'reuse.b'], 'the earlier rendering was checked against the linker, then rendered anew');
  calls.length = 0;
  assert.equal(markdownToHtml(source, toA), linkedA);
  assert.deepEqual(calls, ['reuse.a', 'reuse.b'], 'reused: only its links were looked up again');
  // The option moved to another page: the link follows.
  assert.equal(markdownToHtml(source, (name) => (name === 'reuse.a' ? '/options/nixos/moved/#reuse.a' : undefined)), linkedA.replace('/a/', '/moved/'));
  assert.equal(markdownToHtml(source, () => undefined), asCode, 'the option gone: code again');
  assert.equal(markdownToHtml('No roles here.', toA), '<p>No roles here.</p>');
});
