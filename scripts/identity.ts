/**
 * The effective configuration of one build: which values describe the flake being documented, and
 * where each came from. The project's `flake-docs.config.json` describes the flake it names; its
 * flake-specific values never reach another flake given with `--flake`/`FLAKE_SRC`. Precedence, per
 * key: an explicit value of the project config for this very flake, then the flake's own
 * `flake-docs.json` at its root, then what the flake says of itself (flake.nix `description`, its git
 * checkout), then the defaults.
 */
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, ConfigError, configSchema, formatConfigIssues, parseConfig, parseJson, type SiteConfig } from './config.ts';
import { visibleText } from './diagnostics.ts';
import { decodeCharacterReferences } from './html-text.ts';
import { readRegularFile } from './nix/fs-guard.ts';

/** The settings file a flake may carry at its root (same keys as the flake-specific part of flake-docs.config.json). */
export const FLAKE_SETTINGS_FILE = 'flake-docs.json';

/** Keys that describe one flake: they apply only to the flake the project config names. */
export const FLAKE_KEYS = ['title', 'description', 'repository', 'roadmap', 'guides', 'profiles', 'secretPaths', 'startDate', 'hoursPerDay'] as const;
type FlakeKey = (typeof FLAKE_KEYS)[number];

/** The schema of a flake's own settings file: the flake-specific keys, all optional. */
const flakeSettingsSchema = configSchema.pick(Object.fromEntries(FLAKE_KEYS.map((k) => [k, true])) as { [K in FlakeKey]: true }).partial().strict();

/** Where one value of the identity came from, as the build's first line says it. */
export type Origin = string;

/** The effective configuration, the flake folder, and where the title and repository came from. */
export interface Identity {
  config: SiteConfig;
  /** Absolute path of the flake being documented. */
  flake: string;
  origins: { title: Origin; repository: Origin; guides: Origin; roadmap: Origin };
}

/** The largest settings file read (a real one is a few hundred bytes). */
const MAX_SETTINGS_BYTES = 1024 * 1024;

/**
 * The JSON of a settings file, or undefined when it does not exist; a ConfigError when it is not a
 * regular file inside `root`, too large, or not JSON. Read through the file guard (a FIFO, a device
 * or a symlink to /proc is refused, never read), and no error quotes the file's content.
 * @param file absolute path of the file
 * @param label how errors name it
 * @param root the folder it must stay inside, symlinks resolved
 */
