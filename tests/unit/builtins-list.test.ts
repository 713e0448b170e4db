/**
 * Our `builtins` against Nix's: every name of Nix 2.8's `builtins.attrNames builtins` (pinned below,
 * and checked against the installed nix-instantiate when there is one), plus the names added up to
 * Nix 2.24 or behind the flakes feature, noted by hand from the Nix manual. A missing builtin is a
 * gap to close, not a reason to lose a flake.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../scripts/nix/index.ts';

/** `nix-instantiate --eval --json -E 'builtins.attrNames builtins'` on Nix 2.8.0. */
const NIX_2_8 = [
  'abort', 'add', 'addErrorContext', 'all', 'any', 'appendContext', 'attrNames', 'attrValues', 'baseNameOf', 'bitAnd', 'bitOr', 'bitXor',
  'builtins', 'catAttrs', 'ceil', 'compareVersions', 'concatLists', 'concatMap', 'concatStringsSep', 'currentSystem', 'currentTime',
  'deepSeq', 'derivation', 'derivationStrict', 'dirOf', 'div', 'elem', 'elemAt', 'false', 'fetchGit', 'fetchMercurial', 'fetchTarball',
  'fetchTree', 'fetchurl', 'filter', 'filterSource', 'findFile', 'floor', "foldl'", 'fromJSON', 'fromTOML', 'functionArgs', 'genList',
  'genericClosure', 'getAttr', 'getContext', 'getEnv', 'groupBy', 'hasAttr', 'hasContext', 'hashFile', 'hashString', 'head', 'import',
  'intersectAttrs', 'isAttrs', 'isBool', 'isFloat', 'isFunction', 'isInt', 'isList', 'isNull', 'isPath', 'isString', 'langVersion',
  'length', 'lessThan', 'listToAttrs', 'map', 'mapAttrs', 'match', 'mul', 'nixPath', 'nixVersion', 'null', 'parseDrvName', 'partition',
  'path', 'pathExists', 'placeholder', 'readDir', 'readFile', 'removeAttrs', 'replaceStrings', 'scopedImport', 'seq', 'sort', 'split',
  'splitVersion', 'storeDir', 'storePath', 'stringLength', 'sub', 'substring', 'tail', 'throw', 'toFile', 'toJSON', 'toPath',
  'toString', 'toXML', 'trace', 'true', 'tryEval', 'typeOf', 'unsafeDiscardOutputDependency', 'unsafeDiscardStringContext',
  'unsafeGetAttrPos', 'zipAttrsWith',
];
/** Added by Nix 2.24 (or with the flakes feature on), from the manual's builtins reference. */
const NIX_2_24_ADDED = ['addDrvOutputDependencies', 'break', 'convertHash', 'fetchClosure', 'flakeRefToString', 'getFlake', 'outputOf', 'parseFlakeRef', 'readFileType', 'traceVerbose', 'warn'];

async function ourNames(): Promise<string[]> {
  const engine = await createEngine({ root: path.join(import.meta.dirname, '..', 'fixtures', 'nix-flake-basic') });
  const v = engine.evalString('builtins.attrNames builtins');
  assert.equal(v.kind, 'list');
  return v.kind === 'list' ? v.items.map((t) => { const x = t.force(); return x.kind === 'string' ? x.value : '?'; }) : [];
}

test('builtins: every name Nix 2.24 has, and nothing else', async () => {
  assert.deepEqual(await ourNames(), [...NIX_2_8, ...NIX_2_24_ADDED].sort());
});

test('builtins: the pinned Nix 2.8 list is what the installed Nix says', (t) => {
  let out: string;
  try {
    out = execFileSync('nix-instantiate', ['--eval', '--json', '-E', 'builtins.attrNames builtins'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    t.skip('nix-instantiate is not installed');
    return;
  }
  const version = execFileSync('nix-instantiate', ['--version'], { encoding: 'utf8' });
  if (!/ 2\.8\./.test(version)) {
    t.skip(`Nix ${version.trim()} is not 2.8`);
    return;
  }
  assert.deepEqual(JSON.parse(out), NIX_2_8);
});
