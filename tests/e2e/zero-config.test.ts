/**
 * A new user's flake, built with the shipped flake-docs.config.json (which describes the sample) and
 * no settings of its own: the title comes from its flake.nix, the source links from its git remote,
 * and no page says anything of the sample's machines or repository.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { suiteSkip } from './harness.ts';
import { buildInSandbox, filesContaining, type SandboxBuild } from './sandbox.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('a flake with a git remote and no configuration of its own', { skip: suiteSkip() }, () => {
  let repo: string;
  let build: SandboxBuild;
  before(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-zero-e2e-'));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      writeFileSync(path.join(repo, file), text);
    };
    write('nix/flake.nix', [
      '{',
      '  description = "Lab machines of someone";',
      '  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";',
      '  outputs = { self, nixpkgs, ... }: {',
      '    nixosConfigurations.alpha = nixpkgs.lib.nixosSystem { system = "x86_64-linux"; modules = [ ./hosts/alpha.nix ]; };',
      '    darwinConfigurations.mini = { system = "aarch64-darwin"; modules = [ ]; };',
      '  };',
      '}',
    ].join('\n'));
    write('nix/hosts/alpha.nix', '{ ... }: {\n  boot.loader.grub.enable = true;\n  boot.loader.grub.device = "/dev/vda";\n  fileSystems."/" = { device = "/dev/vda1"; fsType = "ext4"; };\n}\n');
    execFileSync('git', ['-C', repo, 'init', '-q', '-b', 'main']);
    execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', 'git@github.com:someone/flake.git']);
    const shipped = JSON.parse(readFileSync(path.join(ROOT, 'flake-docs.config.json'), 'utf8')) as Record<string, unknown>;
    build = buildInSandbox(path.join(repo, 'nix'), shipped);
  });
  after(() => {
    build?.remove();
    rmSync(repo, { recursive: true, force: true });
  });

  test('the build says where its title and repository came from, and passes its link check', () => {
    assert.equal(build.status, 0, build.output);
    assert.match(build.output, /title "Lab machines of someone" from flake\.nix description; repository https:\/\/github\.com\/someone\/flake \(branch main, folder nix\) from git remote origin; no guides folder/);
    assert.match(build.output, /✓ check links \(\d+ ms\) \d+ internal links in \d+ pages, 0 broken/);
  });

  test("pages carry the flake's own title and source links, and nothing of the sample", () => {
    const dist = path.join(build.root, 'dist');
    assert.match(readFileSync(path.join(dist, 'index.html'), 'utf8'), /<title>Lab machines of someone<\/title>/);
    assert.match(readFileSync(path.join(dist, 'hosts/alpha/index.html'), 'utf8'), /href="https:\/\/github\.com\/someone\/flake\/blob\/main\/nix\/flake\.nix#L5"/);
    assert.match(readFileSync(path.join(dist, 'recovery/hosts/alpha/index.html'), 'utf8'), /If it does not boot \(GRUB\)/);
    const sample = /miscguy|rich-evans|marshmallow|bartleby|total-eclipse|cronut|example\/systems|BART-1|Systems flake/;
    assert.deepEqual(filesContaining(dist, sample), []);
    assert.deepEqual(filesContaining(path.join(build.root, 'content'), sample), []);
  });
});
