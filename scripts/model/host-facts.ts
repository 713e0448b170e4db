/**
 * Facts a runbook needs about one host, read from the settings its modules state: the boot loader,
 * the file systems of `hardware-configuration.nix`, the backup jobs, the secrets activation decrypts.
 * Plain functions of the model; nothing here knows about pages or URLs.
 */
import { createHash } from 'node:crypto';
import type { SourceLocation } from '../diagnostics.ts';
import type { Host, Setting } from './hosts.ts';
import { hostRecipients, type SecretsModel } from './secrets.ts';
import { splitSettingPath } from './settings.ts';

/** The boot loader a host's settings enable. */
export interface BootLoader {
  kind: 'systemd-boot' | 'grub';
  /** For GRUB: the disk whose boot sector receives it (`boot.loader.grub.device`), when a literal; `nodev` for EFI. */
  device: string | null;
  /** For GRUB: whether it installs for EFI (`boot.loader.grub.efiSupport`). */
  efi: boolean;
  source: SourceLocation;
}

/** A literal string of a setting's value (`"/dev/sda"` → `/dev/sda`), or null when computed or not a string. */
function literalString(s: Setting | undefined): string | null {
  if (!s || s.computed) return null;
  const m = /^"((?:[^"\\]|\\.)*)"$/.exec(s.value.trim());
  return m ? (JSON.parse(`"${m[1]}"`) as string) : null;
}

const isTrue = (s: Setting | undefined) => !!s && !s.computed && s.value.trim() === 'true';

/**
 * The boot loader of a NixOS host: systemd-boot when `boot.loader.systemd-boot.enable = true`, GRUB
 * when `boot.loader.grub.enable = true` or a GRUB device is set; null when the settings say neither.
 * @param host the host
 */
export function bootLoader(host: Host): BootLoader | null {
  if (host.class !== 'nixos') return null;
  const at = (p: string) => host.settings.find((s) => s.path === p);
  const sd = at('boot.loader.systemd-boot.enable');
  const grub = at('boot.loader.grub.enable');
  const device = at('boot.loader.grub.device') ?? at('boot.loader.grub.devices');
  if (isTrue(sd)) return { kind: 'systemd-boot', device: null, efi: true, source: sd!.source };
  if (isTrue(grub) || (device && !(grub && grub.value.trim() === 'false'))) {
    return { kind: 'grub', device: literalString(device) ?? (device && !device.computed ? device.value.replace(/\s+/g, ' ') : null), efi: isTrue(at('boot.loader.grub.efiSupport')), source: (grub ?? device)!.source };
  }
  return null;
}

/** One file system as the host's settings (usually hardware-configuration.nix) declare it. */
export interface FileSystem {
  mountPoint: string;
  device: string | null;
  fsType: string | null;
  options: string[];
  /** Where the mount is declared (its first setting). */
  source: SourceLocation;
}

/** The file systems of `fileSystems."<mount>".*` settings, in the order they are first set. */
export function fileSystems(host: Host): FileSystem[] {
  const found = new Map<string, FileSystem>();
  for (const s of host.settings) {
    const parts = splitSettingPath(s.path);
    if (parts[0] !== 'fileSystems' || parts.length < 3) continue;
    const mount = parts[1]!;
    const fs = found.get(mount) ?? { mountPoint: mount, device: null, fsType: null, options: [], source: s.source };
    found.set(mount, fs);
    const key = parts.slice(2).join('.');
    if (key === 'device') fs.device = literalString(s) ?? s.value;
    else if (key === 'fsType') fs.fsType = literalString(s) ?? s.value;
    else if (key === 'options' && !s.computed) fs.options.push(...[...s.value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!));
  }
  return [...found.values()];
}

/**
 * The file systems a host's disko layout creates (`disko.devices.disk.<disk>.content.partitions.<part>`),
 * each with the device disko names it: `/dev/disk/by-partuuid/<uuid>` when a uuid is set, else
 * `/dev/disk/by-partlabel/<label>` with disko's default label `disk-<disk>-<part>` (a truncated sha256
 * past 36 characters, as GPT names are limited); a LUKS partition's file system is
 * `/dev/mapper/<name>`. A value disko would compute from something unknown statically is left out.
 * @param host the host
 */
