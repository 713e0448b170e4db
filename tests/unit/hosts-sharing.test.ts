/**
 * Host extraction shares work across hosts: a module file is evaluated once for every host that
 * gives it the same visible arguments, and again only for a host whose arguments it can read differ.
 * Also the option index that matches settings to options (`<name>` and `*` segments).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { extractHosts } from '../../scripts/extract/hosts.ts';
import { moduleArgsKey } from '../../scripts/extract/module-args-key.ts';
import { OptionIndex } from '../../scripts/extract/option-index.ts';
import type { OptionDoc } from '../../scripts/model/options.ts';
import { createEngine, type Value } from '../../scripts/nix/index.ts';

const FLAKE = `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs";
  outputs = { self, nixpkgs, ... }:
    let
      shared = { site = "lab"; };
      mkHost = name: nixpkgs.lib.nixosSystem {
        system = "x86_64-linux";
        specialArgs = { hostName = name; inherit shared; };
        modules = [ ./common.nix ./named.nix ./whole.nix ./plain.nix ];
      };
    in { nixosConfigurations = { a = mkHost "a"; b = mkHost "b"; c = mkHost "c"; }; };
}`;

const FILES: Record<string, string> = {
  'flake.nix': FLAKE,
  // Reads only config and lib: one evaluation for all three hosts.
  'common.nix': `{ config, lib, ... }: { services.common.enable = true; }`,
  // Reads the host's name: one evaluation per host.
  'named.nix': `{ hostName, ... }: { networking.hostName = hostName; }`,
  // Names the whole argument set, so it could read any of them: one per host.
  'whole.nix': `args@{ shared, ... }: { networking.domain = "\${args.hostName}.\${shared.site}"; }`,
  // A plain set: nothing to apply.
  'plain.nix': `{ time.timeZone = "UTC"; }`,
};

test('a module file is evaluated once per distinct set of arguments it can see', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-sharing-'));
  try {
    for (const [rel, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const engine = await createEngine({ root: dir });
    const calls = new Map<string, number>();
    const evalModule = engine.evalModule;
    engine.evalModule = (m: Value, args?: Record<string, Value>) => {
      const file = m.kind === 'lambda' ? m.loc.file : m.kind;
      calls.set(file, (calls.get(file) ?? 0) + 1);
      return evalModule(m, args);
    };
    const { hosts, diagnostics } = extractHosts(engine);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(Object.fromEntries([...calls].sort()), { 'common.nix': 1, 'named.nix': 3, 'whole.nix': 3, attrs: 1 });
    assert.deepEqual(
      hosts.map((h) => [h.name, h.settings.map((s) => `${s.path} = ${s.value}`)]),
      ['a', 'b', 'c'].map((n) => [n, ['services.common.enable = true', `networking.hostName = "${n}"`, `networking.domain = "${n}.lab"`, 'time.timeZone = "UTC"']]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('moduleArgsKey: only the arguments a module can read, plain data by content', async () => {
  const engine = await createEngine({ root: mkdtempSync(path.join(os.tmpdir(), 'flake-docs-argskey-')) });
  const fn = (src: string) => engine.evalString(src);
  const s = (value: string): Value => ({ kind: 'string', value });
  const set: Value = { kind: 'attrs', attrs: new Map() };
  const sameSet: Value = { kind: 'attrs', attrs: new Map() };
  const named = fn('{ hostName, ... }: { }');
  assert.equal(moduleArgsKey(named, { hostName: s('a'), other: s('x') }), moduleArgsKey(named, { hostName: s('a'), other: s('y') }));
  assert.notEqual(moduleArgsKey(named, { hostName: s('a') }), moduleArgsKey(named, { hostName: s('b') }));
  const whole = fn('args@{ ... }: { }');
  assert.notEqual(moduleArgsKey(whole, { other: s('x') }), moduleArgsKey(whole, { other: s('y') }));
  const bare = fn('args: { }');
  assert.notEqual(moduleArgsKey(bare, { other: s('x') }), moduleArgsKey(bare, { other: s('y') }));
  // Sets and functions count by identity: two equal-looking sets are two keys, one set is one key.
  assert.notEqual(moduleArgsKey(bare, { inputs: set }), moduleArgsKey(bare, { inputs: sameSet }));
  assert.equal(moduleArgsKey(bare, { inputs: set }), moduleArgsKey(bare, { inputs: set }));
  // An int and a float of one value differ, as in Nix.
  assert.notEqual(moduleArgsKey(bare, { n: { kind: 'int', value: 1 } }), moduleArgsKey(bare, { n: { kind: 'float', value: 1 } }));
  assert.equal(moduleArgsKey(set, { hostName: s('a') }), '');
});

test('OptionIndex: exact names first, else the first option whose pattern matches', () => {
  const opt = (name: string, loc: string[]): OptionDoc => ({ name, loc }) as unknown as OptionDoc;
  const options = [
    opt('my.jobs.<name>.paths', ['my', 'jobs', '<name>', 'paths']),
    opt('my.jobs.nightly.paths', ['my', 'jobs', 'nightly', 'paths']),
    opt('my.list.*.x', ['my', 'list', '*', 'x']),
    opt('my.<name>.<name>', ['my', '<name>', '<name>']),
    opt('dup', ['dup']),
    opt('dup', ['dup']),
  ];
  const index = new OptionIndex(options);
  // An exact name wins over an earlier pattern.
  assert.equal(index.match(['my', 'jobs', 'nightly', 'paths']), options[1]);
  assert.equal(index.match(['my', 'jobs', 'weekly', 'paths']), options[0]);
  assert.equal(index.match(['my', 'list', '0', 'x']), options[2]);
  assert.equal(index.match(['my', 'a', 'b']), options[3]);
  assert.equal(index.match(['my', 'jobs', 'weekly']), options[3]);
  assert.equal(index.match(['my', 'jobs']), undefined);
  assert.equal(index.match(['other']), undefined);
  // Of two options of one name, the last is the one the name finds.
  assert.equal(index.match(['dup']), options[5]);
});
