/**
 * Hostile input, terminal output: escape sequences in a `.nix` file's syntax error and in an attribute
 * name, a binary file, and a 6,000-column line. What `check` prints holds no ESC, BEL, CSI or bidi
 * override, no line wider than the print width, and no excerpt of the binary file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { indexSettings } from '../../scripts/model/settings.ts';
import { parseConfig } from '../../scripts/config.ts';
import { type Diagnostic, formatDiagnostic, PRINT_WIDTH, sortDiagnostics, visibleText } from '../../scripts/diagnostics.ts';
import { groupedLines } from '../../scripts/log.ts';
import { renderDiagnostics } from '../../scripts/render/diagnostics.ts';
import { text } from '../../scripts/render/mdx.ts';
import { createRouter } from '../../scripts/render/router.ts';
import { extract, scratchFlake } from './hostile-helpers.ts';

const ESC = '\x1b';
const BEL = '\x07';

/** Writes the hostile files into a scratch copy of the fixture. */
function hostileFlake(): string {
  const root = scratchFlake('hostile-output');
  const m = (name: string) => path.join(root, 'modules', name);
  writeFileSync(m('escape.nix'), `{ lib, ... }:\n{\n  broken = 1 ${ESC}[2J${ESC}]0;pwned${BEL}${ESC}[31mFAKE${ESC}[0m;\n}\n`);
  writeFileSync(
    m('attrname.nix'),
    [
      '{ lib, ... }:',
      '{',
      '  options.hostile.name.value = lib.mkOption {',
      '    type = lib.types.int;',
      `    default = { }."${ESC}]0;title${BEL}${ESC}[2J\u202egnp.exe\x9b31m";`,
      '    description = "A default selecting a name full of escape sequences.";',
      '  };',
      '}',
      '',
    ].join('\n'),
  );
  const binary = Buffer.concat([Buffer.from('\x7fELF\0\0\0\x01', 'latin1'), Buffer.from([0xff, 0xfe, 0x00, 0x9b]), Buffer.from(`${'\u0001'.repeat(6000)}\n`, 'latin1')]);
  writeFileSync(m('blob.nix'), binary);
  writeFileSync(m('long.nix'), `{ lib, ... }:\n{\n  a = "${'x'.repeat(6000)}"; b = ; c = "${'y'.repeat(6000)}";\n}\n`);
  return root;
}

test('visibleText: controls become visible symbols or escapes', () => {
  assert.equal(visibleText(`a${ESC}[2J${BEL}\t\n\r\x7f\x9b\u202e\u2066z`), 'a␛[2J␇ ␤␍␡\\x9b\\u{202e}\\u{2066}z');
});

