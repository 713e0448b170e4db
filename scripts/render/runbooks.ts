/**
 * The runbooks: generic guides (bootstrap a host, update inputs, rebuild and deploy, roll back, a
 * machine that does not boot, re-key secrets, restore from backup) written once and made concrete
 * from the model, and one recovery page per host. They are generated, not hand-written, so that they
 * name only this flake's hosts and commands, and a section that does not apply (no GRUB host, no
 * agenix, no backup job) is left out rather than shown empty. The home page is generated too, with
 * cards only for sections the flake has.
 */
import type { FlakeModel, Host, HostClass } from '../model/index.ts';
import { backupJobs, bootLoader, bootSecrets, luksDevices, recoveryFileSystems, type BackupJob } from '../model/host-facts.ts';
import { hostAccess } from '../model/secrets.ts';
import { mermaidId, mermaidLabel, refLink, type RenderContext, sourceLink } from './context.ts';
import { commandsFor } from './commands.ts';
import { buildCommand, CLASS_LABEL, deployCommand, flakeAttr, hostRef } from './hosts.ts';
import { attr, codeSpan, frontmatter, type GeneratedPage, link, mermaid, text } from './mdx.ts';
import type { EntityRef } from './router.ts';
import { plural } from '../plural.ts';

/** The generic runbooks, by id (= slug), with their titles. */
export const RUNBOOKS = {
  bootstrap: { id: 'setup/bootstrap-a-host', title: 'Bootstrap a new host' },
  update: { id: 'maintenance/update-inputs', title: 'Update the flake inputs' },
  rebuild: { id: 'maintenance/rebuild-and-deploy', title: 'Rebuild and deploy' },
  rekey: { id: 'maintenance/re-key-secrets', title: 'Re-key secrets after a host key changes' },
  rollback: { id: 'recovery/roll-back-a-generation', title: 'Roll back a generation' },
  restore: { id: 'recovery/restore-from-backup', title: 'Restore from backup' },
  noBoot: { id: 'troubleshooting/machine-wont-boot', title: "A machine won't boot" },
} as const;
type RunbookKey = keyof typeof RUNBOOKS;

/** What each runbook is for, as its card on the home page says it. */
const RUNBOOK_PURPOSE: Record<RunbookKey, string> = {
  bootstrap: 'Install a new machine from this flake, by kind of configuration.',
  update: 'Move the pinned inputs forward and review what changed before switching.',
  rebuild: 'The command that builds and switches each host, here or over SSH.',
  rekey: 'A host was reinstalled: give its new key the secrets it can decrypt.',
  rollback: 'Go back to the generation that worked, on each kind of host.',
  restore: 'Get files back from the backup jobs the hosts run.',
  noBoot: 'From the boot menu to reinstalling the boot loader, step by step.',
};


/** What the flake's own commands are matched on for each runbook (name, description, command line). */
const DEPLOY_TOPIC = /deploy|rebuild|switch|colmena|activate/i;
const UPDATE_TOPIC = /\bupdate|\bbump|flake\.lock|lock file/i;
const REKEY_TOPIC = /re-?key|agenix|\bsops\b|re-?encrypt/i;
const BOOTSTRAP_TOPIC = /install|bootstrap|nixos-anywhere|provision|disko/i;

