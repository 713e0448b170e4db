/** Flake entry points on fixture flakes: hosts from helpers and flake-parts, external modules, syntax errors. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { createEngine, type Engine, getAttr, typeTag, type Value } from '../../scripts/nix/index.ts';
import { parseOnly } from '../../scripts/nix/index.ts';
import { BASIC, PARTS, plain } from './nix-helpers.ts';

/** A system's class, module summaries (relative paths, external names, inline kinds), specialArgs names and location. */
function describeSystem(engine: Engine, v: Value) {
  assert.equal(typeTag(v), 'flake-docs-system');
  const modules = getAttr(v, 'modules')!.force();
  assert.equal(modules.kind, 'list');
  const items = modules.kind === 'list' ? modules.items.map((t) => t.force()) : [];
  const special = getAttr(v, 'specialArgs')!.force();
  return {
    class: plain(engine, getAttr(v, 'class')!.force()),
    modules: items.map((m) =>
      m.kind === 'path'
        ? engine.relative(m.path)
        : m.kind === 'string'
          ? `string:${engine.relative(m.value)}`
          : typeTag(m) === 'flake-docs-external-module'
            ? `external:${plain(engine, getAttr(m, 'name')!.force())}`
            : m.kind,
    ),
    specialArgs: special.kind === 'attrs' ? [...special.attrs.keys()].sort() : special.kind,
    loc: plain(engine, getAttr(v, 'loc')!.force()),
  };
}

test('flake: hosts from a helper in lib/default.nix, self + "/hosts/${h}", map over names, "${self}/…"', async () => {
  const engine = await createEngine({ root: BASIC });
  const { inputs, outputs } = engine.evalFlake();
  assert.deepEqual(plain(engine, inputs), {
    'home-manager': { inputs: { nixpkgs: { follows: 'nixpkgs' } }, url: 'github:nix-community/home-manager' },
    nixpkgs: { url: 'github:NixOS/nixpkgs/nixos-25.05' },
    'sops-nix': { url: 'github:Mic92/sops-nix' },
  });
  assert.equal(outputs.kind, 'attrs');
  const configs = getAttr(outputs, 'nixosConfigurations')!.force();
  assert.deepEqual(configs.kind === 'attrs' && [...configs.attrs.keys()], ['alpha', 'beta', 'gamma']);
  assert.deepEqual(describeSystem(engine, getAttr(configs, 'alpha')!.force()), {
    class: 'nixos',
    modules: ['hosts/alpha/configuration.nix', 'external:inputs.sops-nix.nixosModules.sops', 'modules/base.nix', 'modules/users.nix'],
    specialArgs: ['hostname', 'inputs'],
    loc: { column: 5, file: 'lib/default.nix', line: 5 },
  });
  assert.deepEqual(describeSystem(engine, getAttr(configs, 'beta')!.force()).modules, [
    'hosts/beta/configuration.nix',
    'external:inputs.sops-nix.nixosModules.sops',
    'modules/base.nix',
    'modules/users.nix',
    'external:inputs.home-manager.nixosModules.home-manager',
    'modules/extra.nix',
  ]);
  assert.deepEqual(describeSystem(engine, getAttr(configs, 'gamma')!.force()), {
    class: 'nixos',
    modules: ['string:hosts/alpha/configuration.nix', 'attrs'],
    specialArgs: [],
    loc: { column: 17, file: 'flake.nix', line: 25 },
  });
  // self.lib is the outputs' lib; the broken file still gives its other attributes, the piped one evaluates
  assert.deepEqual(plain(engine, getAttr(outputs, 'broken')!.force()), { a: 1, b: { unknown: 'syntax error', text: '' }, c: 3 });
  assert.deepEqual(plain(engine, getAttr(outputs, 'piped')!.force()), { x: [1, 2], y: 2 });
});

test('flake: modules evaluate with lib, unknown pkgs/config and the special args', async () => {
  const engine = await createEngine({ root: BASIC });
  const host = engine.evalModule({ kind: 'path', path: path.join(BASIC, 'hosts/alpha/configuration.nix') }, { hostname: { kind: 'string', value: 'alpha' } });
  assert.deepEqual(plain(engine, host), {
    networking: { hostName: 'alpha' },
    system: { stateVersion: { _type: 'override', content: '25.05', priority: 1000 } },
  });
  const base = engine.evalModule(engine.importFile(path.join(BASIC, 'modules/base.nix')));
  assert.deepEqual(plain(engine, base), {
    config: {
      _type: 'if',
      condition: { unknown: 'config.my.base.enable', text: 'config.my.base.enable' },
      content: { environment: { systemPackages: [{ unknown: 'pkgs.git', text: 'pkgs.git' }] } },
    },
    options: { my: { base: { enable: { _type: 'option', default: false, description: 'Whether to enable the base profile.', example: true, type: { type: 'boolean' } } } } },
  });
  // an attrset module is used as it is
  assert.deepEqual(plain(engine, engine.evalModule({ kind: 'attrs', attrs: new Map() })), {});
});