function readJson(file: string, label: string, root: string): Record<string, unknown> | undefined {
  const read = readRegularFile(file, root, MAX_SETTINGS_BYTES);
  if (!read.ok) {
    if (read.missing && !existsSync(file)) return undefined;
    throw new ConfigError(`${label} was not read: it ${read.reason}`);
  }
  const raw = parseJson(read.text, label);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${label} must hold a JSON object`);
  return raw as Record<string, unknown>;
}

/** The real path of `p`, or `p` resolved when it does not exist. */
function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The string `description = "…";` of a flake.nix, read without evaluating anything; undefined when absent or not a plain string. */
export function flakeDescription(source: string): string | undefined {
  const m = /^\s*description\s*=\s*"((?:[^"\\$]|\\.|\$(?!\{))*)"\s*;/m.exec(source);
  if (!m) return undefined;
  // Control characters would reach the terminal in the build's first line: blanks instead.
  // eslint-disable-next-line no-control-regex
  const value = m[1]!.replace(/\\(.)/g, (_, c: string) => ({ n: ' ', t: ' ', r: ' ' })[c] ?? c).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return value ? value.slice(0, 200) : undefined;
}

/** What a git checkout says of the flake: the remote's web URL, the branch and the flake's folder in the repository. */
export interface GitFacts {
  remote: string | null;
  url: string | null;
  branch: string | null;
  flakeDir: string;
}

/**
 * Reads `.git/HEAD` and `.git/config` of the checkout holding `flake`, walking up from it. The files
 * are read, not handed to `git`: a flake's git config can name programs git would run.
 * @param flake absolute path of the flake
 */
export function readGitFacts(flake: string): GitFacts | undefined {
  let dir = real(flake);
  for (let i = 0; i < 64; i++) {
    const dotGit = path.join(dir, '.git');
    if (existsSync(dotGit)) {
      const gitDir = resolveGitDir(dotGit, dir);
      if (!gitDir) return undefined;
      const common = readText(path.join(gitDir, 'commondir'));
      // A linked worktree's commondir is git's own, like its gitdir; one inside the checkout may not point out of it.
      const commonDir = common ? path.resolve(gitDir, common.trim()) : gitDir;
      const configDir = !within(dir, gitDir) || within(dir, commonDir) ? commonDir : gitDir;
      const remote = originUrl(readText(path.join(configDir, 'config')) ?? '');
      const head = (readText(path.join(gitDir, 'HEAD')) ?? '').trim();
      const ref = /^ref:\s*refs\/heads\/([\w./+-]{1,200})$/.exec(head)?.[1];
      // A detached HEAD links to its commit, which is what the checkout shows; an odd branch name is
      // not used (forges resolve `HEAD` to the default branch).
      const branch = ref ?? (/^[0-9a-f]{40,64}$/.test(head) ? head : null);
      return { remote, url: remote ? webUrl(remote) : null, branch, flakeDir: path.relative(dir, real(flake)).split(path.sep).join('/') };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** Whether `target` is `dir` or inside it, symlinks resolved. */
function within(dir: string, target: string): boolean {
  const rel = path.relative(real(dir), real(target));
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The git directory of a `.git` entry: itself, or the target of a `gitdir:` file when that stays
 * inside the checkout, or is a linked worktree's folder whose own `gitdir` file names this `.git`
 * back (which a flake cannot forge: it can write only inside itself). Elsewhere is never read.
 * @param dotGit the `.git` entry
 * @param checkout the folder holding it
 */
export function resolveGitDir(dotGit: string, checkout: string): string | undefined {
  const stat = lstatSync(dotGit);
  if (stat.isDirectory()) return dotGit;
  if (!stat.isFile()) return undefined;
  const m = /^gitdir:\s*(.+)$/m.exec(readText(dotGit) ?? '');
  if (!m) return undefined;
  const target = path.resolve(checkout, m[1]!.trim());
  if (within(checkout, target)) return real(target);
  const back = readText(path.join(target, 'gitdir'))?.trim();
  return back && real(path.resolve(target, back)) === real(dotGit) ? real(target) : undefined;
}

function readText(file: string): string | undefined {
  try {
    return lstatSync(file).isFile() && lstatSync(file).size < 1_000_000 ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The `url` of `[remote "origin"]` in a git config file. */
export function originUrl(config: string): string | null {
  let inOrigin = false;
  for (const raw of config.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*([^\]\s]+)(?:\s+"([^"]*)")?\s*\]/.exec(line);
    if (section) {
      inOrigin = section[1]!.toLowerCase() === 'remote' && section[2] === 'origin';
      continue;
    }
    const kv = /^url\s*=\s*(.+)$/i.exec(line);
    if (inOrigin && kv) return kv[1]!.replace(/^"|"$/g, '').trim();
  }
  return null;
}

/** Forges whose web URLs `sourceUrl` knows how to link into. */
const FORGES = /^(github\.com|gitlab\.com|codeberg\.org|git\.sr\.ht)$|gitlab|gitea|forgejo/;

/**
 * The web URL of a git remote of GitHub, GitLab, Codeberg/Forgejo/Gitea or sourcehut, in its ssh
 * (`git@host:owner/repo.git`, `ssh://git@host[:port]/owner/repo`) or https form; undefined for other
 * hosts (no source links beat wrong ones). Credentials in the remote are never kept.
 * @param remote the remote as `remote.origin.url` holds it
 */
export function webUrl(remote: string): string | null {
  let host: string;
  let repoPath: string;
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/.exec(remote);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) {
    host = scp[1]!;
    repoPath = scp[2]!;
  } else {
    let url: URL;
    try {
      url = new URL(remote);
    } catch {
      return null;
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(url.protocol)) return null;
    host = url.hostname;
    repoPath = decodeURIComponent(url.pathname);
  }
  host = host.toLowerCase();
  repoPath = repoPath.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  if (!FORGES.test(host) || !/^~?[\w.-]+(\/[\w.-]+)+$/.test(repoPath)) return null;
  return `https://${host}/${repoPath}`;
}

/**
 * Resolves the configuration of one build.
 * @param root the project folder (holding flake-docs.config.json)
 * @param flakeArg `--flake` or `FLAKE_SRC`, when given
 */
