/** nixpkgs' `lib.path`, checked against Nix's own answers (nix-instantiate over nixpkgs.lib). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evalNix } from './nix-helpers.ts';

test('lib.path: append, subpath.join, subpath.normalise, hasPrefix and removePrefix give what nixpkgs gives', async () => {
  // Nix: [ "./a/b/c" "./x/y" "./modules/z.nix" ] for the three string results.
  assert.deepEqual(
    await evalNix('[ (lib.path.subpath.join [ "a" "./b/c" ]) (lib.path.subpath.normalise "./x//y/") (lib.path.removePrefix /a /a/modules/z.nix) (lib.path.hasPrefix /a /a/b) (lib.path.hasPrefix /a /ab) ]'),
    ['./a/b/c', './x/y', './modules/z.nix', true, false],
  );
});
