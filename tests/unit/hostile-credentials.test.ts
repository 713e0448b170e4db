/**
 * Credentials by meaning (tests/fixtures/hostile-credentials): settings named in snake_case, UPPER_CASE,
 * camelCase and kebab-case, computed credential values, a plain `.txt` in a secrets folder read into a
 * setting, an age identity, a PuTTY key and private keys inside `.nix` strings. No canary reaches any
 * output, each case ends in a diagnostic, and the public files of the secrets folder (recipients,
 * certificate, host keys, script, README, `.gitkeep`) are shown and raise no warning.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { formatDiagnostic } from '../../scripts/diagnostics.ts';
import { extractFlake, type Extraction } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import { isPublicMaterial, isSecretName, keyMaterial, SecretPolicy } from '../../scripts/nix/secret-files.ts';
import { renderSite } from '../../scripts/render/index.ts';

const FLAKE = path.resolve(import.meta.dirname, '../fixtures/hostile-credentials');

describe('credentials recognised by meaning', () => {
  let x: Extraction;
  const config = parseConfig({});
  before(async () => {
    x = await extractFlake(FLAKE, config, new Progress(true));
  });

  test('no canary reaches flake.json, options.json, the generated pages or the printed diagnostics', () => {
    const outputs = {
      'flake.json': JSON.stringify(x.model),
      'options.json': JSON.stringify(x.optionsJson),
      pages: renderSite(x.model, config).map((p) => p.content).join('\n'),
      terminal: x.model.diagnostics.map((d) => formatDiagnostic(d, d.location ? x.sourceOf(d.location.file) : undefined)).join('\n'),
    };
    for (const [where, text] of Object.entries(outputs)) assert.doesNotMatch(text, /CANARY/i, where);
  });

  test('a credential-named setting is redacted whatever its case style and value form; flags, null and file paths are shown', () => {
    const settings = Object.fromEntries(x.model.hosts[0]!.settings.map((s) => [s.path, s.value]));
    assert.deepEqual(
      {
        admin: settings['services.app.admin_password'],
        snakeKey: settings['services.app.api_key'],
        upper: settings['environment.variables.GITHUB_TOKEN'],
        camel: settings['services.app.settings.apiKey'],
        kebab: settings['services.app.settings.db-password'],
        computed: settings['services.app.dbPassword'],
        concat: settings['services.app.smtpPass'],
        flag: settings['security.sudo.wheelNeedsPassword'],
        file: settings['services.app.passwordFile'],
        none: settings['services.app.tokenKey'],
      },
      {
        admin: '‹redacted: admin_password›',
        snakeKey: '‹redacted: api_key›',
        upper: '‹redacted: GITHUB_TOKEN›',
        camel: '‹redacted: apiKey›',
        kebab: '‹redacted: db-password›',
        computed: '‹redacted: dbPassword›',
        concat: '‹redacted: smtpPass›',
        flag: 'false',
        file: '"/run/agenix/app"',
        none: 'null',
      },
    );
  });

  test('key material is redacted by content, files of a secrets folder by path, public material is shown', () => {
    const settings = Object.fromEntries(x.model.hosts[0]!.settings.map((s) => [s.path, s.value]));
    assert.equal(settings['environment.etc.root-password.text'], '‹redacted: read from secrets/root-password.txt›');
    assert.equal(settings['environment.etc.age-identity.text'], '‹redacted: read from misc/identity.txt›');
    assert.equal(settings['environment.etc.putty.text'], '‹redacted: read from misc/deploy-key.txt›');
    assert.equal(settings['environment.etc.inline-key.text'], '‹redacted: a private key›');
    assert.equal(settings['environment.etc.wg.text'], '‹redacted: a WireGuard private key›');
    assert.match(settings['environment.etc.recipients.text']!, /^''\n {2}# Who can decrypt/);
    assert.match(settings['environment.etc.ca.text']!, /BEGIN CERTIFICATE/);
    const defaults = Object.fromEntries(x.model.options.map((o) => [o.name, o.default?.text]));
    assert.equal(defaults['services.app.signing'], '‹redacted: an age identity›');
    assert.equal(defaults['services.app.admin_password'], '‹redacted: admin_password›');
  });

  test('each case is a warning at its place; public files of the secrets folder raise none', () => {
    const found = x.model.diagnostics.filter((d) => d.code.startsWith('secrets/') && d.code !== 'secrets/unused').map((d) => `${d.location?.file}:${d.location?.line} ${d.code}`);
    assert.deepEqual(found, [
      'hosts/vault/configuration.nix:14 secrets/read-into-store',
      'hosts/vault/configuration.nix:15 secrets/read-into-store',
      'hosts/vault/configuration.nix:16 secrets/read-into-store',
      'hosts/vault/configuration.nix:18 secrets/key-in-source',
      'modules/keys.nix:7 secrets/key-in-source',
      'secrets/root-password.txt:1 secrets/plain-file',
    ]);
    assert.equal(x.sourceOf('hosts/vault/configuration.nix'), undefined, 'a file holding a key is never excerpted');
    assert.equal(x.sourceOf('secrets/root-password.txt'), undefined);
  });
});

test('credential names in every case style; public keys and where a secret lives are not credentials', () => {
  const yes = ['password', 'hashedPassword', 'initialHashedPassword', 'admin_password', 'api_key', 'GITHUB_TOKEN', 'apiKey', 'APIKey', 'db-password', 'clientSecret', 'CLIENT_SECRET', 'psk', 'privateKey', 'PRIVATE_KEY', 'db_pass', 'passphrase', 'aws.credentials'];
  const no = ['passwordFile', 'tokenPath', 'publicKey', 'ssh_pub_key', 'key', 'keyMap', 'pass', 'enable', 'passwordAuthentication', 'hostname', 'keys', 'secrets'];
  assert.deepEqual(yes.filter((n) => !isSecretName(n)), []);
  assert.deepEqual(no.filter((n) => isSecretName(n)), []);
});

test('a secrets folder: secret unless rules, docs, scripts or public material; key material found anywhere', () => {
  const policy = new SecretPolicy();
  const byPath = Object.fromEntries(['secrets/root-password.txt', 'secrets/token', 'secrets/app.env', 'secrets/secrets.nix', 'secrets/.sops.yaml', 'secrets/README.md', 'secrets/rekey.sh', 'secrets/.gitkeep', 'secrets/admin.pub', 'secrets/ca.crt', 'docs/notes.txt', 'keys/deploy.ppk'].map((f) => [f, policy.byPath(f) ?? null]));
  assert.deepEqual(byPath, {
    'secrets/root-password.txt': 'in a secrets folder',
    'secrets/token': 'in a secrets folder',
    'secrets/app.env': 'in a secrets folder',
    'secrets/secrets.nix': null,
    'secrets/.sops.yaml': null,
    'secrets/README.md': null,
    'secrets/rekey.sh': null,
    'secrets/.gitkeep': null,
    'secrets/admin.pub': null,
    'secrets/ca.crt': null,
    'docs/notes.txt': null,
    'keys/deploy.ppk': '.ppk file',
  });
  assert.equal(policy.reason('secrets/recipients.txt', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB admin\n# age\nage18p30wgx9mzp9dwpv6wu3q2m43fd4x9cxkksza8c9jhvyzwj9wxc3ah2hkd\n'), undefined);
  assert.equal(policy.reason('secrets/empty', '\n'), undefined);
  assert.equal(policy.reason('secrets/root-password.txt', 'hunter2\n'), 'in a secrets folder');
  assert.equal(policy.reason('secrets/admin.pub', '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n'), 'a private key');
  assert.equal(policy.reason('fonts/x.zip', '\0GITCRYPT\0\x01'), 'git-crypt ciphertext');
  assert.ok(isPublicMaterial('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'));
  assert.ok(!isPublicMaterial('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\nhunter2\n'));
  assert.equal(keyMaterial('let k = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"; in k'), 'an age identity');
  assert.equal(keyMaterial('PuTTY-User-Key-File-2: ssh-rsa\n'), 'a PuTTY private key');
  assert.equal(keyMaterial('-----BEGIN RSA PRIVATE KEY-----'), 'a private key');
  assert.equal(keyMaterial('age18p30wgx9mzp9dwpv6wu3q2m43fd4x9cxkksza8c9jhvyzwj9wxc3ah2hkd'), undefined);
});
