/** Runs every extractor over one flake and assembles the model. */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SiteConfig } from '../config.ts';
import { withRegistrySeverity } from '../diagnostic-codes.ts';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import type { Progress } from '../log.ts';
import { type FlakeModel, SCHEMA_VERSION } from '../model/index.ts';
import { compileGlob, isGlob } from '../glob.ts';
import { nameDiagnostics } from '../model/slugs.ts';
import { listFlakeFiles, readRegularFile } from '../nix/fs-guard.ts';
import { createEngine, getAttr, type ParseCache, SecretPolicy } from '../nix/index.ts';
import { checkGuideRefs, knownNames } from './guide-refs.ts';
import { extractGuides } from './guides.ts';
import { extractHosts } from './hosts.ts';
import { extractInputs } from './inputs.ts';
import { extractOptions, toOptionsJson } from './options.ts';
import { modulesInUse } from './module-shape.ts';
import { extractSecrets } from './secrets.ts';
import { siteTextDiagnostics } from './site-text.ts';
import { settleSyntaxDiagnostics } from './syntax-notes.ts';
import { extractRoadmaps } from './tickets.ts';
import { extractOwnDocs } from './own-docs.ts';
import { versionControl } from './vcs.ts';
import { plural } from '../plural.ts';

/** The model plus what the CLI needs around it. */
export interface Extraction {
  model: FlakeModel;
  /** options.json in nixosOptionsDoc's format. */
  optionsJson: Record<string, unknown>;
  /** The text of a flake file, for diagnostic excerpts. */
  sourceOf(file: string): string | undefined;
}

/**
 * Extracts the model of the flake at `root`.
 * @param root absolute path of the flake
 * @param config the site configuration (roadmap location)
 * @param progress prints a timed line per phase
 * @param parseCache parsed files kept between extractions of this flake (`dev`): unchanged files are not parsed again
 */
export async function extractFlake(root: string, config: SiteConfig, progress: Progress, parseCache?: ParseCache): Promise<Extraction> {
  const engine = await progress.phase('parse flake', () => createEngine({ root, secretGlobs: config.secretPaths, parseCache }), (e) => `${e.files().length} .nix files`);
  const options = await progress.phase('options', () => extractOptions(engine), (r) => plural(r.options.length, 'option'));
  const hosts = await progress.phase('hosts', () => extractHosts(engine, options.options, { profiles: config.profiles }), (r) => `${plural(r.hosts.length, 'host')}, ${plural(r.profiles.length, 'profile')}`);
  const secrets = await progress.phase('secrets', () => extractSecrets(engine, hosts.hosts), (r) => plural(r.secrets.secrets.length, 'secret'));
  // Files from the flake are read only when they are regular files inside it (never a FIFO, never through a symlink out).
  const flakeText = (rel: string) => {
    const read = readRegularFile(path.join(root, rel), root);
    return read.ok ? read.text : undefined;
  };
  const documents = roadmapFiles(root, config.roadmap, engine.secrets);
  const roadmap = await progress.phase(
    'roadmap',
    () => {
      if (!documents.files.length) return documents.diagnostics.length ? { roadmaps: null, diagnostics: documents.diagnostics } : undefined;
      const notRead: Diagnostic[] = [];
      const files = documents.files.flatMap((file) => {
        const text = flakeText(file);
        if (text === undefined) return [];
        // A roadmap holding key material or ciphertext is never published, not even its checkbox lines.
        const secret = engine.secrets.reason(file, text);
        if (secret) {
          notRead.push({ severity: 'warning', code: 'tickets/not-read', message: `the roadmap file ${file} is a secret (${secret}): it is not published` });
          return [];
        }
        return [{ path: file, text }];
      });
      if (!files.length) return { roadmaps: null, diagnostics: [...documents.diagnostics, ...notRead] };
      const read = extractRoadmaps(files, { hoursPerDay: config.hoursPerDay, startDate: config.startDate });
      return { roadmaps: read.roadmaps, diagnostics: [...documents.diagnostics, ...notRead, ...read.diagnostics] };
    },
    (r) => {
      const docs = r?.roadmaps?.documents ?? [];
      if (!docs.length) return `no ${[config.roadmap].flat().join(', ')}`;
      const items = docs.reduce((n, d) => n + d.facts.plan.total, 0);
      return `${docs.length} ${docs.length === 1 ? 'document' : 'documents'}, ${plural(docs.reduce((n, d) => n + d.tickets.length, 0), 'ticket')}, ${items} items`;
    },
  );
  const guides = config.guides
    ? await progress.phase('guides', () => extractGuides(root, config.guides!, engine.secrets), (r) => (r.guides.length || r.diagnostics.length ? `${r.guides.length} guide${r.guides.length === 1 ? "" : "s"}` : `no ${config.guides}`))
    : undefined;
  const ownDocs = await progress.phase(
    'own docs',
    () => extractOwnDocs(root, hosts.hosts, config.guides, new Map((guides?.guides ?? []).map((g) => [g.id, g.file])), new Set(documents.files), engine.secrets),
    (r) => (r.guides.length ? `${r.guides.length} file${r.guides.length === 1 ? '' : 's'}` : 'no README or docs/'),
  );
  const inputs = extractInputs(flakeText('flake.lock'));

  const flake = engine.importFile(path.join(root, 'flake.nix'));
  const vcs = versionControl(root);
  const description = getAttr(flake, 'description')?.force();
  // Files evaluation reaches: flake.nix, what its Nix code imports, the hosts' modules and the modules it exports.
  const reached = new Set(['flake.nix', ...engine.importedByCode(), ...modulesInUse(engine)]);
  for (const h of hosts.hosts) for (const m of h.modules) if (m.kind === 'file') reached.add(m.path);
  const diagnostics: Diagnostic[] = [
    ...engine.diagnostics,
    ...options.diagnostics,
    ...hosts.diagnostics,
    ...secrets.diagnostics,
    ...(roadmap?.diagnostics ?? []),
    ...(guides?.diagnostics ?? []),
    ...ownDocs.diagnostics,
    // A guide's references to hosts, options, secrets, tickets and profiles are checked against what was extracted.
    ...(guides || ownDocs.guides.length ? checkGuideRefs([...(guides?.guides ?? []), ...ownDocs.guides], knownNames({ hosts: hosts.hosts, profiles: hosts.profiles, options: options.options, secrets: secrets.secrets, roadmap: roadmap?.roadmaps ?? null })) : []),
    ...inputs.diagnostics,
    ...siteTextDiagnostics(config, (file) => engine.sourceOf({ file, line: 1, column: 1 })),
    // Namesakes, invisible characters and look-alikes among hosts, profiles, secrets and options.
    ...nameDiagnostics({ hosts: hosts.hosts, profiles: hosts.profiles, secrets: secrets.secrets, options: options.options }),
  ];
  const model: FlakeModel = {
    schemaVersion: SCHEMA_VERSION,
    generator: 'flake-docs',
    flake: { description: description?.kind === 'string' ? description.value : null, nixFiles: engine.files().length, ...(vcs ? { vcs } : {}) },
    inputs: inputs.inputs,
    hosts: hosts.hosts,
    profiles: hosts.profiles,
    options: options.options,
    secrets: secrets.secrets,
    roadmap: roadmap?.roadmaps ?? null,
    guides: [...(guides?.guides ?? []), ...ownDocs.guides],
    // The registry decides how bad each code is (notes never fail --strict).
    diagnostics: sortDiagnostics(dedupe(settleSyntaxDiagnostics(diagnostics, reached).map(withRegistrySeverity))),
  };
  return {
    model,
    optionsJson: toOptionsJson(options.options),
    sourceOf: (file) => engine.sourceOf({ file, line: 1, column: 1 }),
  };
}