/** A fenced shell block holding `lines` literally, fenced longer than any backtick run inside. */
export function shell(lines: string[]): string {
  const code = lines.join('\n');
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}sh\n${code}\n${marks}`;
}

/** Which runbooks apply to this flake; the others are not generated (and not linked). */
export function applicableRunbooks(model: Pick<RenderContext['model'], 'hosts' | 'secrets'>): Set<RunbookKey> {
  const { hosts, secrets } = model;
  const keys = new Set<RunbookKey>(['update', 'rollback']);
  if (hosts.length) keys.add('bootstrap').add('rebuild');
  if (secrets.secrets.length) keys.add('rekey');
  if (hosts.some((h) => backupJobs(h).length)) keys.add('restore');
  if (hosts.some((h) => h.class === 'nixos')) keys.add('noBoot');
  return keys;
}

/** Renders the runbooks that apply, one recovery page per host and the home page. */
export function renderRunbooks(ctx: RenderContext): GeneratedPage[] {
  const apply = applicableRunbooks(ctx.model);
  const writers: Record<RunbookKey, (ctx: RenderContext, apply: Set<RunbookKey>) => string[]> = {
    bootstrap: bootstrapBody,
    update: updateBody,
    rebuild: rebuildBody,
    rekey: rekeyBody,
    rollback: rollbackBody,
    restore: restoreBody,
    noBoot: noBootBody,
  };
  const pages: GeneratedPage[] = [];
  let order = 1;
  for (const key of Object.keys(RUNBOOKS) as RunbookKey[]) {
    if (!apply.has(key)) continue;
    const { id, title } = RUNBOOKS[key];
    const head = frontmatter({ title, slug: ctx.router.slug({ kind: 'runbook', id }), sidebar: { order: order++ } });
    pages.push({ path: `${id}.md`, content: `${head}\n${writers[key](ctx, apply).join('\n')}\n` });
  }
  ctx.model.hosts.forEach((h, i) => pages.push(recoveryPage(ctx, h, 100 + i, apply)));
  pages.push(homePage(ctx, apply));
  return pages;
}

const hostHref = (ctx: RenderContext, h: Host) => ctx.router.href(hostRef(h));
const hostLinks = (ctx: RenderContext, hosts: Host[]) => hosts.map((h) => link(hostHref(ctx, h), h.name)).join(', ');
const runbookLink = (ctx: RenderContext, key: RunbookKey, section?: string) => refLink(ctx, { kind: 'runbook', id: RUNBOOKS[key].id, section }, RUNBOOKS[key].title);
const byClass = (hosts: Host[], cls: HostClass) => hosts.filter((h) => h.class === cls);
/** Inline code for a table cell: a Markdown code span would let a `|` in the value end the cell and expose the rest to MDX. */
const code = (value: string) => `<code>${text(value)}</code>`;
/** A paragraph: text and links joined, in an element so MDX keeps the spaces between them. */
const para = (...parts: string[]) => `<p>${parts.join('')}</p>`;

/** The host used in examples: the first of a class, its name written as a flake attribute. */
function example(hosts: Host[]): string {
  return flakeAttr(hosts[0]!.name);
}

function bootstrapBody(ctx: RenderContext, apply: Set<RunbookKey>): string[] {
  const { hosts } = ctx.model;
  const out = [para(text('How a new machine joins this flake, by kind of configuration. The flake has '), text(hosts.length === 1 ? '1 configuration' : `${hosts.length} configurations`), text(': see '), link(ctx.router.href({ kind: 'hosts' }), 'all hosts'), text('.')), ''];
  const nixos = byClass(hosts, 'nixos');
  if (nixos.length) {
    out.push('## A NixOS machine', '', para(text('Existing NixOS hosts to copy from: '), hostLinks(ctx, nixos), text('.')), '');
    out.push('1. Boot the NixOS installer, partition and mount the disks under `/mnt`.', '2. Generate the hardware configuration and copy it into the new host\'s folder in the flake:', '');
    out.push(shell(['sudo nixos-generate-config --root /mnt --show-hardware-config > hardware-configuration.nix']), '');
    out.push('3. Add the host to the flake\'s configurations under its new name, commit, and install from the flake:', '');
    out.push(shell(['sudo nixos-install --flake .#NEW-HOST']), '');
  }
  const darwin = byClass(hosts, 'darwin');
  if (darwin.length) {
    out.push('## A Mac (nix-darwin)', '', para(text('Existing nix-darwin hosts: '), hostLinks(ctx, darwin), text('.')), '');
    out.push('Install Nix, then switch to the configuration for the first time; nix-darwin activates as root (since 25.05), and later switches use `sudo darwin-rebuild switch`:', '');
    out.push(shell(['sudo nix run nix-darwin/master#darwin-rebuild -- switch --flake .#NEW-HOST']), '');
  }
  const home = byClass(hosts, 'home');
  if (home.length) {
    out.push('## A home-manager user', '', para(text('Existing home-manager configurations: '), hostLinks(ctx, home), text('.')), '');
    out.push(shell(['nix run home-manager -- switch --flake .#NEW-USER']), '');
  }
  const sm = byClass(hosts, 'system-manager');
  if (sm.length) {
    out.push('## A non-NixOS Linux machine (system-manager)', '', para(text('Existing system-manager configurations: '), hostLinks(ctx, sm), text('.')), '');
    out.push(shell([buildCommand({ ...sm[0]!, name: 'NEW-HOST' })]), '');
    out.push('Or from another machine, over SSH as a user who may run `sudo` there:', '', shell([systemManagerRemote('NEW-HOST')]), '');
  }
  if (apply.has('rekey')) {
    out.push('## Give it its secrets', '', para(text('The new machine\'s host key must be a recipient of the secrets it uses before its first activation: '), runbookLink(ctx, 'rekey'), text('.')), '');
  }
  out.push(...commandsFor(ctx, BOOTSTRAP_TOPIC));
  return out;
}

/** How to review the new lock file before committing it: with the checkout's own version control. */
function lockReview(ctx: RenderContext): string[] {
  if (ctx.model.flake.vcs === 'jj') return ['jj diff flake.lock'];
  if (ctx.model.flake.vcs === 'git') return ['git diff flake.lock'];
  return [];
}

/** system-manager run from another machine: `--target-host` comes before the subcommand, `--sudo` after it. */
function systemManagerRemote(name: string): string {
  return `nix run 'github:numtide/system-manager' -- --target-host USER@HOST switch --flake .#${flakeAttr(name)} --sudo`;
}