test('diagnostics of hostile files are printed without control characters, cut to the width, binary files unquoted', { timeout: 60_000 }, async () => {
  const root = hostileFlake();
  const x = await extract(root);
  const printed = x.model.diagnostics
    .filter((d) => d.severity !== 'info')
    .map((d) => formatDiagnostic(d, d.location ? x.sourceOf(d.location.file) : undefined))
    .join('\n');
  assert.doesNotMatch(printed, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  for (const line of printed.split('\n')) assert.ok(line.length <= PRINT_WIDTH + 12, `too long (${line.length}): ${line.slice(0, 80)}…`);
  assert.equal(
    printed,
    [
      'modules/attrname.nix:5:15 - warning: attribute \'␛]0;title␇␛[2J\\u{202e}gnp.exe\\x9b31m\' missing [nix/missing-attribute]',
      `  5 |     default = { }."␛]0;title␇␛[2J\\u{202e}gnp.exe\\x9b31m";`,
      '    |               ^',
      // One error per region of lines: the parser's later complaints about the same mistake are counted, not printed.
      'modules/blob.nix:1:1 - error: syntax error: unexpected `\u2421` (and 1 more in the lines that follow, likely the same mistake) [nix/syntax]',
      '  1 | (binary file)',
      'modules/escape.nix:3:14 - error: syntax error: unexpected `␛` (and 2 more in the lines that follow, likely the same mistake) [nix/syntax]',
      '  3 |   broken = 1 ␛[2J␛]0;pwned␇␛[31mFAKE␛[0m;',
      '    |              ^',
      // A 6,000-column line: a 200-column window around the error, the caret still under it.
      'modules/long.nix:3:6014 - error: syntax error: missing identifier [nix/syntax]',
      `  3 | …${'x'.repeat(94)}"; b = ; c = "${'y'.repeat(90)}…`,
      `    | ${' '.repeat(101)}^`,
    ].join('\n'),
  );
  // The Diagnostics page carries the same text, made visible, and no raw control character either.
  const page = renderDiagnostics({ model: x.model, router: createRouter('/'), config: parseConfig({}), settings: indexSettings(x.model.options, x.model.hosts, x.model.profiles) })[0]!.content;
  assert.doesNotMatch(page, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  // The page sets a message's `code` parts as code: the quoted source is its own string.
  assert.ok(page.includes(`<code>${text('␛')}</code>`), 'the message is shown with visible escapes');
  // The other module is still documented.
  assert.deepEqual(x.model.options.map((o) => o.name), ['hostile.good.enable', 'hostile.name.value']);
});

test('`check` on the hostile flake: the terminal sees no escape sequence', { timeout: 120_000 }, () => {
  const root = hostileFlake();
  const cwd = path.join(import.meta.dirname, '..', '..');
  // Grouped by code (the default with many findings) and in full (--verbose): neither lets a control byte through.
  const check = (...extra: string[]) => {
    const run = spawnSync(path.join(cwd, 'node_modules', '.bin', 'node'), ['scripts/cli.ts', 'check', '--flake', root, '--quiet', ...extra], {
      cwd,
      encoding: 'utf8',
      timeout: 110_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const printed = run.stdout + run.stderr;
    assert.ok(!printed.includes(ESC) && !printed.includes(BEL) && !printed.includes('\x9b'), 'no ESC, BEL or CSI byte reaches the terminal');
    return printed;
  };
  check();
  const out = check('--verbose');
  assert.match(out, /modules\/escape\.nix:3:14 - error: syntax error: unexpected `␛`/);
  assert.match(out, / {2}3 \| {3}broken = 1 ␛\[2J␛\]0;pwned␇␛\[31mFAKE␛\[0m;/);
  assert.match(out, / {2}1 \| \(binary file\)/);
  for (const line of out.split('\n')) assert.ok(line.length <= PRINT_WIDTH + 12, `too long (${line.length})`);
});

test('many warnings print grouped by code, errors first, in at most 20 lines, the last saying how to see all', () => {
  const at = (file: string, line: number) => ({ file, line, column: 1 });
  const list: Diagnostic[] = [
    ...Array.from({ length: 30 }, (_, i) => ({ severity: 'warning' as const, code: `demo/w${i % 25}`, message: `warning ${i}`, location: at(`f${i}.nix`, i + 1) })),
    { severity: 'error', code: 'nix/syntax', message: 'syntax error', location: at('a.nix', 3) },
    { severity: 'error', code: 'nix/syntax', message: 'syntax error', location: at('b.nix', 4) },
  ];
  const lines = groupedLines(sortDiagnostics(list));
  assert.equal(lines.length, 20);
  assert.equal(lines[0], 'a.nix:3:1 - error: syntax error [nix/syntax] (and 1 more like it)');
  assert.match(lines[1]!, /\[demo\/w\d+\] \(and 1 more like it\)$/);
  assert.equal(lines[18], '… 8 more codes (8 diagnostics)');
  assert.equal(lines[19], '32 warnings and errors in 26 groups: run with --verbose to print each with its source line (all of them are also in flake.json and on the Diagnostics page)');
});
