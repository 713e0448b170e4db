/**
 * Hostile input, special files: FIFOs read with `builtins.readFile` and `import`, a FIFO among the
 * sops files, a FIFO as the roadmap and as flake.lock, and symlinks out of the flake. Reading any of
 * them would block forever or leak a file of the build machine: they are skipped with a note.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { readRegularFile } from '../../scripts/nix/fs-guard.ts';
import { diagnosticLines, extract, scratchFlake } from './hostile-helpers.ts';

const mkfifo = (p: string) => execFileSync('mkfifo', [p]);

test('fs-guard: only regular files inside the root are read', { timeout: 10_000 }, async () => {
  const root = scratchFlake('hostile-fifo');
  mkfifo(path.join(root, 'fifo'));
  symlinkSync('/etc/hostname', path.join(root, 'out-link'));
  symlinkSync('modules/good.nix', path.join(root, 'in-link'));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path.join(root, 'sock'), resolve));
  try {
    const summary = (abs: string, withRoot = true) => {
      const r = readRegularFile(abs, withRoot ? root : undefined);
      return r.ok ? `text ${r.text.length}` : `${r.missing ? 'missing' : 'refused'}: ${r.reason}`;
    };
    assert.deepEqual(
      {
        fifo: summary(path.join(root, 'fifo')),
        socket: summary(path.join(root, 'sock')),
        dir: summary(path.join(root, 'modules')),
        device: summary('/dev/zero', false),
        outLink: summary(path.join(root, 'out-link')),
        inLink: summary(path.join(root, 'in-link')),
        missing: summary(path.join(root, 'nope')),
      },
      {
        fifo: 'refused: is a FIFO, not a regular file',
        socket: 'refused: is a socket, not a regular file',
        dir: 'refused: is a directory, not a regular file',
        device: 'refused: is a character device, not a regular file',
        outLink: 'refused: is a symlink to a file outside the flake',
        inLink: `text ${readFileSync(path.join(root, 'modules', 'good.nix'), 'utf8').length}`,
        missing: 'missing: does not exist',
      },
    );
  } finally {
    server.close();
  }
});

test('FIFOs in the flake: readFile, import, sops files, roadmap and flake.lock are skipped with a note, never block', { timeout: 30_000 }, async () => {
  const root = scratchFlake('hostile-fifo');
  mkfifo(path.join(root, 'modules', 'pipe'));
  mkfifo(path.join(root, 'modules', 'pipe.nix'));
  mkfifo(path.join(root, 'secrets', 'fifo.yaml'));
  mkfifo(path.join(root, 'flake.lock'));
  mkdirSync(path.join(root, 'docs'));
  mkfifo(path.join(root, 'docs', 'tickets.md'));
  symlinkSync('/etc/hostname', path.join(root, 'secrets', 'leak.yaml'));
  const x = await extract(root);
  assert.deepEqual(
    x.model.options.map((o) => `${o.name} ${o.default?.text} ${o.computed.join(',')}`),
    ['hostile.good.enable false ', 'hostile.reader.imported import ./pipe.nix default', 'hostile.reader.motd builtins.readFile ./pipe default'],
  );
  assert.deepEqual(diagnosticLines(x.model.diagnostics, (d) => /not-read|nix\/import/.test(d.code)), [
    'modules/pipe.nix:1:1 info nix/not-read modules/pipe.nix was not read: it is a FIFO, not a regular file',
    'modules/reader.nix:6:15 info nix/not-read readFile: modules/pipe was not read: it is a FIFO, not a regular file',
    'modules/reader.nix:11:15 warning nix/import cannot import modules/pipe.nix: it is a FIFO, not a regular file',
    'secrets/fifo.yaml:1:1 info secrets/not-read secrets/fifo.yaml was not read: it is a FIFO, not a regular file',
    'secrets/leak.yaml:1:1 info secrets/not-read secrets/leak.yaml was not read: it is a symlink to a file outside the flake',
  ]);
  assert.equal(x.model.roadmap, null);
  assert.deepEqual(
    x.model.secrets.secrets.filter((s) => s.backend === 'sops').map((s) => `${s.file} ${s.id}`),
    ['secrets/ok.yaml db/password'],
  );
});

test('readFile through a symlink that leaves the flake is refused', { timeout: 10_000 }, async () => {
  const root = scratchFlake('hostile-fifo');
  symlinkSync('/etc', path.join(root, 'modules', 'etc'));
  symlinkSync('/etc/hostname', path.join(root, 'modules', 'pipe'));
  writeFileSync(path.join(root, 'modules', 'pipe.nix'), '{ }\n');
  const x = await extract(root);
  const motd = x.model.options.find((o) => o.name === 'hostile.reader.motd')!;
  assert.deepEqual(motd.computed, ['default']);
  assert.equal(motd.default?.text, 'builtins.readFile ./pipe');
});
