import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractInputs } from '../../scripts/extract/inputs.ts';

const lock = {
  version: 7,
  root: 'root',
  nodes: {
    root: { inputs: { nixpkgs: 'nixpkgs', 'home-manager': 'home-manager', other: ['home-manager', 'nixpkgs'] } },
    nixpkgs: {
      locked: { lastModified: 1750000000, narHash: 'sha256-abc=', owner: 'NixOS', repo: 'nixpkgs', rev: '0123456789abcdef0123456789abcdef01234567', type: 'github' },
      original: { owner: 'NixOS', ref: 'nixos-25.05', repo: 'nixpkgs', type: 'github' },
    },
    'home-manager': {
      inputs: { nixpkgs: ['nixpkgs'] },
      locked: { lastModified: 1750000000, narHash: 'sha256-def=', owner: 'nix-community', repo: 'home-manager', rev: 'fedcba9876543210fedcba9876543210fedcba98', type: 'github' },
      original: { owner: 'nix-community', repo: 'home-manager', type: 'github' },
    },
  },
};

test('inputs come from the root node of flake.lock, sorted, with follows', () => {
  const { inputs, diagnostics } = extractInputs(JSON.stringify(lock));
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(inputs.map((i) => [i.name, i.original, i.follows, i.lastModified]), [
    ['home-manager', 'github:nix-community/home-manager', null, '2025-06-15'],
    ['nixpkgs', 'github:NixOS/nixpkgs/nixos-25.05', null, '2025-06-15'],
    ['other', null, 'home-manager/nixpkgs', null],
  ]);
  assert.deepEqual(inputs[0]!.inputs, [{ name: 'nixpkgs', follows: 'nixpkgs' }]);
});

test('a broken lock is a diagnostic, not a crash', () => {
  const { inputs, diagnostics } = extractInputs('{ nope');
  assert.deepEqual(inputs, []);
  assert.equal(diagnostics[0]!.code, 'inputs/bad-lock');
  assert.deepEqual(diagnostics[0]!.location, { file: 'flake.lock', line: 1, column: 1 });
});
