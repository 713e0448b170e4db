/** Collapsing a large host import graph by folder (scripts/render/import-graph.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModuleRef } from '../../scripts/model/index.ts';
import { folderAnchors, folderGraph } from '../../scripts/render/import-graph.ts';

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
