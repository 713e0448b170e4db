/**
 * Hostile input, sops: a `.sops.yaml` whose `path_regex` is catastrophic for a backtracking engine
 * (`^secrets/(a+)+$` against `secrets/aaaa…a!.yaml`), whose key group is a billion-laughs alias bomb,
 * and whose other rule uses lookahead (not RE2). The run finishes quickly with diagnostics, and the
 * ordinary rule still matches its file.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { diagnosticLines, extract, scratchFlake } from './hostile-helpers.ts';

test('sops: ReDoS path_regex, alias bomb and lookahead end in diagnostics, quickly', { timeout: 30_000 }, async () => {
  const root = scratchFlake('hostile-sops');
  // 64 a's: a backtracking engine would try about 2^64 ways to split them before failing on the "!".
  const evil = `${'a'.repeat(64)}!.yaml`;
  writeFileSync(path.join(root, 'secrets', evil), 'x: ENC[AES256_GCM,data:REDACTED,type:str]\n');
  const t0 = performance.now();
  const x = await extract(root);
  assert.ok(performance.now() - t0 < 20_000, `took ${Math.round(performance.now() - t0)} ms`);
  const rules = x.model.secrets.sopsRules.map((r) => ({ pathRegex: r.pathRegex, files: r.files, groups: r.keyGroups.length }));
  assert.deepEqual(rules, [
    // Correct non-match: the name ends in "!.yaml", not in a's.
    { pathRegex: '^secrets/(a+)+$', files: [], groups: 1 },
    // The bomb's keys are dropped; the rule and its file are still listed.
    { pathRegex: '^secrets/bomb\\.yaml$', files: ['secrets/bomb.yaml'], groups: 0 },
    { pathRegex: '(?=lookahead)secrets/', files: [], groups: 1 },
    { pathRegex: '^secrets/ok\\.yaml$', files: ['secrets/ok.yaml'], groups: 1 },
  ]);
  assert.deepEqual(diagnosticLines(x.model.diagnostics, (d) => d.location?.file === '.sops.yaml'), [
    '.sops.yaml:19:5 error secrets/alias-bomb the keys of this rule expand through YAML aliases to more than 10000 entries; its recipients are not shown',
    '.sops.yaml:22:5 warning secrets/bad-path-regex path_regex "(?=lookahead)secrets/" is not a valid RE2 regular expression (sops uses Go\'s regexp): invalid or unsupported Perl syntax: `(?=`',
  ]);
  assert.deepEqual(
    x.model.secrets.secrets.filter((s) => s.backend === 'sops').map((s) => `${s.file} ${s.id}`),
    ['secrets/bomb.yaml db/password', 'secrets/ok.yaml db/password'],
  );
});

test('sops: YAML the parser cannot take (deep flow nesting) is a diagnostic naming the file', { timeout: 30_000 }, async () => {
  const root = scratchFlake('hostile-sops');
  writeFileSync(path.join(root, '.sops.yaml'), `creation_rules: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
  writeFileSync(path.join(root, 'secrets', 'ok.yaml'), `a: ${'{b: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`);
  const x = await extract(root);
  // secrets/ok.yaml is also a plain (unencrypted) file in a secrets folder: that warning is the hygiene check's, not the parser's.
  const lines = diagnosticLines(x.model.diagnostics, (d) => d.code.startsWith('secrets/') && d.code !== 'secrets/plain-file');
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0]!, /^\.sops\.yaml:1:\d+ warning secrets\/bad-sops-yaml Maximum call stack size exceeded/);
  assert.deepEqual(x.model.secrets.sopsRules, []);
});