export function diskoFileSystems(host: Host): FileSystem[] {
  const parts = new Map<string, { disk: string; part: string; fields: Map<string, Setting> }>();
  for (const s of host.settings) {
    const p = splitSettingPath(s.path);
    if (p.slice(0, 3).join('.') !== 'disko.devices.disk' || p[4] !== 'content' || p[5] !== 'partitions' || p.length < 8) continue;
    const key = `${p[3]}\0${p[6]}`;
    const entry = parts.get(key) ?? { disk: p[3]!, part: p[6]!, fields: new Map<string, Setting>() };
    parts.set(key, entry);
    entry.fields.set(p.slice(7).join('.'), s);
  }
  const found: FileSystem[] = [];
  for (const { disk, part, fields } of parts.values()) {
    const field = (k: string) => literalString(fields.get(k));
    const uuid = field('uuid');
    const label = field('label') ?? (fields.has('label') ? null : partLabel(`disk-${disk}-${field('name') ?? part}`));
    if (!uuid && (label === null || (fields.has('name') && !field('name')))) continue;
    const partition = uuid ? `/dev/disk/by-partuuid/${uuid}` : `/dev/disk/by-partlabel/${udevEscape(label!)}`;
    const luks = field('content.type') === 'luks';
    const inner = luks ? 'content.content.' : 'content.';
    const mountPoint = field(`${inner}mountpoint`);
    if (!mountPoint) continue;
    const mapper = luks ? field('content.name') : null;
    if (luks && !mapper) continue;
    const options = fields.get(`${inner}mountOptions`);
    found.push({
      mountPoint,
      device: mapper ? `/dev/mapper/${mapper}` : partition,
      fsType: field(`${inner}format`),
      options: options && !options.computed ? [...options.value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!) : [],
      source: fields.get(`${inner}mountpoint`)!.source,
    });
  }
  return found;
}

/** A GPT partition name as disko makes it: the name itself, or the first 36 hex digits of its sha256 when longer. */
function partLabel(label: string): string {
  return label.length > 36 ? createHash('sha256').update(label).digest('hex').slice(0, 36) : label;
}

