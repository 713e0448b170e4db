/**
 * Only true warnings, on shapes learned from real flakes (tests/fixtures/warnings-*): each fixture is
 * extracted whole, as the CLI does, and its diagnostics and hosts are pinned exactly.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { ModuleRef } from '../../scripts/model/index.ts';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import { renderSite } from '../../scripts/render/index.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

/** The hosts and the diagnostics (`severity file:line code: message`) of one fixture. */
async function extract(name: string) {
  const { model } = await extractFlake(path.join(FIXTURES, name), parseConfig({}), new Progress(true));
  return {
    hosts: model.hosts.map((h) => `${h.class} ${h.name}`),
    diagnostics: model.diagnostics.map((d) => `${d.severity} ${d.location ? `${d.location.file}:${d.location.line}` : ''} ${d.code}: ${d.message}`),
  };
}

test('git-crypt: an encrypted .nix file and lock are one note each, never parsed; the host is still found', async () => {
  assert.deepEqual(await extract('warnings-git-crypt'), {
    hosts: ['nixos vault'],
    diagnostics: [
      "info flake.lock:1 nix/encrypted: flake.lock is encrypted with git-crypt: the inputs' locked revisions are not shown",
      'info private/default.nix:1 nix/encrypted: private/default.nix is encrypted with git-crypt: it is not parsed, and what it defines is known only to an evaluation with the key',
    ],
  });
});

test('templates: .nix files that are not Nix, in a folder nothing imports from, are one note each', async () => {
  assert.deepEqual(await extract('warnings-template'), {
    hosts: ['nixos desk'],
    diagnostics: [
      'info flake.lock:1 inputs/no-lock: no flake.lock: inputs are not pinned',
      'info templates/module.nix:4 nix/syntax-unreached: templates/module.nix does not parse (syntax error: unexpected `:` at line 4) (4 syntax errors in all), but the flake evaluates nothing in its folder, so Nix never reads it',
      'info templates/shell.nix:2 nix/syntax-unreached: templates/shell.nix does not parse (syntax error: unexpected `$` at line 2), but the flake evaluates nothing in its folder, so Nix never reads it',
    ],
  });
});

test('plain files in a secrets folder: only the one that may be secret material is a warning', async () => {
  assert.deepEqual(await extract('warnings-plain-files'), {
    hosts: ['nixos gate'],
    diagnostics: [
      'info flake.lock:1 inputs/no-lock: no flake.lock: inputs are not pinned',
      // The only file that may be secret material: a placeholder, a script, public keys and a certificate are not.
      'warning secrets/admin-password:1 secrets/plain-file: secrets/admin-password is a plain file in a secrets folder: secrets belong in the repository encrypted (agenix, sops), or outside it',
    ],
  });
});

test('a reached file keeps one syntax error per region of lines; one in a folder nothing reaches is a single note', async () => {
  const { settleSyntaxDiagnostics } = await import('../../scripts/extract/syntax-notes.ts');
  const at = (file: string, line: number, message = 'syntax error: unexpected `x`') => ({ severity: 'error' as const, code: 'nix/syntax', message, location: { file, line, column: 1 } });
  const out = settleSyntaxDiagnostics([at('a.nix', 1), at('a.nix', 2), at('a.nix', 4), at('a.nix', 20), at('b/b.nix', 3), at('b/b.nix', 9), at('lib/d.nix', 5)], new Set(['a.nix', 'lib/c.nix']));
  assert.deepEqual(
    out.map((d) => `${d.severity} ${d.location!.file}:${d.location!.line} ${d.code}: ${d.message}`),
    [
      'error a.nix:1 nix/syntax: syntax error: unexpected `x` (and 2 more in the lines that follow, likely the same mistake)',
      'error a.nix:20 nix/syntax: syntax error: unexpected `x`',
      'info b/b.nix:3 nix/syntax-unreached: b/b.nix does not parse (syntax error: unexpected `x` at line 3) (2 syntax errors in all), but the flake evaluates nothing in its folder, so Nix never reads it',
      // Beside a file that is used, a broken file is likely meant to be used too.
      'error lib/d.nix:5 nix/syntax: syntax error: unexpected `x`',
    ],
  );
});

