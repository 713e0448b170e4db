/**
 * The registry of diagnostic codes (scripts/diagnostic-codes.ts) covers every code the scripts report,
 * has no stale entry, and is what docs/diagnostics.md's table of codes says (UPDATE=1 rewrites that table).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { codesMarkdownTable, DIAGNOSTIC_CODES, withRegistrySeverity } from '../../scripts/diagnostic-codes.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/**
 * Every code reported in scripts/: `code: '…'` fields, the code argument of the reporting helpers
 * (`report`, `fail`, `errorAt`, `warn`, with or without a severity and a file before it), and bare codes
 * of a file whose helper prefixes them (`code: \`tickets/${code}\``).
 */
function codesInScripts(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(path.join(ROOT, 'scripts'))) {
    const text = readFileSync(file, 'utf8');
    const rel = path.relative(ROOT, file);
    const prefix = /code: `([a-z-]+)\/\$\{code\}`/.exec(text)?.[1];
    for (const m of text.matchAll(/\bcode: '([^']+\/[^']+)'/g)) found.set(m[1]!, rel);
    // Codes handed to a file's own helpers (`add(node, 'guides/esm', …)`): any quoted namespace/code.
    for (const m of text.matchAll(/'((?:nix|options|hosts|secrets|tickets|guides|inputs|haumea|snowfall)\/[a-z0-9-]+)'/g)) found.set(m[1]!, rel);
    const call = /\b(?:report|fail|errorAt|warn)\(\s*(?:'(?:error|warning|info)',\s*)?(?:[\w.]+,\s*)?'([a-z][a-z0-9-]*(?:\/[a-z0-9-]+)?)'/g;
    for (const m of text.matchAll(call)) {
      const code = m[1]!;
      if (code.includes('/')) found.set(code, rel);
      else if (prefix) found.set(`${prefix}/${code}`, rel);
    }
  }
  return found;
}

test('every code reported in scripts/ has an entry in the registry', () => {
  const used = codesInScripts();
  assert.ok(used.size >= 40, `${used.size} codes found: the search is broken`);
  const missing = [...used].filter(([code]) => !DIAGNOSTIC_CODES[code]).map(([code, file]) => `${code} (${file})`);
  assert.deepEqual(missing, [], 'add these codes to scripts/diagnostic-codes.ts');
});

test('every entry of the registry is a code some script reports', () => {
  const used = codesInScripts();
  assert.deepEqual(Object.keys(DIAGNOSTIC_CODES).filter((c) => !used.has(c)), []);
});

test('entries: sorted, one line each, an explanation and a fix', () => {
  const codes = Object.keys(DIAGNOSTIC_CODES);
  assert.deepEqual(codes, [...codes].sort());
  for (const [code, i] of Object.entries(DIAGNOSTIC_CODES)) {
    assert.match(code, /^[a-z]+\/[a-z0-9-]+$/);
    assert.ok(['error', 'warning', 'info'].includes(i.severity), code);
    for (const line of [i.explain, i.fix]) {
      assert.ok(line.length > 10 && line.length < 200 && !line.includes('\n'), `${code}: ${line}`);
      assert.match(line, /[.)]$/, `${code}: end with a full stop`);
    }
  }
});

test('the registry decides the severity; unknown codes keep theirs', () => {
  const loc = { file: 'a.nix', line: 1, column: 1 };
  assert.equal(withRegistrySeverity({ severity: 'warning', code: 'options/unknown-tree', message: 'm', location: loc }).severity, 'info');
  assert.equal(withRegistrySeverity({ severity: 'warning', code: 'nix/duplicate-attribute', message: 'm', location: loc }).severity, 'error');
  assert.equal(withRegistrySeverity({ severity: 'warning', code: 'somewhere/new', message: 'm' }).severity, 'warning');
});

test("docs/diagnostics.md's table of codes is the registry's", () => {
  const file = path.join(ROOT, 'docs', 'diagnostics.md');
  const readme = readFileSync(file, 'utf8');
  const start = '<!-- diagnostic-codes:start (generated from scripts/diagnostic-codes.ts; UPDATE=1 node --test tests/unit/diagnostic-codes.test.ts) -->';
  const end = '<!-- diagnostic-codes:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  assert.ok(a >= 0 && b > a, 'docs/diagnostics.md needs the diagnostic-codes markers');
  const expected = `${start}\n${codesMarkdownTable()}\n${end}`;
  if (process.env.UPDATE === '1') writeFileSync(file, readme.slice(0, a) + expected + readme.slice(b + end.length));
  else assert.equal(readme.slice(a, b + end.length), expected);
});
