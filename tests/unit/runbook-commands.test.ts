/**
 * Every command the runbooks, recovery pages and host pages print for a fixture flake is checked
 * against the flags its tool documents, and against what the tool needs to succeed (root for
 * activation). The tables below were checked on 2026-12-04 against:
 * - nixos-rebuild as shipped in NixOS 25.11 (the Python rewrite, nixos-rebuild-ng): `--sudo` elevates on
 *   the target host (older releases: `--use-remote-sudo`), and local activation needs root;
 * - nix-darwin 25.05 and later: `darwin-rebuild switch` activates as root ("system activation must now be
 *   run as root"), first install through `nix run nix-darwin/<branch>#darwin-rebuild -- switch`;
 * - system-manager (numtide, 2026-07): global `--target-host` before the subcommand, `--sudo` on the
 *   subcommand (`--use-remote-sudo` deprecated);
 * - home-manager, colmena, deploy-rs and clan as their manuals show `switch`, `apply --on`, `deploy .#x`
 *   and `machines update`.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import { renderSite } from '../../scripts/render/index.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/runbooks-real');

/** What one tool accepts: subcommands (null: none), flags with (true) or without (false) a value, and what needs root. */
interface ToolSpec {
  subcommands: Set<string> | null;
  flags: Record<string, boolean>;
  /** Subcommands that activate a configuration on the local machine, and so must run as root. */
  asRoot?: Set<string>;
}

const TOOLS: Record<string, ToolSpec> = {
  'nixos-rebuild': {
    subcommands: new Set(['switch', 'boot', 'test', 'build', 'dry-build', 'dry-activate', 'build-vm', 'list-generations', 'repl', 'edit']),
    flags: { '--flake': true, '--target-host': true, '--build-host': true, '--sudo': false, '--ask-sudo-password': false, '--rollback': false, '--upgrade': false, '--install-bootloader': false, '--use-substitutes': false },
    asRoot: new Set(['switch', 'boot', 'test', 'dry-activate']),
  },
  'darwin-rebuild': {
    subcommands: new Set(['switch', 'build', 'check', 'activate', 'changelog']),
    flags: { '--flake': true, '--list-generations': false, '--rollback': false, '--switch-generation': true },
    asRoot: new Set(['switch', 'activate', '--rollback']),
  },
  'home-manager': { subcommands: new Set(['switch', 'build', 'generations', 'news']), flags: { '--flake': true } },
  colmena: { subcommands: new Set(['apply', 'build', 'exec']), flags: { '--on': true } },
  deploy: { subcommands: null, flags: { '--skip-checks': false } },
  clan: { subcommands: new Set(['machines']), flags: {} },
};

/** system-manager's own arguments (after `nix run 'github:numtide/system-manager' --`). */
const SYSTEM_MANAGER: ToolSpec = {
  subcommands: new Set(['switch', 'register', 'build', 'deactivate', 'pre-populate']),
  flags: { '--target-host': true, '--flake': true, '--sudo': false, '--ask-sudo-password': false },
};