function updateBody(ctx: RenderContext, apply: Set<RunbookKey>): string[] {
  const inputs = ctx.model.inputs.filter((i) => !i.follows);
  const out = ['Update the pinned inputs in `flake.lock`, build before switching, and keep the old generation until the new one has booted.', '', '## Update every input', '', shell(['nix flake update', ...lockReview(ctx)]), ''];
  if (inputs.length) {
    out.push('## Update one input', '', para(text('This flake pins '), inputs.map((i) => `<code>${text(i.name)}</code>`).join(', '), text('.')), '');
    out.push(shell([`nix flake update ${inputs[0]!.name.replace(/[^\w.-]/g, '')}`]), '');
  }
  out.push(...commandsFor(ctx, UPDATE_TOPIC));
  if (apply.has('rebuild')) out.push('## Then', '', para(text('Build and switch each host: '), runbookLink(ctx, 'rebuild'), text('. If a host misbehaves after the update: '), runbookLink(ctx, 'rollback'), text('.')), '');
  return out;
}

function rebuildBody(ctx: RenderContext): string[] {
  const { hosts } = ctx.model;
  const out = ['Each host switches with the command of its kind, run from a checkout of the flake.', '', '| Host | Kind | Build and switch |', '| --- | --- | --- |'];
  for (const h of hosts) out.push(`| ${link(hostHref(ctx, h), h.name)} | ${CLASS_LABEL[h.class]} | <code>${text(buildCommand(h))}</code> |`);
  out.push('');
  const nixos = byClass(hosts, 'nixos');
  if (nixos.length) {
    out.push('## Try before switching', '', 'Build without activating, or activate without making it the boot default:', '', shell([`nixos-rebuild build --flake .#${example(nixos)}`, `sudo nixos-rebuild test --flake .#${example(nixos)}`]), '');
  }
  const sm = byClass(hosts, 'system-manager');
  if (sm.length) {
    out.push('## system-manager hosts from another machine', '', 'Over SSH, as a user who may run `sudo` on the machine:', '', shell([systemManagerRemote(sm[0]!.name)]), '');
  }
  for (const tool of ['colmena', 'deploy-rs', 'clan'] as const) {
    const deployed = hosts.flatMap((h) => h.deploy.filter((d) => d.tool === tool).map((d) => ({ h, ...deployCommand(h, d) })));
    if (!deployed.length) continue;
    out.push(`## Deploy with ${tool}`, '', '| Host | Target | Command |', '| --- | --- | --- |');
    for (const d of deployed) out.push(`| ${link(hostHref(ctx, d.h), d.h.name)} | ${d.target ? `<code>${text(d.target)}</code>` : '—'} | <code>${text(d.command)}</code> |`);
    out.push('');
  }
  out.push(...commandsFor(ctx, DEPLOY_TOPIC));
  return out;
}

