/** The linear-time RE2 matcher for sops' `path_regex`: agrees with RegExp on ordinary patterns, never backtracks, refuses what RE2 lacks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRe2 } from '../../scripts/extract/re2.ts';

const SUBJECTS = [
  '',
  'a',
  'secrets/hosts/alpha.yaml',
  'secrets/alpha.yml',
  'secrets/hosts/beta.json',
  'hosts/alpha/secrets.yaml',
  'secrets/users/root.env',
  'x.yaml.bak',
  'aaaa',
  'ab-12_cd',
  'a.b',
  'a{2}',
  'Secrets/Caps.YAML',
  'word boundary',
  'tab\there',
  'a\nb',
];

const PATTERNS = [
  'secrets/.*\\.yaml$',
  '^secrets/hosts/[^/]+\\.(yaml|json)$',
  '\\.ya?ml$',
  'secrets/(hosts|users)/',
  '^hosts/\\w+/secrets\\.yaml$',
  '^a+$',
  '^a{2,3}$',
  '^a{4}$',
  '^a{2,}$',
  '^(a|b)*$',
  '\\d+',
  '^[a-z]+-\\d{2}_[[:alpha:]]+$',
  '[A-Z]',
  '\\bboundary\\b',
  '\\Bound',
  '\\s',
  '\\S+\\s\\S+',
  '(?:yaml|json)$',
  '(?P<dir>secrets)/',
  '^$',
  '',
  'a.b',
  'a\\.b',
  '[.]',
  '[^a-z/._]',
  'a\\{2\\}',
  'a{2}',
  '^.*$',
  'x*?y?',
  '(a+)+$',
  'a|b|^$',
  '[\\d\\-]+',
  '[a\\]]',
  '\\x61',
];

test('re2: agrees with RegExp on ordinary patterns over ordinary file names', () => {
  for (const pattern of PATTERNS) {
    const compiled = compileRe2(pattern);
    assert.ok(compiled.ok, `${pattern} should compile`);
    const js = new RegExp(pattern.replace('(?P<', '(?<').replace('[[:alpha:]]', '[A-Za-z]'));
    for (const subject of SUBJECTS) {
      assert.equal(compiled.test(subject), js.test(subject), `${JSON.stringify(pattern)} on ${JSON.stringify(subject)}`);
    }
  }
});

test('re2: catastrophic patterns run in linear time', { timeout: 10_000 }, () => {
  const name = `${'a'.repeat(5000)}!.yaml`;
  const t0 = performance.now();
  for (const pattern of ['^(a+)+$', '^(a|a)*$', '^(a*)*b$', '(a|aa)+$', '^(.*a){20}$']) {
    const compiled = compileRe2(pattern);
    assert.ok(compiled.ok, pattern);
    assert.equal(compiled.test(name), false, pattern);
  }
  const bang = compileRe2('^(a+)+!');
  assert.ok(bang.ok && bang.test(name));
  assert.ok(performance.now() - t0 < 5000, `took ${Math.round(performance.now() - t0)} ms`);
});

test('re2: what RE2 lacks is refused with RE2\'s own message (what sops would say), never guessed; what RE2 has compiles', () => {
  const errors = Object.fromEntries(
    ['(a)\\1', '(?=a)', '(?!a)', '(?<=a)b', '(?i)abc', '\\p{L}', 'a**', 'a{1001}', 'a{3,2}', '(a', 'a)', '[a', '*a', '\\', '[z-a]'].map((p) => {
      const r = compileRe2(p);
      return [p, r.ok ? 'compiled' : r.error];
    }),
  );
  assert.deepEqual(errors, {
    '(a)\\1': 'invalid escape sequence: `\\1`',
    '(?=a)': 'invalid or unsupported Perl syntax: `(?=`',
    '(?!a)': 'invalid or unsupported Perl syntax: `(?!`',
    '(?<=a)b': 'invalid named capture: `(?<=a)b`',
    '(?i)abc': 'compiled',
    '\\p{L}': 'compiled',
    'a**': 'invalid nested repetition operator: `**`',
    'a{1001}': 'invalid repeat count: `{1001}`',
    'a{3,2}': 'invalid repeat count: `{3,2}`',
    '(a': 'missing closing ): `(a`',
    'a)': 'unexpected ): `a)`',
    '[a': 'missing closing ]: `[a`',
    '*a': 'missing argument to repetition operator: `*`',
    '\\': 'trailing backslash at end of expression',
    '[z-a]': 'invalid character class range: `z-a`',
  });
  const caseless = compileRe2('(?i)secrets/.*\\.YAML$');
  assert.ok(caseless.ok && caseless.test('Secrets/a.yaml'));
});

test('re2: hostile nesting and size are refused, not overflowed', () => {
  assert.deepEqual(compileRe2(`${'('.repeat(3000)}a${')'.repeat(3000)}`), { ok: false, error: 'expression nests too deeply' });
  assert.deepEqual(compileRe2(`${'('.repeat(5001)}a${')'.repeat(5001)}`), { ok: false, error: 'the pattern is longer than 10000 characters' });
  assert.deepEqual(compileRe2('((a{1000}){1000}){1000}'), { ok: false, error: 'invalid repeat count: `{1000}`' });
});