/** A name as udev writes it in a `/dev/disk/by-*` link: characters outside `0-9A-Za-z#+,-.:=@_/` as `\xHH`. */
function udevEscape(name: string): string {
  return name.replace(/[^0-9A-Za-z#+,\-.:=@_/]/g, (c) => `\\x${c.codePointAt(0)!.toString(16).toUpperCase()}`);
}

/**
 * The file systems to mount when recovering a host: those its settings declare, then those its disko
 * layout creates for mount points the settings leave out.
 * @param host the host
 */
export function recoveryFileSystems(host: Host): FileSystem[] {
  const declared = fileSystems(host);
  const mounts = new Set(declared.map((f) => f.mountPoint));
  return [...declared, ...diskoFileSystems(host).filter((f) => !mounts.has(f.mountPoint))];
}

/**
 * The people who use a host: accounts its settings create (`users.users.<name>.isNormalUser = true` on
 * NixOS; any `users.users.<name>` and `system.primaryUser` on nix-darwin), then its home-manager users,
 * then those its evaluated configuration adds (names its modules compute), each once, in that order.
 * @param host the host
 */
export function hostUsers(host: Host): string[] {
  const found = new Set<string>();
  for (const s of host.settings) {
    const p = splitSettingPath(s.path);
    if (host.class === 'darwin' && s.path === 'system.primaryUser' && literalString(s)) found.add(literalString(s)!);
    // A name the settings compute (`users.users.${cfg.name}`) is not known statically.
    if (p[0] !== 'users' || p[1] !== 'users' || !p[2] || p[2].includes('${') || p.length < 4) continue;
    if (host.class === 'darwin' || (p[3] === 'isNormalUser' && isTrue(s))) found.add(p[2]);
  }
  for (const u of host.users) found.add(u);
  // What the module system evaluated: a name a module computes (`users.users.${cfg.name}`) is known there.
  for (const u of host.accounts ?? []) found.add(u);
  return [...found];
}

/** LUKS devices opened in the initrd (`boot.initrd.luks.devices.<name>.device`). */
export function luksDevices(host: Host): { name: string; device: string | null; source: SourceLocation }[] {
  const found: { name: string; device: string | null; source: SourceLocation }[] = [];
  for (const s of host.settings) {
    const parts = splitSettingPath(s.path);
    if (parts.slice(0, 4).join('.') !== 'boot.initrd.luks.devices' || parts.length !== 6 || parts[5] !== 'device') continue;
    found.push({ name: parts[4]!, device: literalString(s) ?? s.value, source: s.source });
  }
  return found;
}

/** A backup job a host configures. */
export interface BackupJob {
  /** The job's name: `restic-backups-<name>.service` for restic, `borgbackup-job-<name>` for borg. */
  name: string;
  tool: 'restic' | 'borg';
  /** Paths it backs up, when literal. */
  paths: string[];
  /** Its schedule, when literal. */
  schedule: string | null;
  source: SourceLocation;
}

/**
 * The backup jobs of a host: `services.restic.backups.<name>`, `services.borgbackup.jobs.<name>`, and
 * jobs of the flake's own backup module (`<prefix>.backups.jobs.<name>`, tool from the host's other settings).
 * @param host the host
 */
export function backupJobs(host: Host): BackupJob[] {
  const jobs = new Map<string, BackupJob>();
  const usesBorg = host.settings.some((s) => s.path.startsWith('services.borgbackup.'));
  for (const s of host.settings) {
    const parts = splitSettingPath(s.path);
    let tool: BackupJob['tool'] | undefined;
    let index = -1;
    if (parts[0] === 'services' && parts[1] === 'restic' && parts[2] === 'backups') [tool, index] = ['restic', 3];
    else if (parts[0] === 'services' && parts[1] === 'borgbackup' && parts[2] === 'jobs') [tool, index] = ['borg', 3];
    else {
      const at = parts.findIndex((p, i) => /backups?$/i.test(p) && parts[i + 1] === 'jobs');
      if (at >= 0) [tool, index] = [usesBorg ? 'borg' : 'restic', at + 2];
    }
    const name = parts[index];
    if (!tool || !name || parts.length <= index + 1) continue;
    const job = jobs.get(name) ?? { name, tool, paths: [], schedule: null, source: s.source };
    jobs.set(name, job);
    const key = parts[index + 1];
    if (key === 'paths' && !s.computed) job.paths.push(...[...s.value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!));
    if ((key === 'schedule' || key === 'startAt') && !job.schedule) job.schedule = literalString(s);
    if (key === 'timerConfig' && parts[index + 2] === 'OnCalendar' && !job.schedule) job.schedule = literalString(s);
  }
  return [...jobs.values()];
}

/** A secret the host's activation decrypts, and which of its keys can. */
export interface BootSecret {
  id: string;
  backend: 'agenix' | 'sops';
  file: string;
  /** The host's recipient ids the secret is encrypted to; empty when none (activation fails); null when unknown statically. */
  keys: string[] | null;
}

/**
 * The secrets a host declares, each with the host keys that decrypt it. agenix and sops-nix decrypt
 * them during activation, so at every boot, with the host's SSH (or age) key.
 * @param secrets the flake's secrets
 * @param host the host's name
 */
export function bootSecrets(secrets: SecretsModel, host: string): BootSecret[] {
  const keys = hostRecipients(secrets, host);
  return secrets.secrets
    .filter((s) => s.usedBy.some((u) => u.host === host))
    .map((s) => ({ id: s.id, backend: s.backend, file: s.file, keys: s.recipients === null ? null : s.recipients.filter((r) => keys.has(r)) }));
}