/** The commands that go back to the previous generation on a host of `cls`. */
function rollbackCommands(cls: HostClass, h: Host, vcs: FlakeModel['flake']['vcs']): string[] {
  switch (cls) {
    case 'nixos':
      return ['sudo nixos-rebuild switch --rollback', '# or pick one: list them, then switch to generation N', 'sudo nix-env --list-generations --profile /nix/var/nix/profiles/system', 'sudo nix-env --switch-generation N --profile /nix/var/nix/profiles/system', 'sudo /nix/var/nix/profiles/system/bin/switch-to-configuration switch'];
    case 'darwin':
      return ['darwin-rebuild --list-generations', 'sudo darwin-rebuild --rollback'];
    case 'home':
      return ['home-manager generations', '# run the activate script of the generation to go back to:', '/nix/store/…-home-manager-generation/activate'];
    case 'system-manager':
      return [
        '# system-manager keeps no boot menu: switch again from the last revision that worked',
        ...(vcs === 'jj' ? ['jj log', 'jj new REVISION'] : ['git log --oneline', 'git checkout COMMIT']),
        buildCommand(h),
      ];
  }
}

function rollbackBody(ctx: RenderContext, apply: Set<RunbookKey>): string[] {
  const { hosts } = ctx.model;
  const out = ['Every switch creates a new generation and keeps the old ones until they are garbage-collected, so going back is one command. Afterwards, fix the flake: the next switch would bring the bad configuration back.', ''];
  for (const cls of ['nixos', 'darwin', 'home', 'system-manager'] as HostClass[]) {
    const of = byClass(hosts, cls);
    if (!of.length) continue;
    out.push(`## ${CLASS_LABEL[cls]} hosts`, '', para(text('Applies to '), hostLinks(ctx, of), text('.')), '', shell(rollbackCommands(cls, of[0]!, ctx.model.flake.vcs)), '');
  }
  if (apply.has('noBoot')) out.push(para(text('When the machine does not boot at all: '), runbookLink(ctx, 'noBoot'), text('.')), '');
  return out;
}

/**
 * Steps for choosing an older generation in the boot menu and reinstalling the boot loader, per boot
 * loader. Every file system the boot loader writes to is mounted first: the EFI system partition, and
 * for GRUB a separate `/boot` too. A device the flake does not state is a placeholder to fill in from
 * `lsblk -f`, never a guessed label.
 */