/** Splits a command line into words, keeping quoted words whole. */
function words(line: string): string[] {
  return [...line.matchAll(/'[^']*'|"[^"]*"|\S+/g)].map((m) => m[0]);
}

/** Problems with one command line, by the tables above; empty when it would run as documented. */
function check(line: string): string[] {
  const problems: string[] = [];
  let w = words(line.replace(/\s+#.*$/, ''));
  const sudo = w[0] === 'sudo';
  if (sudo) w = w.slice(1);
  const [tool, ...rest] = w;
  if (tool === 'nix' && rest[0] === 'run') {
    const dash = rest.indexOf('--');
    const installable = rest[1] ?? '';
    if (/system-manager/.test(installable)) return checkArgs('system-manager', SYSTEM_MANAGER, rest.slice(dash + 1), sudo, line);
    if (/nix-darwin/.test(installable) && !sudo) problems.push(`nix-darwin's first switch activates as root: ${line}`);
    return problems;
  }
  const spec = TOOLS[tool ?? ''];
  return spec ? checkArgs(tool!, spec, rest, sudo, line) : problems;
}

function checkArgs(tool: string, spec: ToolSpec, args: string[], sudo: boolean, line: string): string[] {
  const problems: string[] = [];
  let sub: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      if (!(a in spec.flags)) problems.push(`${tool} has no flag ${a}: ${line}`);
      else if (spec.flags[a]) i++;
      // system-manager reads --target-host before the subcommand only.
      if (tool === 'system-manager' && a === '--target-host' && sub) problems.push(`system-manager takes --target-host before the subcommand: ${line}`);
    } else if (!sub && spec.subcommands) {
      sub = a;
      if (!spec.subcommands.has(a)) problems.push(`${tool} has no subcommand ${a}: ${line}`);
    }
  }
  const remote = args.includes('--target-host');
  const activation = sub ?? args.find((a) => spec.asRoot?.has(a));
  if (spec.asRoot && activation && spec.asRoot.has(activation) && !remote && !sudo) problems.push(`${tool} ${activation} activates as root and needs sudo: ${line}`);
  if (tool === 'nixos-rebuild' && remote && !/--target-host root@/.test(line) && !args.includes('--sudo')) problems.push(`activation on the target host as a non-root user needs --sudo: ${line}`);
  if (tool === 'system-manager' && sub === 'switch' && !args.includes('--sudo')) problems.push(`system-manager switch needs --sudo to activate: ${line}`);
  return problems;
}

/** Text of an HTML fragment with its character references decoded. */
function decode(html: string): string {
  const named: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" };
  return html.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/gi, (all, hex: string, dec: string, name: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : (named[name] ?? all),
  );
}

/** Every command a page shows: lines of its shell blocks, and `<code>` spans of a known tool. */
function commands(content: string): string[] {
  const out: string[] = [];
  for (const m of content.matchAll(/^(`{3,})sh\n([\s\S]*?)\n\1$/gm)) out.push(...m[2]!.split('\n'));
  for (const m of content.matchAll(/<code>([^<]*)<\/code>/g)) {
    const c = decode(m[1]!);
    if (/^(sudo |nix |nixos-rebuild|darwin-rebuild|home-manager|colmena|deploy |clan )/.test(c)) out.push(c);
  }
  return out.filter((l) => l.trim() && !l.startsWith('#'));
}

const site = (async () => {
  const { model } = await extractFlake(FIXTURE, parseConfig({}), new Progress(true));
  return { model, pages: new Map(renderSite(model, parseConfig({})).map((p) => [p.path, p.content])) };
})();

test('the checker itself rejects the commands that would fail', () => {
  assert.deepEqual(check('nixos-rebuild switch --flake .#a'), ['nixos-rebuild switch activates as root and needs sudo: nixos-rebuild switch --flake .#a']);
  assert.equal(check('nixos-rebuild switch --flake .#a --target-host ops@a.lan').length, 1);
  assert.deepEqual(check('nixos-rebuild switch --flake .#a --target-host root@a.lan'), []);
  assert.equal(check('darwin-rebuild switch --flake .#m').length, 1);
  assert.equal(check("nix run 'github:numtide/system-manager' -- switch --flake .#e").length, 1);
  assert.equal(check("nix run 'github:numtide/system-manager' -- switch --target-host u@h --flake .#e --sudo").length, 1);
  assert.equal(check('nixos-rebuild switch --use-remote-sudoo --flake .#a').length, 2);
});

test('every command of the runbooks, recovery and host pages runs as its tool documents', async () => {
  const { pages } = await site;
  const checked: string[] = [];
  const problems: string[] = [];
  for (const [p, content] of pages) {
    if (!/^(setup|maintenance|recovery|troubleshooting|hosts)\//.test(p)) continue;
    for (const c of commands(content)) {
      checked.push(c);
      problems.push(...check(c).map((x) => `${p}: ${x}`));
    }
  }
  assert.deepEqual(problems, []);
  // The check saw the commands that used to fail, now with what they need.
  for (const expected of [
    'sudo nixos-rebuild switch --flake .#vault',
    'sudo darwin-rebuild switch --flake .#mac',
    "nix run 'github:numtide/system-manager' -- switch --flake .#edge --sudo",
    "nix run 'github:numtide/system-manager' -- --target-host USER@HOST switch --flake .#edge --sudo",
    'nixos-rebuild switch --flake .#vault --target-host ops@vault.lan --sudo',
    'nixos-rebuild switch --flake .#relic --target-host root@relic.lan',
    'sudo nix run nix-darwin/master#darwin-rebuild -- switch --flake .#NEW-HOST',
    'home-manager switch --flake .#ops',
  ]) {
    assert.ok(checked.includes(expected), `${expected} not among ${checked.length} commands`);
  }
});

test('a jj checkout gets jj commands, and no git', async () => {
  const { model, pages } = await site;
  assert.equal(model.flake.vcs, 'jj');
  const update = pages.get('maintenance/update-inputs.md')!;
  assert.ok(update.includes('nix flake update\njj diff flake.lock\n'), update);
  for (const [p, content] of pages) assert.doesNotMatch(content, /\bgit (diff|log|checkout)\b/, p);
  assert.match(pages.get('recovery/roll-back-a-generation.md')!, /jj log\njj new REVISION\nnix run 'github:numtide\/system-manager' -- switch --flake \.#edge --sudo/);
});

test('disko partitions are mounted by the labels disko gives them, and a separate /boot is mounted before GRUB is reinstalled', async () => {
  const { pages } = await site;
  const vault = pages.get('recovery/hosts/vault.md')!;
  assert.ok(vault.includes('sudo mount /dev/disk/by-partlabel/disk-main-root /mnt\nsudo mount /dev/disk/by-partlabel/disk-main-ESP /mnt/boot\n'), vault);
  assert.ok(vault.includes('| <code>/boot</code> | <code>/dev/disk/by-partlabel/disk-main-ESP</code> | vfat |'), vault);
  assert.doesNotMatch(vault, /by-label\/nixos/);
  const relic = pages.get('recovery/hosts/relic.md')!;
  assert.ok(relic.includes('mount the root file system on `/mnt` and the `/boot` partition on `/mnt/boot`, then reinstall GRUB into the boot sector of `/dev/sda`'), relic);
  assert.ok(relic.includes('sudo mount /dev/disk/by-uuid/0b5e-root /mnt\nsudo mount /dev/disk/by-uuid/7A3C-11F0 /mnt/boot\nsudo nixos-enter'), relic);
  // The generic page names no device it cannot know: it says how to find them.
  const noBoot = pages.get('troubleshooting/machine-wont-boot.md')!;
  assert.ok(noBoot.includes('lsblk -f   # find the root file system and the boot partition\nsudo mount /dev/ROOT-PARTITION /mnt'), noBoot);
});

test('the re-key page lists every secret a host can decrypt, used or not', async () => {
  const { pages } = await site;
  const rekey = pages.get('maintenance/re-key-secrets.md')!;
  assert.match(rekey, /\| <a href="\/hosts\/vault\/">vault<\/a> \| <a href="\/secrets\/#secret-backup-key">backup-key<\/a>, <a href="\/secrets\/#secret-wifi">wifi<\/a> \|/);
  assert.match(rekey, /\| <a href="\/hosts\/relic\/">relic<\/a> \| <a href="\/secrets\/#secret-backup-key">backup-key<\/a> \|/);
});

test('every command the runbook-full fixture prints (runbooks, recovery, host and Commands pages) runs as its tool documents', async () => {
  const { model } = await extractFlake(path.resolve(import.meta.dirname, '../fixtures/runbook-full'), parseConfig({}), new Progress(true));
  const checked: string[] = [];
  const problems: string[] = [];
  for (const page of renderSite(model, parseConfig({}))) {
    if (!/^(setup|maintenance|recovery|troubleshooting|hosts)\//.test(page.path)) continue;
    for (const c of commands(page.content)) {
      checked.push(c);
      problems.push(...check(c).map((x) => `${page.path}: ${x}`));
    }
  }
  assert.deepEqual(problems, []);
  for (const expected of ['sudo nixos-rebuild switch --flake .#forge', 'nixos-rebuild switch --flake ".#$1" --target-host "ops@$1" --sudo', 'nix run .#gen-cert', 'nix develop -c deploy', 'jj diff flake.lock']) {
    assert.ok(checked.includes(expected), `${expected} not among ${checked.join('\n')}`);
  }
});