/** Files a roadmap glob may find: Markdown or text, so `docs/*` cannot publish a key. */
const ROADMAP_FILE = /\.(md|markdown|mdx|txt)$/i;

/**
 * The planning documents the `roadmap` key names, relative to the flake, in the order given (a glob's
 * matches sorted, and only Markdown or text files). Globs are matched in linear time against the
 * flake's listing, which never enters `.git`; a named file inside `.git` or secret by its path is
 * refused with a warning. A listed file or glob that finds nothing is a warning; a single missing path
 * is not, since the default `docs/tickets.md` is optional. Paths leaving the flake, also through a
 * symbolic link, are ignored.
 * @param root absolute path of the flake
 * @param roadmap the `roadmap` setting
 * @param policy which files are secret
 */
export function roadmapFiles(root: string, roadmap: string | string[], policy: SecretPolicy = new SecretPolicy()): { files: string[]; diagnostics: Diagnostic[] } {
  const patterns = [roadmap].flat();
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const realRoot = realpathSync(root);
  const inside = (rel: string) => {
    const abs = path.resolve(root, rel);
    if (!existsSync(abs) || !statSync(abs).isFile()) return false;
    return realpathSync(abs).startsWith(realRoot + path.sep);
  };
  let listing: string[] | undefined;
  const flakeFiles = () => (listing ??= listFlakeFiles(root).flatMap((e) => (e.kind === 'file' ? [e.rel] : [])));
  for (const pattern of patterns) {
    let found: string[];
    if (isGlob(pattern)) {
      const glob = compileGlob(pattern);
      found = glob.ok ? flakeFiles().filter((f) => ROADMAP_FILE.test(f) && glob.test(f)) : [];
    } else {
      const file = path.posix.normalize(pattern.replace(/^\.\//, ''));
      const refused = file.split('/').includes('.git') ? 'is inside .git, which is never read' : policy.byPath(file) ? `is a secret (${policy.byPath(file)})` : undefined;
      if (refused) {
        diagnostics.push({ severity: 'warning', code: 'tickets/not-read', message: `the roadmap entry "${pattern}" ${refused}: it is not published` });
        continue;
      }
      found = [file];
    }
    const matched = found.filter(inside);
    if (!matched.length && (patterns.length > 1 || isGlob(pattern))) {
      diagnostics.push({
        severity: 'warning',
        code: 'tickets/no-document',
        message: `the roadmap entry "${pattern}" of flake-docs.config.json matches no file in the flake`,
      });
    }
    for (const f of matched) if (!files.includes(f)) files.push(f);
  }
  return { files, diagnostics };
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  // A note saying, on the same line, what a warning or error there already says is folded into it.
  const place = (d: Diagnostic) => `${d.location?.file}:${d.location?.line}\0${d.message}`;
  const louder = new Set(list.filter((d) => d.severity !== 'info').map(place));
  return list.filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key) || (d.severity === 'info' && louder.has(place(d)))) return false;
    seen.add(key);
    return true;
  });
}
