/**
 * The parser accepts what Nix accepts: every snippet in tests/fixtures/parser-corpus/ is valid Nix (the
 * manifest says from which version), parses without a syntax error or an unconverted node, and
 * evaluates to the value Nix gives. Expected values are Nix's own output (`nix-instantiate --eval
 * --strict --json`); Debian's Nix 2.8 cannot parse pipe operators, so for those snippets Nix evaluated
 * the hand-desugared twin (`x |> f` written `f x`) instead. When nix-instantiate is installed, the
 * manifest is checked against it; `UPDATE=1` rewrites the expected values from it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { initParser, parseSource, type Expr } from '../../scripts/nix/parse.ts';
import { createEngine } from '../../scripts/nix/index.ts';
import { plain, type Plain } from './nix-helpers.ts';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'parser-corpus');
const MANIFEST = path.join(DIR, 'manifest.json');

/** One manifest entry. */
interface Snippet {
  file: string;
  /** What valid syntax the snippet exercises. */
  syntax: string;
  /** The oldest Nix that accepts it: the oldest checked here, or the release that added the syntax. */
  minNix: string;
  /** Experimental features Nix needs for it. */
  experimentalFeatures: string[];
  /** For syntax Nix 2.8 cannot parse: the same program without it, which Nix evaluated for `expected`. */
  desugared?: string;
  /** Which Nix produced `expected`, from which file. */
  expectedFrom: string;
  expected: Plain;
}

const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { about: string; snippets: Snippet[] };

/** Nix's value for a file, or undefined when nix-instantiate is not installed. */
function nixEval(file: string): { value: Plain; version: string } | undefined {
  let version: string;
  try {
    version = execFileSync('nix-instantiate', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
  const out = execFileSync('nix-instantiate', ['--eval', '--strict', '--json', file], { cwd: DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { value: JSON.parse(out) as Plain, version };
}

/** Every `err` node left in an expression tree (walked iteratively), as `[start, message]`. */
function errNodes(root: Expr): [number, string][] {
  const found: [number, string][] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) stack.push(...v);
    else {
      const o = v as Record<string, unknown>;
      if (o.k === 'err') found.push([o.s as number, o.msg as string]);
      for (const [k, x] of Object.entries(o)) if (k !== 'c' && k !== 'locs' && k !== 'shown') stack.push(x);
    }
  }
  return found;
}

test('the manifest lists every snippet of the corpus, and each pipe snippet has its desugared twin', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.nix'));
  const listed = manifest.snippets.flatMap((s) => (s.desugared ? [s.file, s.desugared] : [s.file]));
  assert.deepEqual([...listed].sort(), files.sort());
  assert.ok(manifest.snippets.length >= 10, `${manifest.snippets.length} snippets`);
  for (const s of manifest.snippets) {
    const pipes = /\|>|<\|/.test(readFileSync(path.join(DIR, s.file), 'utf8'));
    assert.equal(Boolean(s.desugared), pipes, s.file);
    assert.deepEqual(s.experimentalFeatures, pipes ? ['pipe-operators'] : [], s.file);
  }
});

for (const snippet of manifest.snippets) {
  test(`corpus ${snippet.file} (Nix ≥ ${snippet.minNix}): parses cleanly and evaluates as Nix does`, async () => {
    await initParser();
    for (const file of [snippet.file, snippet.desugared].filter((f) => f !== undefined)) {
      const abs = path.join(DIR, file);
      const parsed = parseSource(readFileSync(abs, 'utf8'), abs, file);
      assert.deepEqual(parsed.diagnostics, [], file);
      assert.deepEqual(errNodes(parsed.root), [], file);
    }
    const engine = await createEngine({ root: DIR });
    assert.deepEqual(plain(engine, engine.importFile(path.join(DIR, snippet.file))), snippet.expected);
    if (snippet.desugared) assert.deepEqual(plain(engine, engine.importFile(path.join(DIR, snippet.desugared))), snippet.expected);
    assert.deepEqual(engine.diagnostics, []);
  });
}

test('the expected values are what nix-instantiate gives (for pipes: on the desugared twin)', (t) => {
  const probe = nixEval(manifest.snippets[0]!.file);
  if (!probe) return t.skip('nix-instantiate is not installed');
  for (const s of manifest.snippets) {
    const from = s.desugared ?? s.file;
    const nix = nixEval(from)!;
    if (process.env.UPDATE === '1') {
      s.expected = nix.value;
      s.expectedFrom = `${nix.version}: nix-instantiate --eval --strict --json ${from}`;
    }
    assert.deepEqual(nix.value, s.expected, s.file);
    assert.ok(s.expectedFrom.endsWith(` ${from}`), s.file);
  }
  if (process.env.UPDATE === '1') writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
});

test('Nix before 2.24 rejects the pipe snippets, which is why their values come from the desugared twins', (t) => {
  const probe = nixEval(manifest.snippets[0]!.file);
  if (!probe) return t.skip('nix-instantiate is not installed');
  const [major, minor] = /(\d+)\.(\d+)/.exec(probe.version)!.slice(1).map(Number) as [number, number];
  if (major > 2 || minor >= 24) return t.skip(`${probe.version} may parse pipes`);
  for (const s of manifest.snippets.filter((x) => x.desugared)) {
    assert.throws(() => execFileSync('nix-instantiate', ['--parse', s.file], { cwd: DIR, stdio: 'ignore' }), s.file);
  }
});
