/** Test helper: every fixture that is a flake, and the sample flake. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures');

/** Absolute paths of the fixtures holding a flake.nix, sorted, then flake-src/. */
export const FLAKES = [
  ...readdirSync(FIXTURES)
    .filter((d) => existsSync(path.join(FIXTURES, d, 'flake.nix')))
    .sort()
    .map((d) => path.join(FIXTURES, d)),
  path.join(ROOT, 'flake-src'),
];