function bootLoaderSteps(kind: 'systemd-boot' | 'grub', device: string | null, efi: boolean, mounts: { root?: string | null; boot?: string | null } = {}): string[] {
  const find = !mounts.root || ((kind === 'systemd-boot' || efi) && !mounts.boot) ? ['lsblk -f   # find the root file system and the boot partition'] : [];
  const root = `sudo mount ${mounts.root ?? '/dev/ROOT-PARTITION'} /mnt`;
  const boot = `sudo mount ${mounts.boot ?? '/dev/BOOT-PARTITION'} /mnt/boot`;
  const reinstall = 'sudo nixos-enter --root /mnt -c "NIXOS_INSTALL_BOOTLOADER=1 /nix/var/nix/profiles/system/bin/switch-to-configuration boot"';
  if (kind === 'systemd-boot') {
    return [
      '1. In the systemd-boot menu (hold **Space** while the machine starts if it flashes past), pick the second entry, the previous generation.',
      '2. If the menu never shows, boot the NixOS installer, mount the root file system on `/mnt` and the EFI system partition on `/mnt/boot`, then reinstall the boot loader:',
      '',
      shell([...find, root, boot, reinstall]),
      '',
      '3. If the firmware lost its boot entry, `efibootmgr -v` lists what it knows; reinstalling as above adds it back.',
    ];
  }
  // GRUB writes its files to /boot: a separate /boot partition must be mounted, EFI or not.
  const mountBoot = efi || !!mounts.boot;
  return [
    '1. In the GRUB menu, choose **NixOS - All configurations**, then the previous generation.',
    `2. If GRUB does not start (\`grub rescue>\` or no boot device), boot the NixOS installer, mount the root file system on \`/mnt\`${mountBoot ? ` and the ${efi ? 'EFI system partition' : '`/boot` partition'} on \`/mnt/boot\`` : ''}, then reinstall GRUB${device && !efi ? ` into the boot sector of ${codeSpan(device)}` : ''}:`,
    '',
    shell([...find, root, ...(mountBoot ? [boot] : []), reinstall]),
  ];
}

function noBootBody(ctx: RenderContext, apply: Set<RunbookKey>): string[] {
  const nixos = byClass(ctx.model.hosts, 'nixos');
  const loaders = nixos.map((h) => ({ h, loader: bootLoader(h) }));
  const out = ['Work down this page in order. Keep a NixOS installer on a USB stick: the later steps need it. Each host has its own recovery page with its boot loader and file systems:', ''];
  for (const { h, loader } of loaders) out.push(`- ${link(ctx.router.href({ kind: 'recovery', host: h.name, class: h.class }), h.name)}: ${text(loader ? loader.kind : 'boot loader not stated in the flake')}`);
  out.push('', mermaid(noBootFlow(loaders.map((l) => l.loader?.kind))));
  for (const kind of ['systemd-boot', 'grub'] as const) {
    const of = loaders.filter((l) => l.loader?.kind === kind);
    if (!of.length) continue;
    out.push(`## Hosts with ${kind === 'grub' ? 'GRUB' : 'systemd-boot'}`, '', para(text('Applies to '), hostLinks(ctx, of.map((l) => l.h)), text('.')), '');
    out.push(...bootLoaderSteps(kind, null, of.some((l) => l.loader!.efi)), '');
  }
  out.push('## It stops in stage 1 or an emergency shell', '', 'A file system of `hardware-configuration.nix` could not be mounted. Compare the devices the host\'s recovery page lists with what `blkid` shows (from the emergency shell or the installer); a reformatted partition has a new UUID. Correct the flake, then switch or reinstall the boot loader as above.', '');
  if (apply.has('rekey')) out.push('## It boots but services fail', '', para(text('A secret the host cannot decrypt fails its activation: check '), codeSpan('journalctl -b -u agenix -u sops-nix'), text(' and see '), runbookLink(ctx, 'rekey'), text('.')), '');
  return out;
}

/** The decision flow of the no-boot runbook, with a branch for each boot loader the flake's hosts use. */
function noBootFlow(kinds: ('systemd-boot' | 'grub' | undefined)[]): string {
  const lines = ['flowchart TD', `  start(${mermaidLabel('Machine does not come up')}) --> menu{${mermaidLabel('Boot menu shows?')}}`];
  lines.push(`  menu -->|yes| older[${mermaidLabel('Pick the previous generation')}]`);
  lines.push(`  older --> stage{${mermaidLabel('Where does it stop?')}}`);
  lines.push(`  stage -->|${mermaidLabel('stage 1 or emergency shell')}| fs[${mermaidLabel('Check the file systems')}]`);
  for (const kind of ['systemd-boot', 'grub'] as const) {
    if (!kinds.includes(kind)) continue;
    lines.push(`  menu -->|${mermaidLabel(`no, ${kind === 'grub' ? 'GRUB' : 'systemd-boot'} host`)}| ${mermaidId('l', kind)}[${mermaidLabel(`Installer: reinstall ${kind === 'grub' ? 'GRUB' : 'systemd-boot'}`)}]`);
  }
  return lines.join('\n');
}

