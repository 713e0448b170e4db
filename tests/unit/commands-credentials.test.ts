/** The Commands page never prints a credential a script passes by name: variables and flags named as credentials are redacted. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutCredentials } from '../../scripts/extract/commands.ts';

test('credential-named variables and flags lose their values; other words, and where a secret lives, stay', () => {
  const cases: [string, string][] = [
    ['export GITHUB_TOKEN=ghp_abc; gh release', 'export GITHUB_TOKEN=‹redacted: GITHUB_TOKEN›; gh release'],
    ['API_KEY="s e c" curl x', 'API_KEY=‹redacted: API_KEY› curl x'],
    ["deploy --password 'hunter2' --host a", 'deploy --password ‹redacted: password› --host a'],
    ['curl --token=abc123 https://x', 'curl --token=‹redacted: token› https://x'],
    ['x --user-password hunter2', 'x --user-password ‹redacted: user-password›'],
    ['restic --password-file /run/secrets/restic', 'restic --password-file /run/secrets/restic'],
    ['FOO=bar agenix --rekey', 'FOO=bar agenix --rekey'],
    // A flag with no value before the next flag: the next flag stays.
    ['login --password --host a', 'login --password --host a'],
    ['login --password=--odd', 'login --password=‹redacted: password›'],
  ];
  for (const [text, shown] of cases) assert.equal(withoutCredentials(text), shown, text);
});
