/** `dev`'s watch sees every way a file is written: in place, replace-and-rename, new and deleted files, new folders. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { watchTree } from '../../scripts/watch-tree.ts';

/** Resolves with the next reported path for which `pred` holds, or rejects after 3 s. */
function next(events: string[], pred: (f: string) => boolean): Promise<string> {
  const start = events.length;
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 3000;
    const poll = () => {
      const hit = events.slice(start).find(pred);
      if (hit) return resolve(hit);
      if (Date.now() > deadline) return reject(new Error(`no event; saw ${JSON.stringify(events.slice(start))}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

test('a file saved in place, then by rename over it (twice), a new folder and file, and a deletion are all seen', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'watch-tree-'));
  mkdirSync(path.join(root, 'modules'));
  const file = path.join(root, 'modules', 'a.nix');
  writeFileSync(file, '{ }\n');
  const events: string[] = [];
  const w = watchTree(root, (f) => events.push(f));
  try {
    assert.deepEqual(w.directories(), ['', 'modules']);
    let seen = next(events, (f) => f === 'modules/a.nix');
    writeFileSync(file, '{ a = 1; }\n');
    await seen;
    for (let round = 0; round < 2; round++) {
      seen = next(events, (f) => f === 'modules/a.nix');
      writeFileSync(`${file}.tmp`, `{ a = ${round + 2}; }\n`);
      renameSync(`${file}.tmp`, file);
      await seen;
    }
    // After replace-and-rename the file is still watched: an in-place write is seen too.
    seen = next(events, (f) => f === 'modules/a.nix');
    writeFileSync(file, '{ a = 9; }\n');
    await seen;
    seen = next(events, (f) => f === 'hosts');
    mkdirSync(path.join(root, 'hosts'));
    await seen;
    seen = next(events, (f) => f === 'hosts/new.nix');
    writeFileSync(path.join(root, 'hosts', 'new.nix'), '{ }\n');
    await seen;
    assert.deepEqual(w.directories(), ['', 'hosts', 'modules']);
    seen = next(events, (f) => f === 'modules/a.nix');
    rmSync(file);
    await seen;
    seen = next(events, (f) => f === 'hosts');
    rmSync(path.join(root, 'hosts'), { recursive: true });
    await seen;
    assert.deepEqual(w.directories(), ['', 'modules']);
  } finally {
    w.close();
    rmSync(root, { recursive: true, force: true });
  }
  assert.deepEqual(w.directories(), []);
});

test('a symlink to a folder, there at the start or made while watching, is reported but never followed', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'watch-tree-'));
  const outside = mkdtempSync(path.join(os.tmpdir(), 'watch-outside-'));
  mkdirSync(path.join(outside, 'deep', 'deeper'), { recursive: true });
  mkdirSync(path.join(root, 'modules'));
  symlinkSync(outside, path.join(root, 'early'));
  const events: string[] = [];
  const w = watchTree(root, (f) => events.push(f));
  try {
    assert.deepEqual(w.directories(), ['', 'modules']);
    const seen = next(events, (f) => f === 'late');
    symlinkSync(outside, path.join(root, 'late'));
    await seen;
    // The flake's own new folder is still watched; the link and what it points to are not.
    const own = next(events, (f) => f === 'modules/new');
    mkdirSync(path.join(root, 'modules', 'new'));
    await own;
    assert.deepEqual(w.directories(), ['', 'modules', 'modules/new']);
  } finally {
    w.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});