function rekeyBody(ctx: RenderContext): string[] {
  const { secrets } = ctx.model;
  const out = ['When a host is reinstalled its SSH host key changes, and it can no longer decrypt its secrets. Put the new public key where the old one was, then re-encrypt every secret the host is a recipient of.', ''];
  out.push('Read the new key from the host (or from the installer, before the first boot):', '', shell(['ssh-keyscan -t ed25519 HOST', '# or, on the host: cat /etc/ssh/ssh_host_ed25519_key.pub']), '');
  const agenix = secrets.secrets.filter((s) => s.backend === 'agenix');
  const sops = secrets.secrets.filter((s) => s.backend === 'sops');
  if (agenix.length) {
    const dirs = [...new Set(agenix.map((s) => s.file.split('/').slice(0, -1).join('/') || '.'))];
    out.push('## agenix', '', para(text('Replace the key in '), codeSpan(`${dirs[0] === '.' ? '' : `${dirs[0]}/`}secrets.nix`), text(', then re-encrypt all '), text(String(agenix.length)), text(' agenix secrets to their recipients with an identity that can still decrypt them:')), '');
    out.push(shell([...(dirs[0] !== '.' ? [`cd ${dirs[0]}`] : []), 'agenix --rekey -i ~/.ssh/id_ed25519']), '');
  }
  if (sops.length) {
    const files = [...new Set(sops.map((s) => s.file))].sort();
    out.push('## sops', '', 'sops-nix decrypts with the host\'s age key, derived from its SSH host key. Convert the new key, replace the old one in `.sops.yaml`, then update the keys of each file:', '');
    out.push(shell(['ssh-keyscan -t ed25519 HOST | ssh-to-age', ...files.map((f) => `sops updatekeys ${f}`)]), '');
  }
  // Every secret encrypted to one of the host's keys, used or not: all of them need re-encrypting.
  out.push('## Which host can decrypt what', '', '| Host | Secrets encrypted to its keys |', '| --- | --- |');
  for (const h of ctx.model.hosts) {
    const readable = hostAccess(secrets, h.name).canRead;
    if (readable.length) out.push(`| ${link(hostHref(ctx, h), h.name)} | ${readable.map((id) => link(ctx.router.href({ kind: 'secret', id }), id)).join(', ')} |`);
  }
  out.push('', ...commandsFor(ctx, REKEY_TOPIC));
  out.push('', para(text('Then switch the host: '), runbookLink(ctx, 'rebuild'), text('.')), '');
  return out;
}

/** The commands that list and restore snapshots of one job. */
function restoreCommands(job: BackupJob): string[] {
  if (job.tool === 'borg') return [`sudo borg-job-${job.name} list`, `sudo borg-job-${job.name} extract ::ARCHIVE path/inside`];
  return [`sudo restic-${job.name} snapshots`, `sudo restic-${job.name} restore latest --target /var/tmp/restore${job.paths[0] ? ` --include ${job.paths[0]}` : ''}`];
}

function restoreBody(ctx: RenderContext): string[] {
  const out = ['Restore into a scratch folder first, compare, then move files into place. Each job has a wrapper command on its host that already knows the repository and its password.', ''];
  out.push('| Host | Job | Tool | Paths | Schedule |', '| --- | --- | --- | --- | --- |');
  const all = ctx.model.hosts.flatMap((h) => backupJobs(h).map((job) => ({ h, job })));
  for (const { h, job } of all) {
    out.push(`| ${link(hostHref(ctx, h), h.name)} | ${code(job.name)} | ${job.tool} | ${text(job.paths.join(', ') || '—')} | ${text(job.schedule ?? '—')} |`);
  }
  out.push('');
  for (const tool of ['restic', 'borg'] as const) {
    const job = all.find((j) => j.job.tool === tool)?.job;
    if (!job) continue;
    out.push(`## With ${tool}`, '', shell(restoreCommands(job)), '');
  }
  return out;
}