test('a broken file beside used ones whose import is commented out is a single note; one named in code, or nowhere, stays an error', async () => {
  const { namedOnlyInComments, settleSyntaxDiagnostics } = await import('../../scripts/extract/syntax-notes.ts');
  const sources: Record<string, string> = {
    'host/configuration.nix': '{ inputs, ... }: {\n  imports = [\n    # ./laptop.nix\n    ./disks.nix\n    inputs.hardware.nixosModules.laptop-amd\n  ] ++ map (n: ./${n}.nix) [ "audio" ];\n}\n',
    'host/disks.nix': '{ }\n',
    'host/laptop.nix': '{ a = ; }\n',
    'host/audio.nix': '{ b = ; }\n',
    'host/stray.nix': '{ c = ; }\n',
  };
  const files = Object.keys(sources).sort();
  const commentedOut = (file: string) => namedOnlyInComments(file, files, (f) => sources[f]);
  assert.deepEqual([commentedOut('host/laptop.nix'), commentedOut('host/audio.nix'), commentedOut('host/stray.nix')], [true, false, false]);
  const at = (file: string) => ({ severity: 'error' as const, code: 'nix/syntax', message: 'syntax error: unexpected `;`', location: { file, line: 1, column: 8 } });
  const out = settleSyntaxDiagnostics([at('host/laptop.nix'), at('host/audio.nix'), at('host/stray.nix')], new Set(['host/configuration.nix', 'host/disks.nix']), commentedOut);
  assert.deepEqual(out.map((d) => `${d.severity} ${d.location!.file} ${d.code}: ${d.message}`), [
    'info host/laptop.nix nix/syntax-unreached: host/laptop.nix does not parse (syntax error: unexpected `;` at line 1), but only comments name it (an import commented out), so Nix never reads it',
    'error host/audio.nix nix/syntax: syntax error: unexpected `;`',
    'error host/stray.nix nix/syntax: syntax error: unexpected `;`',
  ]);
});

test('modules from inputs are named as those modules, not left unknown: nixpkgs paths, a file of an input, nixDarwinModules, hmModules, a single nixosModule', async () => {
  const { model } = await extractFlake(path.join(FIXTURES, 'hosts-nixpkgs-modules'), parseConfig({}), new Progress(true));
  const shown = (m: ModuleRef) => (m.kind === 'file' ? `file ${m.path}` : m.kind === 'external' ? `external ${m.name}` : `${m.kind}`);
  assert.deepEqual(Object.fromEntries(model.hosts.map((h) => [h.name, h.modules.map(shown)])), {
    kiosk: [
      'file hosts/kiosk.nix',
      'external nixpkgs/nixos/modules/installer/scan/not-detected.nix',
      'external nixpkgs/nixos/modules/profiles/qemu-guest.nix',
      'external inputs.impermanence/nixos.nix',
      'external inputs.matrix-hook.nixosModule',
      'external inputs.nixpkgs/nixos/modules/installer/cd-dvd/installation-cd-minimal.nix',
    ],
    mini: ['external inputs.nixvim.nixDarwinModules.nixvim'],
    me: ['external inputs._1password-shell-plugins.hmModules.default'],
  });
});

test('dendritic: flake.modules.nixos.base defined in two files is one module with both, as flake-parts merges it', async () => {
  const { model } = await extractFlake(path.join(FIXTURES, 'hosts-dendritic'), parseConfig({}), new Progress(true));
  const desktop = model.hosts.find((h) => h.name === 'desktop')!;
  const set = desktop.settings.map((s) => `${s.path} ${s.source.file}:${s.source.line}`).sort();
  assert.deepEqual(set, ['networking.hostName modules/hosts/desktop.nix:6', 'nixpkgs.hostPlatform modules/hosts/desktop.nix:5', 'services.openssh.enable modules/nixos/ssh.nix:4', 'time.timeZone modules/nixos/base.nix:3']);
  assert.deepEqual(desktop.modules.filter((m) => m.kind === 'unknown'), []);
});

test('a host whose imports stay unknown says on its page what is missing from it', async () => {
  const config = parseConfig({});
  const { model } = await extractFlake(path.join(FIXTURES, 'hosts-unknown-imports'), config, new Progress(true));
  const shown = (m: ModuleRef) => (m.kind === 'unknown' ? `unknown ${m.text} (${m.reason})` : m.kind === 'file' ? `file ${m.path}` : m.kind);
  assert.deepEqual(model.hosts[0]!.modules.map(shown), [
    'file hosts/desk.nix',
    'unknown /etc/nixos/hardware-configuration.nix (outside the flake)',
    'unknown inputs.secrets.hostSecrets.${host} (inputs.secrets.hostSecrets."${…}")',
  ]);
  const page = renderSite(model, config).find((p) => p.path === 'hosts/desk.md')!.content;
  const aside = page.split('\n').find((l) => l.startsWith('<aside'));
  assert.equal(
    aside,
    '<aside aria-label="Part of this host is computed at evaluation" class="starlight-aside starlight-aside--caution"><p class="starlight-aside__title" aria-hidden="true">Part of this host is computed at evaluation</p><div class="starlight-aside__content"><p>2 of the 3 imports of desk are only known when Nix evaluates the configuration (marked &#34;computed&#34; below). The modules they bring in, and the options those set, the profiles they import and the secrets they use, are missing from this page.</p></div></aside>',
  );
  // A host whose every import is known has no such note.
  const known = await extractFlake(path.join(FIXTURES, 'hosts-nixpkgs-modules'), config, new Progress(true));
  assert.doesNotMatch(renderSite(known.model, config).find((p) => p.path === 'hosts/kiosk.md')!.content, /computed at evaluation<\/p>/);
});
