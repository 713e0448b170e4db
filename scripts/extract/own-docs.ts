/**
 * The documentation a flake already has, read with zero configuration: its `README.md` (the overview),
 * the Markdown of its `docs/` folder, and a `README.md` in a host's own folder. Each file is read as a
 * flake guide (content, never code: the same checks as the configured guides folder). Files written
 * for tools rather than people (`AGENTS.md`, `CLAUDE.md`, anything under a dot-folder such as
 * `.github/`) are left out.
 */
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import type { Guide } from '../model/guides.ts';
import type { Host } from '../model/hosts.ts';
import { listFlakeFiles } from '../nix/fs-guard.ts';
import type { SecretPolicy } from '../nix/secret-files.ts';
import { guideId, readGuide } from './guides.ts';

/** Markdown read by tools (coding assistants), not by the flake's readers. */
const FOR_TOOLS = /^(AGENTS|CLAUDE|GEMINI|COPILOT)\.md$/i;
/** At most this many entries of `docs/` are looked at. */
const MAX_ENTRIES = 10_000;

/** The folder's `README.md` (any case), when it is a regular file. */
function readmeIn(dir: string): string | undefined {
  try {
    // Dirents describe the entry itself: a symlink named README.md is not a file here.
    const entry = readdirSync(dir, { withFileTypes: true }).find((e) => e.isFile() && /^readme\.md$/i.test(e.name));
    return entry ? path.join(dir, entry.name) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The folder of each host that has one of its own: where its host module lives, when no other host's
 * module lives there too.
 * @param hosts the extracted hosts
 */
export function hostFolders(hosts: Host[]): Map<string, string> {
  const owners = new Map<string, Set<string>>();
  for (const h of hosts) {
    for (const m of h.modules) {
      if (m.kind !== 'file' || m.role !== 'host') continue;
      const dir = path.posix.dirname(m.path);
      if (dir === '.') continue;
      owners.set(dir, (owners.get(dir) ?? new Set()).add(h.name));
    }
  }
  const out = new Map<string, string>();
  for (const [dir, names] of owners) if (names.size === 1) out.set(dir, [...names][0]!);
  return out;
}

/**
 * Reads the flake's own documentation as guides.
 * @param root absolute path of the flake
 * @param hosts the extracted hosts, for their folders' READMEs
 * @param guidesFolder the configured guides folder (its files are guides already), if any
 * @param taken ids of guides already read, with their files
 * @param skip flake-relative files published otherwise (the roadmap's documents)
 * @param policy which files are secret (never published)
 */
export function extractOwnDocs(root: string, hosts: Host[], guidesFolder: string | undefined, taken: Map<string, string>, skip: ReadonlySet<string>, policy: SecretPolicy): { guides: Guide[]; diagnostics: Diagnostic[] } {
  const guides: Guide[] = [];
  const diagnostics: Diagnostic[] = [];
  const add = (abs: string, id: string, extra: Partial<Pick<Guide, 'origin' | 'host'>>) => {
    const guide = readGuide(root, abs, id, taken, diagnostics, policy, extra);
    if (guide) guides.push(guide);
    return guide;
  };
  const readme = readmeIn(root);
  if (readme) {
    const guide = add(readme, 'overview', { origin: 'readme' });
    // A README without a title heading is the flake's overview, not a page called "README".
    if (guide && /^readme$/i.test(guide.title)) guide.title = 'Overview';
  }
  const docs = path.join(root, 'docs');
  const guidesDir = guidesFolder ? path.resolve(root, guidesFolder) : undefined;
  if (isDir(docs)) {
    for (const e of listFlakeFiles(docs, MAX_ENTRIES)) {
      if (e.kind !== 'file' || !/\.md$/i.test(e.rel) || FOR_TOOLS.test(path.posix.basename(e.rel)) || e.rel.split('/').some((s) => s.startsWith('.'))) continue;
      const abs = path.join(docs, e.rel);
      if (skip.has(`docs/${e.rel}`)) continue;
      if (guidesDir && (abs === guidesDir || abs.startsWith(guidesDir + path.sep))) continue;
      add(abs, `docs/${guideId(e.rel)}`, { origin: 'docs' });
    }
  }
  for (const [dir, host] of [...hostFolders(hosts)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = readmeIn(path.join(root, dir));
    if (file) add(file, `hosts/${guideId(host)}`, { origin: 'host', host });
  }
  return { guides, diagnostics };
}

function isDir(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}
