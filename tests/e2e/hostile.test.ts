/**
 * A whole site built from one flake that holds every hostile input at once: the canaries of
 * tests/fixtures/hostile-secrets, the code-running and script-bearing guides of hostile-guides, a file
 * nested 10,000 levels deep, a ReDoS path_regex with a long file name, a YAML alias bomb, a FIFO read
 * with readFile, and escape sequences in a module. Each ends in a diagnostic, the rest of the site is
 * complete, no canary byte is anywhere the build writes or prints, and no page opens a dialog.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Site, suiteSkip } from './harness.ts';
import { filesContaining, type SandboxBuild, type ServedFlake, serveFlake } from './sandbox.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const ROOT = path.resolve(import.meta.dirname, '../..');

/** The canary flake plus every other hostile input, written into a fresh folder. */
function hostileFlake(): string {
  mkdirSync(path.join(ROOT, '.sandbox'), { recursive: true });
  const dir = mkdtempSync(path.join(ROOT, '.sandbox', 'hostile-'));
  cpSync(path.join(FIXTURES, 'hostile-secrets'), dir, { recursive: true });
  cpSync(path.join(FIXTURES, 'hostile-guides', 'flake', 'docs'), path.join(dir, 'docs'), { recursive: true });
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  write('modules/deep.nix', `{ lib, ... }: { options.deep.value = lib.mkOption { default = ${'('.repeat(10_000)}1${')'.repeat(10_000)}; }; }\n`);
  write('modules/escape.nix', '{ ... }: {\n  broken = 1 \x1b[2J\x1b]0;pwned\x07\x1b[31mFAKE\x1b[0m;\n}\n');
  write('modules/fifo.nix', '{ ... }: { environment.etc.motd.text = builtins.readFile ../misc/pipe; }\n');
  execFileSync('mkfifo', [path.join(dir, 'misc', 'pipe')]);
  write(`secrets/${'a'.repeat(64)}!.yaml`, 'x: 1\n');
  const sops = readFileSync(path.join(dir, '.sops.yaml'), 'utf8').replace('creation_rules:\n', [
    'keys:',
    '  - &lol0 age18p30wgx9mzp9dwpv6wu3q2m43fd4x9cxkksza8c9jhvyzwj9wxc3ah2hkd',
    ...Array.from({ length: 9 }, (_, i) => `  - &lol${i + 1} [${Array(10).fill(`*lol${i}`).join(', ')}]`),
    'creation_rules:',
    '  - path_regex: ^secrets/(a+)+$',
    '    age: age18p30wgx9mzp9dwpv6wu3q2m43fd4x9cxkksza8c9jhvyzwj9wxc3ah2hkd',
    '  - path_regex: ^secrets/bomb\\.yaml$',
    '    key_groups:',
    '      - age: *lol9',
    '',
  ].join('\n'));
  writeFileSync(path.join(dir, '.sops.yaml'), sops);
  // The credentials fixture's host and files, imported by the canary host.
  const credentials = path.join(FIXTURES, 'hostile-credentials');
  for (const rel of ['hosts/vault/configuration.nix', 'modules/keys.nix', 'misc/identity.txt', 'misc/deploy-key.txt', 'secrets/root-password.txt', 'secrets/recipients.txt', 'secrets/ca.crt']) {
    write(rel, readFileSync(path.join(credentials, rel), 'utf8'));
  }
  // A roadmap pointing at git's config and a private key, each holding ticket lines.
  write('.git/config', '[core]\n  bare = false\n- [ ] G-1: CANARY-GIT-CONFIG-TICKET-3c7d\n');
  write('secrets/id_ed25519', '-----BEGIN OPENSSH PRIVATE KEY-----\n- [ ] K-1: CANARY-KEY-TICKET-4e8f\n-----END OPENSSH PRIVATE KEY-----\n');
  // The host imports the FIFO reader and the credentials; the deep and escaping files sit beside it unimported.
  const host = path.join(dir, 'hosts/canary/configuration.nix');
  writeFileSync(host, readFileSync(host, 'utf8').replace('imports = [ ../../secrets/extra.age ];', 'imports = [ ../../secrets/extra.age ../../modules/fifo.nix ../vault/configuration.nix ../../modules/keys.nix ];'));
  return dir;
}

