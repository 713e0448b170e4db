/**
 * Attribute sets written in pieces merge as Nix merges them. Each case in
 * tests/fixtures/nix-attrset-merging/cases.json holds an expression and what `nix-instantiate --eval
 * --strict` (Nix 2.8) printed for it; where current Nix differs, `current` says what it prints and
 * `why`. Our evaluation must print the same value with no diagnostic, or, for an error, report it
 * at the same two places. When nix-instantiate is installed the recorded output is checked against
 * it too (under CI it must be installed); UPDATE=1 re-records it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createEngine, type Value } from '../../scripts/nix/index.ts';

interface Case {
  case: string;
  nix: string;
  nix28: string;
  current?: string;
  why?: string;
}

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'nix-attrset-merging');
const FILE = path.join(DIR, 'cases.json');
const cases = JSON.parse(readFileSync(FILE, 'utf8')) as Case[];

/** What nix-instantiate prints: the value, or the error line plus the `at` line; undefined without Nix. */
function nixInstantiate(expr: string): string | undefined {
  try {
    return execFileSync('nix-instantiate', ['--eval', '--strict', '-E', expr], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') return undefined;
    const lines = String(e.stderr ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
    return lines[0] + (lines[1]?.startsWith('at ') ? ` | ${lines[1]}` : '');
  }
}

const hasNix = nixInstantiate('1') === '1';

/** A value as `nix-instantiate --eval --strict` prints it (names sorted bytewise). */
function show(v: Value): string {
  switch (v.kind) {
    case 'int':
    case 'float':
      return String(v.value);
    case 'string':
      return JSON.stringify(v.value);
    case 'bool':
      return String(v.value);
    case 'null':
      return 'null';
    case 'list':
      return v.items.length ? `[ ${v.items.map((t) => show(t.force())).join(' ')} ]` : '[ ]';
    case 'attrs': {
      const names = [...v.attrs.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (!names.length) return '{ }';
      const key = (n: string) => (/^[A-Za-z_][\w'-]*$/.test(n) ? n : JSON.stringify(n));
      return `{ ${names.map((n) => `${key(n)} = ${show(v.attrs.get(n)!.force())};`).join(' ')} }`;
    }
    default:
      return `<${v.kind}>`;
  }
}

/**
 * The `line:column` places an error line names. Nix 2.8 places an inherited name one column early,
 * on the space before it; with `source` given, such a place is moved onto the name.
 */
function places(line: string, source?: string): string[] {
  return [...line.matchAll(/:(\d+):(\d+)/g)]
    .map(([, l, c]) => `${l}:${source?.[Number(c) - 1] === ' ' ? Number(c) + 1 : c}`)
    .sort();
}

test('the merging cases are recorded', () => {
  assert.ok(cases.length >= 40, `${cases.length} cases`);
  assert.ok(cases.some((c) => c.nix28.startsWith('error:')) && cases.some((c) => !c.nix28.startsWith('error:')));
});

test('the recorded outputs are what nix-instantiate prints', { skip: !hasNix && !process.env.CI && 'nix-instantiate is not installed' }, () => {
  assert.ok(hasNix, 'CI must have nix-instantiate (apt-get install nix-bin)');
  for (const c of cases) {
    const out = nixInstantiate(c.nix)!;
    if (process.env.UPDATE === '1') c.nix28 = out;
    else assert.equal(out, c.nix28, c.case);
  }
  if (process.env.UPDATE === '1') writeFileSync(FILE, `${JSON.stringify(cases, null, 2)}\n`);
});

for (const c of cases) {
  test(`merging: ${c.case}`, async () => {
    const engine = await createEngine({ root: DIR });
    const before = engine.diagnostics.length;
    const value = show(engine.evalString(c.nix, 'case.nix'));
    const diagnostics = engine.diagnostics.slice(before);
    const expected = c.current ?? c.nix28;
    if (!expected.startsWith('error:')) {
      assert.deepEqual(diagnostics, [], `${c.nix} gave diagnostics`);
      assert.equal(value, expected);
      return;
    }
    const message = expected.replace(/^error: /, '').replace(/ at \(string\).*$| \|.*$/, '');
    if (/already defined/.test(message)) {
      const dups = diagnostics.filter((d) => d.code === 'nix/duplicate-attribute');
      assert.equal(dups.length, 1, `one duplicate for ${c.nix}: ${JSON.stringify(diagnostics)}`);
      const d = dups[0]!;
      assert.match(d.message, /already defined at case\.nix:\d+:\d+$/);
      // Both places, the first definition and the second, as Nix names them (in either order).
      assert.deepEqual(places(`${d.message} :${d.location!.line}:${d.location!.column}`), places(expected, c.nix));
      return;
    }
    assert.ok(
      diagnostics.some((d) => d.message.includes(message) && places(expected, c.nix).includes(`${d.location!.line}:${d.location!.column}`)),
      `expected "${message}" at ${places(expected, c.nix)} for ${c.nix}: ${JSON.stringify(diagnostics)}`,
    );
  });
}