/** One host's recovery page: how to get back to a working generation there, and what the machine is made of. */
function recoveryPage(ctx: RenderContext, h: Host, order: number, apply: Set<RunbookKey>): GeneratedPage {
  const ref: EntityRef = { kind: 'recovery', host: h.name, class: h.class };
  const loader = bootLoader(h);
  const out = [
    frontmatter({ title: `Recover ${h.name}`, slug: ctx.router.slug(ref), description: `How to get ${h.name} back to a working generation.`, sidebar: { order, label: h.name } }),
    '<dl class="fd-facts">',
    `<dt>Host</dt><dd>${link(hostHref(ctx, h), h.name)} (${text(CLASS_LABEL[h.class])}${h.system ? `, ${text(h.system)}` : ''})</dd>`,
    ...(h.class === 'nixos' ? [`<dt>Boot loader</dt><dd>${loader ? `${text(loader.kind === 'grub' ? `GRUB${loader.efi ? ' (EFI)' : ''}${loader.device ? ` on ${loader.device}` : ''}` : 'systemd-boot')} · ${sourceLink(ctx, loader.source)}` : text('not stated in the flake')}</dd>`] : []),
    `<dt>Switch</dt><dd><code>${text(buildCommand(h))}</code></dd>`,
    ...h.deploy.map((d) => {
      const c = deployCommand(h, d);
      return `<dt>Deploy (${d.tool})</dt><dd>${c.target ? `<code>${text(c.target)}</code> · ` : ''}<code>${text(c.command)}</code></dd>`;
    }),
    '</dl>',
    '',
    '## Back to a working generation',
    '',
    shell(rollbackCommands(h.class, h, ctx.model.flake.vcs)),
    '',
  ];
  const fss = recoveryFileSystems(h);
  const luks = luksDevices(h);
  const mounts = { root: fss.find((f) => f.mountPoint === '/')?.device, boot: fss.find((f) => f.mountPoint === '/boot')?.device };
  if (loader) {
    out.push(`## If it does not boot (${loader.kind === 'grub' ? 'GRUB' : 'systemd-boot'})`, '');
    // An encrypted root is opened before it can be mounted from the installer.
    if (luks.length) out.push(`From the installer, open the encrypted devices first: ${luks.map((l) => codeSpan(`sudo cryptsetup open ${l.device ?? 'DEVICE'} ${l.name}`)).join(', ')}.`, '');
    out.push(...bootLoaderSteps(loader.kind, loader.device, loader.efi, mounts), '');
  }
  if (fss.length) {
    out.push('## File systems', '', 'As the flake declares them; check them against `blkid` when a mount fails.', '', '| Mount point | Device | Type | Options | Declared in |', '| --- | --- | --- | --- | --- |');
    for (const fs of fss) out.push(`| ${code(fs.mountPoint)} | ${fs.device ? `<code>${text(fs.device)}</code>` : '—'} | ${text(fs.fsType ?? '—')} | ${text(fs.options.join(', ') || '—')} | ${sourceLink(ctx, fs.source)} |`);
    out.push('');
  }
  if (luks.length) {
    out.push('## Encrypted devices', '', 'Opened in the initrd; from the installer: `cryptsetup open DEVICE NAME`.', '', '| Name | Device | Declared in |', '| --- | --- | --- |');
    for (const l of luks) out.push(`| ${code(l.name)} | ${l.device ? `<code>${text(l.device)}</code>` : '—'} | ${sourceLink(ctx, l.source)} |`);
    out.push('');
  }
  const secrets = bootSecrets(ctx.model.secrets, h.name);
  if (secrets.length) {
    out.push('## Secrets needed at boot', '', 'Decrypted during activation, at every boot, with the host\'s own key. A secret none of its keys can decrypt fails activation.', '', '| Secret | Tool | Decrypted by |', '| --- | --- | --- |');
    for (const s of secrets) {
      const keys = s.keys === null ? text('not known statically') : s.keys.length ? s.keys.map((k) => `<code>${text(k)}</code>`).join(', ') : `<strong>${text('no key of this host: activation fails')}</strong>`;
      out.push(`| ${link(ctx.router.href({ kind: 'secret', id: s.id }), s.id)} | ${s.backend} | ${keys} |`);
    }
    out.push('');
  }
  const jobs = backupJobs(h);
  if (jobs.length) {
    out.push('## Backups', '', '| Job | Tool | Paths |', '| --- | --- | --- |');
    for (const j of jobs) out.push(`| ${code(j.name)} | ${j.tool} | ${text(j.paths.join(', ') || '—')} |`);
    out.push('');
  }
  out.push('## Runbooks', '');
  for (const key of ['rollback', 'noBoot', 'rekey', 'restore', 'rebuild'] as RunbookKey[]) if (apply.has(key)) out.push(`- ${runbookLink(ctx, key)}`);
  return { path: `${ctx.router.slug(ref)}.md`, content: `${out.join('\n')}\n` };
}