test('flake-parts: mkFlake merges `flake` of every imported part; config.flake and self reach the merged outputs', async () => {
  const engine = await createEngine({ root: PARTS });
  const { outputs } = engine.evalFlake();
  assert.deepEqual(outputs.kind === 'attrs' && [...outputs.attrs.keys()].sort(), ['description', 'lib', 'nixosConfigurations']);
  const configs = getAttr(outputs, 'nixosConfigurations')!.force();
  assert.deepEqual(configs.kind === 'attrs' && [...configs.attrs.keys()].sort(), ['one', 'two']);
  for (const name of ['one', 'two']) {
    const d = describeSystem(engine, getAttr(configs, name)!.force());
    assert.equal(d.class, 'nixos');
    assert.deepEqual(d.modules, [`hosts/${name}.nix`]);
    assert.deepEqual(d.loc, { column: 28, file: 'parts/lib.nix', line: 3 });
  }
  assert.deepEqual(engine.diagnostics, []);
});

test('syntax errors: exact codes and places, the rest of the file still evaluates; pipes are not errors', async () => {
  const engine = await createEngine({ root: BASIC });
  const syntax = engine.diagnostics.filter((d) => d.code === 'nix/syntax').map((d) => [d.location?.file, d.location?.line, d.location?.column, d.message]);
  assert.deepEqual(syntax, [
    ['broken.nix', 1, 13, 'syntax error: missing identifier'],
  ]);
  // a trailing comma in a pattern (lib/default.nix) is valid Nix and reported nowhere
  assert.equal(engine.diagnostics.filter((d) => d.location?.file === 'lib/default.nix').length, 0);
});

test('engine: files, relative paths, sources, parse-only timing', async () => {
  const engine = await createEngine({ root: BASIC });
  assert.deepEqual(engine.files(), [
    'broken.nix',
    'flake.nix',
    'hosts/alpha/configuration.nix',
    'hosts/beta/configuration.nix',
    'lib/default.nix',
    'modules/base.nix',
    'modules/extra.nix',
    'modules/users.nix',
    'piped.nix',
  ]);
  assert.equal(engine.relative(path.join(BASIC, 'lib', 'default.nix')), 'lib/default.nix');
  assert.equal(engine.sourceOf({ file: 'broken.nix', line: 1, column: 1 }), '{ a = 1; b = ; c = 3; }\n');
  assert.equal(engine.sourceOf({ file: '../../../package.json', line: 1, column: 1 }), undefined);
  const timing = await parseOnly(BASIC, engine.files());
  assert.equal(timing.files, 9);
  assert.ok(timing.ms >= 0);
});

test('flake-parts as a module system: an option the flake declares merges with its defaults, and `|>` maps it into nixosConfigurations', async () => {
  const engine = await createEngine({ root: path.join(import.meta.dirname, '..', 'fixtures', 'hosts-flake-parts-options') });
  const configs = getAttr(engine.evalFlake().outputs, 'nixosConfigurations')!.force();
  assert.deepEqual(configs.kind === 'attrs' && [...configs.attrs.keys()].sort(), ['ember', 'quartz']);
  const hostNames = ['ember', 'quartz'].map((name) => {
    const system = getAttr(configs, name)!.force();
    const modules = getAttr(system, 'modules')!.force();
    const e = engine.evalModules({ modules: modules.kind === 'list' ? modules.items : [], file: 'flake.nix' });
    return [plain(engine, getAttr(system, 'system')!.force()), plain(engine, getAttr(getAttr(e.config, 'networking')!.force(), 'hostName')!.force())];
  });
  // The submodule's `system` default and its `hostName` default (the entry's name), as Nix gives them.
  assert.deepEqual(hostNames, [['x86_64-linux', 'ember'], ['aarch64-linux', 'quartz']]);
  assert.deepEqual(engine.diagnostics, []);
});

test('flake-parts evalFlakeModule: `flake` as a module function whose config is the outputs themselves', async () => {
  const engine = await createEngine({ root: path.join(import.meta.dirname, '..', 'fixtures', 'hosts-flake-parts-eval') });
  const { outputs } = engine.evalFlake();
  assert.deepEqual(outputs.kind === 'attrs' && [...outputs.attrs.keys()].sort(), ['darwinConfigurations', 'nixosConfigurations', 'nixosModules']);
  const larch = describeSystem(engine, getAttr(getAttr(outputs, 'nixosConfigurations')!.force(), 'larch')!.force());
  assert.deepEqual(larch.modules, ['systems/common.nix', 'systems/larch.nix']);
  assert.equal(describeSystem(engine, getAttr(getAttr(outputs, 'darwinConfigurations')!.force(), 'juniper')!.force()).class, 'darwin');
  assert.deepEqual(engine.diagnostics, []);
});
