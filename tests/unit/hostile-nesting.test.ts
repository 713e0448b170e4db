/**
 * Hostile input, deep nesting: files nested 10,000 levels deep (and a 50,000-term sum) must neither
 * crash nor stall the run, even when nothing imports them. Each gets an error diagnostic at a
 * file:line, and the flake's other modules are still documented.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Evaluator } from '../../scripts/nix/evaluate.ts';
import { createEngine } from '../../scripts/nix/index.ts';
import { DEFAULT_PARSE_BUDGET_MS, initParser, MAX_NESTING, parseSource, setParseBudget } from '../../scripts/nix/parse.ts';
import { diagnosticLines, extract, scratchFlake } from './hostile-helpers.ts';

const DEPTH = 10_000;

/** Deep files by name: parentheses, lists, attribute sets, negations, lambdas, and a long left-nested sum. */
const DEEP: Record<string, string> = {
  'parens.nix': `${'('.repeat(DEPTH)}1${')'.repeat(DEPTH)}\n`,
  'lists.nix': `${'[ '.repeat(DEPTH)}1${' ]'.repeat(DEPTH)}\n`,
  'attrs.nix': `# deep attribute sets\n${'{ a = '.repeat(DEPTH)}1${'; }'.repeat(DEPTH)}\n`,
  'negations.nix': `${'-('.repeat(DEPTH)}1${')'.repeat(DEPTH)}\n`,
  'lambdas.nix': `${'a: '.repeat(DEPTH)}a\n`,
  'sum.nix': `${Array(50_000).fill('1').join(' + ')}\n`,
  'unbalanced.nix': `${'('.repeat(DEPTH)}1${')'.repeat(DEPTH - 3)} ]\n`,
};

test('deep nesting: the run completes, each deep file has an error at file:line, other options are extracted', { timeout: 120_000 }, async () => {
  const root = scratchFlake('hostile-deep');
  for (const [name, text] of Object.entries(DEEP)) writeFileSync(path.join(root, 'modules', name), text);
  const x = await extract(root);
  assert.deepEqual(
    x.model.options.map((o) => o.name),
    ['hostile.good.enable', 'hostile.recursive.depth', 'hostile.recursive.nested'],
  );
  const tooDeep = `error nix/too-complex expressions nested deeper than ${MAX_NESTING} levels; the file is left unevaluated`;
  assert.deepEqual(
    diagnosticLines(x.model.diagnostics, (d) => d.location?.file !== 'modules/recursive.nix' && d.severity === 'error'),
    [
      `modules/attrs.nix:2:${MAX_NESTING * 6 + 1} ${tooDeep}`,
      `modules/lambdas.nix:1:${MAX_NESTING * 3 + 1} ${tooDeep}`,
      `modules/lists.nix:1:${MAX_NESTING * 2 + 1} ${tooDeep}`,
      `modules/negations.nix:1:${MAX_NESTING + 1} ${tooDeep}`,
      `modules/parens.nix:1:${MAX_NESTING + 1} ${tooDeep}`,
      // The sum nests to the left: its innermost 1,000 terms come first.
      `modules/sum.nix:1:1 ${tooDeep}`,
      'modules/unbalanced.nix:1:1 error nix/syntax syntax error: unexpected `((((((((((((((((((((((((((((((((((((((((`',
    ],
  );
});

test('deep recursion in an accepted file: unknown defaults with a budget warning, never a crash', { timeout: 60_000 }, async () => {
  const root = scratchFlake('hostile-deep');
  const x = await extract(root);
  const byName = new Map(x.model.options.map((o) => [o.name, o]));
  assert.equal(byName.get('hostile.good.enable')?.default?.text, 'false');
  // Both recursive defaults are cut short by the evaluator's depth guard (or, failing that, its stack
  // overflow guard; which one trips first depends on the stack in use): shown as computed, never a crash.
  for (const name of ['hostile.recursive.depth', 'hostile.recursive.nested']) {
    const o = byName.get(name)!;
    assert.deepEqual(o.computed, ['default'], name);
    assert.ok(o.default!.text.length < 200_000, `${name}: the default's text stays bounded`);
  }
  const budget = diagnosticLines(x.model.diagnostics, (d) => d.code === 'nix/budget');
  assert.ok(budget.length >= 1, 'a budget warning is reported');
  assert.ok(budget.every((l) => l.startsWith('modules/recursive.nix:')), budget.join('\n'));
});

test('tree-sitter gets a time budget: a file it would take minutes on is refused within it', { timeout: 30_000 }, async () => {
  await initParser();
  // Without spaces, `1+1+…` makes tree-sitter-nix's lexer quadratic (50,000 terms: minutes).
  const source = Array(50_000).fill('1').join('+');
  setParseBudget(300);
  try {
    const t0 = performance.now();
    const file = parseSource(source, '/flake/sum.nix', 'sum.nix');
    assert.ok(performance.now() - t0 < 10_000);
    assert.deepEqual(diagnosticLines(file.diagnostics), [
      'sum.nix:1:1 error nix/too-complex tree-sitter did not finish parsing this file within 300 ms; the file is left unevaluated',
    ]);
    assert.equal(file.root.k, 'err');
    // The parser is usable again afterwards.
    assert.deepEqual(parseSource('1 + 2', '/flake/ok.nix', 'ok.nix').diagnostics, []);
  } finally {
    setParseBudget(DEFAULT_PARSE_BUDGET_MS);
  }
});

test('nesting just under the limit is accepted and evaluates', async () => {
  const engine = await createEngine({ root: scratchFlake('hostile-deep') });
  const depth = MAX_NESTING - 10;
  const v = engine.evalString(`${'('.repeat(depth)}41 + 1${')'.repeat(depth)}`);
  assert.deepEqual(v, { kind: 'int', value: 42 });
  const list = engine.evalString(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
  assert.equal(list.kind, 'list');
});

test('an internal error while evaluating one file is a diagnostic for that file; the rest is documented', { timeout: 60_000 }, async () => {
  const root = scratchFlake('hostile-deep');
  writeFileSync(path.join(root, 'modules', 'buggy.nix'), '{ lib, ... }: { options.hostile.buggy.enable = lib.mkEnableOption "buggy"; }\n');
  // Simulate a bug of ours that shows only on this file.
  const original = Evaluator.prototype.eval;
  Evaluator.prototype.eval = function (x, scope) {
    if (scope.file?.rel === 'modules/buggy.nix') throw new TypeError('simulated bug');
    return original.call(this, x, scope);
  };
  try {
    const x = await extract(root);
    assert.deepEqual(
      x.model.options.map((o) => o.name),
      ['hostile.good.enable', 'hostile.recursive.depth', 'hostile.recursive.nested'],
    );
    assert.deepEqual(diagnosticLines(x.model.diagnostics, (d) => d.location?.file === 'modules/buggy.nix'), [
      'modules/buggy.nix:1:1 error nix/internal-error internal error while evaluating modules/buggy.nix (simulated bug); its value is unknown',
      // Nothing imports the file, so what it gives (an unknown) makes it no module either: one note.
      "modules/buggy.nix:1:1 info options/not-a-module skipped, not a module: a value only Nix evaluation knows (it is `internal error while evaluating modules/buggy.nix (simulated bug); its value is unknown`), and nothing in the flake imports it as a module",
    ]);
  } finally {
    Evaluator.prototype.eval = original;
  }
});