/** The home page: the title, and cards for the sections this flake has. */
function homePage(ctx: RenderContext, apply: Set<RunbookKey>): GeneratedPage {
  const { config, router, model } = ctx;
  const actions = [
    ...(apply.has('noBoot') ? [{ text: 'A machine will not boot', link: router.href({ kind: 'runbook', id: RUNBOOKS.noBoot.id }), icon: 'warning', variant: 'primary' }] : []),
    { text: 'Browse the hosts', link: router.href({ kind: 'hosts' }), icon: 'right-arrow', variant: apply.has('noBoot') ? 'secondary' : 'primary' },
  ];
  const overview = model.guides.find((g) => g.origin === 'readme');
  const cards: [string, string, string][] = [
    ...(overview ? [[overview.title, `The flake's own README (${overview.file}).`, router.href({ kind: 'guide', id: overview.id })] as [string, string, string]] : []),
    ['Hosts', `The ${plural(model.hosts.length, 'configuration')} of the flake, what they import and what they set.`, router.href({ kind: 'hosts' })],
    ['Module options', 'The options of the flake\'s own modules, with type, default and example.', router.href({ kind: 'options' })],
    ...(model.secrets.secrets.length ? [['Secrets', 'Which host and key can decrypt which secret. Never a secret\'s value.', router.href({ kind: 'secrets' })] as [string, string, string]] : []),
    ...(model.roadmap ? [['Roadmap', 'The tickets, their dependencies and what is ready to start.', router.href({ kind: 'roadmap' })] as [string, string, string]] : []),
    ...(Object.keys(RUNBOOKS) as RunbookKey[]).filter((k) => apply.has(k)).map((k) => [RUNBOOKS[k].title, RUNBOOK_PURPOSE[k], router.href({ kind: 'runbook', id: RUNBOOKS[k].id })] as [string, string, string]),
    ['Diagnostics', 'What the static reading of the flake found.', router.href({ kind: 'diagnostics' })],
  ];
  const out = [
    // The title is often the flake's description itself: the tagline would say it twice.
    frontmatter({ title: config.title, description: config.description, slug: 'index', template: 'splash', hero: { ...(config.description && config.description !== config.title ? { tagline: config.description } : {}), actions } }),
    "import { CardGrid, LinkCard } from '@astrojs/starlight/components';",
    '',
    '<CardGrid>',
    ...cards.map(([title, description, href]) => `  <LinkCard ${attr('title', title)} ${attr('description', description)} ${attr('href', href)} />`),
    '</CardGrid>',
  ];
  return { path: 'index.mdx', content: `${out.join('\n')}\n` };
}