export function resolveIdentity(root: string, flakeArg: string | undefined): Identity {
  const projectRaw = readJson(path.join(root, CONFIG_FILE), CONFIG_FILE, root) ?? {};
  const project = parseConfig(projectRaw);
  const flake = path.resolve(root, flakeArg ?? project.flake);
  const sameFlake = real(flake) === real(path.resolve(root, project.flake));
  const merged: Record<string, unknown> = { ...projectRaw };
  const origin: Partial<Record<FlakeKey, string>> = {};
  for (const key of FLAKE_KEYS) {
    if (!(key in projectRaw)) continue;
    if (sameFlake) origin[key] = CONFIG_FILE;
    else delete merged[key];
  }
  const settingsLabel = `${path.basename(flake)}/${FLAKE_SETTINGS_FILE}`;
  const own = readJson(path.join(flake, FLAKE_SETTINGS_FILE), settingsLabel, flake);
  if (own) {
    const parsed = flakeSettingsSchema.safeParse(own);
    if (!parsed.success) throw new ConfigError(formatConfigIssues(settingsLabel, parsed.error));
    for (const key of FLAKE_KEYS) {
      if (key in own && !(key in merged)) {
        merged[key] = own[key];
        origin[key] = FLAKE_SETTINGS_FILE;
      }
    }
  }
  if (!('title' in merged) || !('description' in merged)) {
    const read = readRegularFile(path.join(flake, 'flake.nix'), flake);
    const description = read.ok ? flakeDescription(read.text) : undefined;
    if (!('title' in merged)) {
      merged.title = description ?? path.basename(real(flake));
      origin.title = description ? 'flake.nix description' : 'the flake folder name';
    }
    if (!('description' in merged) && description) merged.description = description;
  }
  if (!('repository' in merged)) {
    const git = readGitFacts(flake);
    if (git?.url) {
      merged.repository = { url: git.url, branch: git.branch ?? 'HEAD', flakeDir: git.flakeDir };
      origin.repository = 'git remote origin';
    } else {
      origin.repository = git ? (git.remote ? `none (the git remote ${JSON.stringify(printableRemote(git.remote))} is not a known forge)` : 'none (the git checkout has no remote "origin")') : 'none (not a git checkout)';
    }
  }
  merged.flake = path.relative(root, flake) || '.';
  const config = parseConfig(merged, sameFlake ? CONFIG_FILE : `${CONFIG_FILE} with ${settingsLabel}`);
  // Plain text from here on: references decoded once, so every place that shows them shows the same.
  config.title = decodeCharacterReferences(config.title);
  config.description = decodeCharacterReferences(config.description);
  const repo = config.repository;
  return {
    config,
    flake,
    origins: {
      title: origin.title ?? 'default',
      repository: repo ? `${origin.repository ?? 'default'}` : (origin.repository ?? 'none'),
      guides: config.guides ? (origin.guides ?? 'default') : 'none',
      roadmap: origin.roadmap ?? 'default',
    },
  };
}

/**
 * A remote as messages may print it: scheme, host and path only, never its user, password, query or
 * fragment (a token may be in any of them, a password may hold a raw `@`); `user@host:path` loses its
 * user unless it is the conventional `git`.
 * @param remote the remote as `remote.origin.url` holds it
 */
export function printableRemote(remote: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) {
    const scp = /^(?:(.*)@)?([\w.-]+):(?!\/\/)([^?#]*)/.exec(remote);
    if (scp) return `${scp[1] === 'git' ? 'git@' : ''}${scp[2]}:${scp[3]}`;
    // A local path: no credentials to hide, only its query-like tail.
    if (!remote.includes('@')) return remote.replace(/[?#].*$/, '');
    return 'a remote that is not a URL';
  }
  try {
    const url = new URL(remote);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'a remote that is not a URL';
  }
}

/** The build's first line: each identity value and where it came from. */
export function describeIdentity(identity: Identity): string {
  const { config, origins } = identity;
  const repo = config.repository;
  const parts = [
    `title ${JSON.stringify(config.title)} from ${origins.title}`,
    repo ? `repository ${repo.url} (branch ${repo.branch}${repo.flakeDir ? `, folder ${repo.flakeDir}` : ''}) from ${origins.repository}` : `repository ${origins.repository}`,
    config.guides ? `guides ${config.guides} from ${origins.guides}` : 'no guides folder',
    `roadmap ${[config.roadmap].flat().join(', ')} from ${origins.roadmap}`,
  ];
  // The title and folder name come from the flake: no control character of theirs reaches the terminal.
  return visibleText(`flake ${identity.config.flake}: ${parts.join('; ')}`);
}
