/** Host import graphs (scripts/render/import-graph.ts, hosts.ts): collapsed by folder when large, and shared by hosts built alike. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { type FlakeModel, type Host, type ModuleRef, SCHEMA_VERSION } from '../../scripts/model/index.ts';
import { folderAnchors, folderGraph } from '../../scripts/render/import-graph.ts';
import { renderSite } from '../../scripts/render/index.ts';

const file = (p: string, importedFrom: string | null = null): ModuleRef => ({ kind: 'file', path: p, role: 'module', importedFrom });

test('groups modules by their folder, counts them and keeps the arrows between folders', () => {
  const modules: ModuleRef[] = [
    file('hosts/a/default.nix'),
    file('modules/net/default.nix', 'hosts/a/default.nix'),
    file('modules/net/wifi.nix', 'modules/net/default.nix'),
    file('modules/net/vpn.nix', 'modules/net/default.nix'),
    file('modules/web/nginx.nix', 'hosts/a/default.nix'),
    file('modules/web/acme.nix', 'modules/net/default.nix'),
    { kind: 'external', name: 'inputs.disko.nixosModules.default', importedFrom: null },
  ];
  const graph = folderGraph(modules, 10);
  assert.deepEqual(graph.nodes, [
    { folder: 'hosts/a/', modules: [0] },
    { folder: 'modules/net/', modules: [1, 2, 3] },
    { folder: 'modules/web/', modules: [4, 5] },
    { folder: 'modules of flake inputs', modules: [6] },
  ]);
  assert.deepEqual(graph.edges, [
    { from: null, to: 'hosts/a/', count: 1 },
    { from: 'hosts/a/', to: 'modules/net/', count: 1 },
    { from: 'hosts/a/', to: 'modules/web/', count: 1 },
    { from: 'modules/net/', to: 'modules/web/', count: 1 },
    { from: null, to: 'modules of flake inputs', count: 1 },
  ]);
});

test('uses shallower folders when the deepest ones are too many for one graph', () => {
  const modules = Array.from({ length: 1000 }, (_, i) => file(`modules/g${i % 50}/m${i}.nix`));
  modules.push(file('flake-module.nix'));
  const deep = folderGraph(modules, 60);
  assert.equal(deep.nodes.length, 51);
  assert.equal(deep.nodes[0]!.modules.length, 20);
  const shallow = folderGraph(modules, 40);
  assert.deepEqual(shallow.nodes.map((n) => [n.folder, n.modules.length]), [['modules/', 1000], ['./', 1]]);
  assert.deepEqual(shallow.edges, [{ from: null, to: 'modules/', count: 1000 }, { from: null, to: './', count: 1 }]);
});

test('gives each folder an anchor of its own, even when two folders slug alike', () => {
  const anchors = folderAnchors([{ folder: 'a/b/', modules: [] }, { folder: 'a-b/', modules: [] }, { folder: './', modules: [] }]);
  assert.deepEqual([...anchors.values()], ['imports-a-b', 'imports-a-b-2', 'imports-top']);
});

/** A NixOS host importing `modules` (as the model lists them). */
function host(name: string, modules: ModuleRef[], cls: Host['class'] = 'nixos'): Host {
  return {
    kind: 'host', name, class: cls, system: 'x86_64-linux', source: { file: 'flake.nix', line: 1, column: 1 },
    modules, profiles: [], users: [], secrets: [], deploy: [], features: [], settings: [],
  };
}

/** The mermaid fences of a generated host page. */
function graphsOn(hosts: Host[], name: string): string[] {
  const model: FlakeModel = {
    schemaVersion: SCHEMA_VERSION, generator: 'flake-docs', flake: { description: 'fleet', nixFiles: 1 }, inputs: [], hosts,
    profiles: [{ kind: 'profile', name: 'server', path: 'profiles/server.nix', hosts: hosts.map((h) => h.name), imports: [], settings: [] }],
    options: [], secrets: { tools: [], recipients: [], secrets: [], sopsRules: [] }, roadmap: null, guides: [], diagnostics: [],
  };
  const page = renderSite(model, parseConfig({})).find((p) => p.path === `hosts/${name}.md`)!;
  assert.match(page.content, new RegExp(`^---\\ntitle: "${name}"`), 'the page title names the host');
  return [...page.content.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
}

test('hosts with the same import tree get the very same graph source, rooted at their class, links kept', () => {
  const shared = [file('modules/base.nix'), { ...file('profiles/server.nix', 'modules/base.nix'), role: 'profile' } as ModuleRef];
  const fleet = [host('web-1', shared), host('web-2', shared), host('db', [...shared, file('modules/db.nix')]), host('mac', shared, 'darwin')];
  const [web1] = graphsOn(fleet, 'web-1');
  assert.equal(
    web1,
    [
      'flowchart LR',
      '  root["this NixOS host"]',
      '  f_modules_2fbase_2enix["modules/base.nix"]',
      '  root --> f_modules_2fbase_2enix',
      '  f_profiles_2fserver_2enix("profiles/server.nix")',
      '  f_modules_2fbase_2enix --> f_profiles_2fserver_2enix',
      '  click f_profiles_2fserver_2enix href "/profiles/server/"',
    ].join('\n'),
  );
  assert.deepEqual(graphsOn(fleet, 'web-2'), [web1]);
  assert.notEqual(graphsOn(fleet, 'db')[0], web1);
  assert.match(graphsOn(fleet, 'mac')[0]!, /^flowchart LR\n {2}root\["this nix-darwin host"\]\n/);
});

test('large hosts built alike share their folder graph too', () => {
  const modules = Array.from({ length: 60 }, (_, i) => file(`modules/m${i}.nix`));
  const fleet = [host('a', [...modules, file('hosts/a.nix')]), host('b', [...modules, file('hosts/b.nix')])];
  const [a] = graphsOn(fleet, 'a');
  assert.equal(a, ['flowchart LR', '  root["this NixOS host"]', '  g0["modules/ · 60"]', '  click g0 href "#imports-modules"', '  g1["hosts/ · 1"]', '  click g1 href "#imports-hosts"', '  root -->|60| g0', '  root --> g1'].join('\n'));
  assert.deepEqual(graphsOn(fleet, 'b'), [a]);
});