/** Every page of a built site, as URL paths. */
function pagesOf(dist: string): string[] {
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('index.html'))
    .map((f) => `/${f.split(path.sep).join('/').replace(/index\.html$/, '')}`)
    .sort();
}

describe('a site built from a hostile flake', { skip: suiteSkip() }, () => {
  let served: ServedFlake;
  let build: SandboxBuild;
  let site: Site;
  before(async () => {
    served = await serveFlake(hostileFlake(), { title: 'Hostile', secretPaths: ['keys/**'], guides: 'docs/guides', roadmap: ['.git/config', 'secrets/id_ed25519'] });
    ({ build, site } = served);
  });
  after(async () => {
    await served?.close();
  });

  test('every hostile input ends in a diagnostic, and the rest of the site is complete', () => {
    const model = JSON.parse(readFileSync(path.join(build.root, 'dist', 'flake.json'), 'utf8')) as { diagnostics: { code: string; location?: { file: string } }[] };
    const at = (code: string) => model.diagnostics.filter((d) => d.code === code).map((d) => d.location?.file);
    assert.ok(at('nix/too-complex').includes('modules/deep.nix'), 'deep nesting');
    assert.ok(at('nix/syntax').includes('modules/escape.nix'), 'escape sequences');
    assert.ok(at('nix/not-read').length > 0, 'the FIFO read with readFile');
    assert.ok(at('secrets/alias-bomb').includes('.sops.yaml'), 'alias bomb');
    assert.ok(at('guides/esm').length && at('guides/unsafe-html').length, 'code-running and script-bearing guides');
    assert.ok(at('secrets/key-in-source').includes('hosts/vault/configuration.nix'), 'a private key in a .nix string');
    assert.ok(at('secrets/plain-file').includes('secrets/root-password.txt'), 'a password in a secrets folder');
    assert.equal(model.diagnostics.filter((d) => d.code === 'tickets/not-read').length, 2, 'the roadmap entries naming .git/config and a key');
    // Astro may colour its own lines; the flake's sequences (clear screen, set title, bell) never pass.
    assert.doesNotMatch(build.output, /\x1b\[2J|\x1b\]0;|\x07/, 'no escape sequence of the flake reaches the terminal');
    assert.match(build.output, /␛\[2J␛\]0;pwned␇/, 'they are shown as visible symbols instead');
    for (const page of ['hosts/canary', 'options/nixos/tokens', 'secrets', 'diagnostics', 'guides/nested/good']) {
      assert.ok(existsSync(path.join(build.root, 'dist', page, 'index.html')), page);
    }
    assert.ok(!existsSync('/tmp/flake-docs-pwned'), 'the guide that writes a file never ran');
  });

  test('no canary byte in dist/, content/generated/, .cache/, flake.json or the build output', () => {
    for (const dir of ['dist', 'content/generated', '.cache']) {
      assert.deepEqual(filesContaining(path.join(build.root, dir), /CANARY/), [], dir);
    }
    assert.doesNotMatch(build.output, /CANARY/);
    assert.match(build.output, /secrets\/read-into-store/);
  });

  test('the host page shows what was read, not its content', async () => {
    const page = await site.page();
    await page.goto(site.url('/hosts/canary/'));
    // Long groups of settings are folded; what a reader can open is on the page.
    for (const d of await page.locator('main details').all()) await d.evaluate((e) => ((e as HTMLDetailsElement).open = true));
    const text = await page.locator('main').innerText();
    assert.match(text, /‹redacted: read from secrets\/root-hash›/);
    assert.match(text, /‹redacted: initialPassword›/);
    assert.match(text, /‹redacted: GITHUB_TOKEN›/);
    assert.match(text, /‹redacted: read from secrets\/root-password\.txt›/);
  });

  test('no page opens a dialog', async () => {
    const page = await site.page();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(`${page.url()}: ${d.message()}`);
      void d.dismiss();
    });
    const pages = pagesOf(path.join(build.root, 'dist'));
    assert.ok(pages.length >= 5, `pages: ${pages.join(', ')}`);
    for (const p of pages) await page.goto(site.url(p), { waitUntil: 'load' });
    assert.deepEqual(dialogs, []);
  });
});
