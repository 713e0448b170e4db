/**
 * What Nix sees of a git checkout: only files in git's index exist for import, readFile, readDir and
 * pathExists. The flake is built at test time in a temporary git repository (one tracked module, one
 * untracked module and one untracked text file), since this repository's own fixtures are all tracked.
 */
import assert from 'node:assert/strict';
import fs, { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import git from 'isomorphic-git';
import { extractHosts } from '../../scripts/extract/hosts.ts';
import { extractOptions } from '../../scripts/extract/options.ts';
import { createEngine, getAttr, type Value } from '../../scripts/nix/index.ts';

const CANARY = 'UNTRACKED-CANARY-7f3a';

const FILES: Record<string, string> = {
  'flake.nix': `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";
  outputs = { self, nixpkgs }: {
    nixosConfigurations.wren = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ ./wren.nix ] ++ (if builtins.pathExists ./local.nix then [ ./local.nix ] else [ ]);
    };
  };
}
`,
  'wren.nix': `{ ... }:
{
  networking.hostName = "wren";
  users.users.root.description = if builtins.pathExists ./note.txt then builtins.readFile ./note.txt else "none";
  environment.etc.files.text = builtins.concatStringsSep "," (builtins.attrNames (builtins.readDir ./.));
}
`,
  'local.nix': `{ ... }:
{
  users.users.root.description = "${CANARY}";
}
`,
  'note.txt': `${CANARY}\n`,
};

async function makeRepo(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-git-view-'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(dir, name), text);
  await git.init({ fs, dir });
  for (const name of ['flake.nix', 'wren.nix']) await git.add({ fs, dir, filepath: name });
  return dir;
}

test('git checkout: untracked files do not exist for import, readFile, readDir and pathExists; one note names them', async () => {
  const dir = await makeRepo();
  try {
    const engine = await createEngine({ root: dir });
    const options = extractOptions(engine);
    const r = extractHosts(engine, options.options, {});
    assert.deepEqual(r.hosts.map((h) => [h.name, h.modules.flatMap((m) => (m.kind === 'file' ? [m.path] : []))]), [['wren', ['wren.nix']]]);
    const configs = getAttr(engine.evalFlake().outputs, 'nixosConfigurations')!.force();
    const modules = getAttr(getAttr(configs, 'wren')!.force(), 'modules')!.force();
    const config = engine.evalModules({ modules: modules.kind === 'list' ? modules.items : [], file: 'flake.nix' }).config;
    const at = (...p: string[]) => p.reduce<Value>((v, k) => getAttr(v, k)!.force(), config);
    // As Nix evaluates it: pathExists is false for the untracked files, readDir lists only tracked ones.
    assert.deepEqual(at('users', 'users', 'root', 'description'), { kind: 'string', value: 'none' });
    assert.deepEqual(at('environment', 'etc', 'files', 'text'), { kind: 'string', value: 'flake.nix,wren.nix' });
    assert.deepEqual(engine.files(), ['flake.nix', 'wren.nix']);
    const diagnostics = [...engine.diagnostics, ...options.diagnostics, ...r.diagnostics].map((d) => `${d.severity} ${d.location?.file} ${d.code}: ${d.message}`);
    assert.deepEqual(diagnostics, [
      "info local.nix nix/untracked: 2 files are not tracked by git, so Nix's flake evaluation does not see them and they are not read: local.nix, note.txt",
    ]);
    assert.equal(engine.sourceOf({ file: 'note.txt', line: 1, column: 1 }), undefined);
    assert.ok(!JSON.stringify({ hosts: r.hosts, options: options.options }).includes(CANARY));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('outside git every file of the flake is seen', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-no-git-'));
  try {
    for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(dir, name), text);
    const engine = await createEngine({ root: dir });
    assert.deepEqual(engine.files(), ['flake.nix', 'local.nix', 'wren.nix']);
    assert.equal(engine.diagnostics.filter((d) => d.code === 'nix/untracked').length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
