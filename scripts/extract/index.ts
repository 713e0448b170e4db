/** Runs every extractor over one flake and assembles the model. */
import { existsSync, globSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SiteConfig } from '../config.ts';
import { withRegistrySeverity } from '../diagnostic-codes.ts';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import type { Progress } from '../log.ts';
import { type FlakeModel, SCHEMA_VERSION } from '../model/index.ts';
import { nameDiagnostics } from '../model/slugs.ts';
import { readRegularFile } from '../nix/fs-guard.ts';
import { createEngine, getAttr, type ParseCache } from '../nix/index.ts';
import { checkGuideRefs, knownNames } from './guide-refs.ts';
import { extractGuides } from './guides.ts';
import { extractHosts } from './hosts.ts';
import { extractInputs } from './inputs.ts';
import { extractOptions, toOptionsJson } from './options.ts';
import { extractSecrets } from './secrets.ts';
import { extractRoadmaps } from './tickets.ts';

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
  const options = await progress.phase('options', () => extractOptions(engine), (r) => `${r.options.length} options`);
  const hosts = await progress.phase('hosts', () => extractHosts(engine, options.options, { profiles: config.profiles }), (r) => `${r.hosts.length} hosts, ${r.profiles.length} profiles`);
  const secrets = await progress.phase('secrets', () => extractSecrets(engine, hosts.hosts), (r) => `${r.secrets.secrets.length} secrets`);
  // Files from the flake are read only when they are regular files inside it (never a FIFO, never through a symlink out).
  const flakeText = (rel: string) => {
    const read = readRegularFile(path.join(root, rel), root);
    return read.ok ? read.text : undefined;
  };
  const documents = roadmapFiles(root, config.roadmap);
  const roadmap = await progress.phase(
    'roadmap',
    () => {
      if (!documents.files.length) return documents.diagnostics.length ? { roadmaps: null, diagnostics: documents.diagnostics } : undefined;
      const files = documents.files.flatMap((file) => {
        const text = flakeText(file);
        return text === undefined ? [] : [{ path: file, text }];
      });
      const read = extractRoadmaps(files, { hoursPerDay: config.hoursPerDay, startDate: config.startDate });
      return { roadmaps: read.roadmaps, diagnostics: [...documents.diagnostics, ...read.diagnostics] };
    },
    (r) => {
      const docs = r?.roadmaps?.documents ?? [];
      if (!docs.length) return `no ${[config.roadmap].flat().join(', ')}`;
      const items = docs.reduce((n, d) => n + d.facts.plan.total, 0);
      return `${docs.length} ${docs.length === 1 ? 'document' : 'documents'}, ${docs.reduce((n, d) => n + d.tickets.length, 0)} tickets, ${items} items`;
    },
  );
  const guides = config.guides
    ? await progress.phase('guides', () => extractGuides(root, config.guides!), (r) => (r.guides.length || r.diagnostics.length ? `${r.guides.length} guide${r.guides.length === 1 ? "" : "s"}` : `no ${config.guides}`))
    : undefined;
  const inputs = extractInputs(flakeText('flake.lock'));

  const flake = engine.importFile(path.join(root, 'flake.nix'));
  const description = getAttr(flake, 'description')?.force();
  const diagnostics: Diagnostic[] = [
    ...engine.diagnostics,
    ...options.diagnostics,
    ...hosts.diagnostics,
    ...secrets.diagnostics,
    ...(roadmap?.diagnostics ?? []),
    ...(guides?.diagnostics ?? []),
    // A guide's references to hosts, options, secrets, tickets and profiles are checked against what was extracted.
    ...(guides ? checkGuideRefs(guides.guides, knownNames({ hosts: hosts.hosts, profiles: hosts.profiles, options: options.options, secrets: secrets.secrets, roadmap: roadmap?.roadmaps ?? null })) : []),
    ...inputs.diagnostics,
    // Namesakes, invisible characters and look-alikes among hosts, profiles, secrets and options.
    ...nameDiagnostics({ hosts: hosts.hosts, profiles: hosts.profiles, secrets: secrets.secrets, options: options.options }),
  ];
  const model: FlakeModel = {
    schemaVersion: SCHEMA_VERSION,
    generator: 'flake-docs',
    flake: { description: description?.kind === 'string' ? description.value : null, nixFiles: engine.files().length },
    inputs: inputs.inputs,
    hosts: hosts.hosts,
    profiles: hosts.profiles,
    options: options.options,
    secrets: secrets.secrets,
    roadmap: roadmap?.roadmaps ?? null,
    guides: guides?.guides ?? [],
    // The registry decides how bad each code is (notes never fail --strict).
    diagnostics: sortDiagnostics(dedupe(diagnostics.map(withRegistrySeverity))),
  };
  return {
    model,
    optionsJson: toOptionsJson(options.options),
    sourceOf: (file) => engine.sourceOf({ file, line: 1, column: 1 }),
  };
}

/**
 * The planning documents the `roadmap` key names, relative to the flake, in the order given (a glob's
 * matches sorted, and only Markdown or text files, so `docs/*` cannot publish a key). A listed file or
 * glob that finds nothing is a warning; a single missing path is not, since the default
 * `docs/tickets.md` is optional. Paths leaving the flake, also through a symbolic link, are ignored.
 */
export function roadmapFiles(root: string, roadmap: string | string[]): { files: string[]; diagnostics: Diagnostic[] } {
  const patterns = [roadmap].flat();
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const realRoot = realpathSync(root);
  const inside = (rel: string) => {
    const abs = path.resolve(root, rel);
    if (!existsSync(abs) || !statSync(abs).isFile()) return false;
    return realpathSync(abs).startsWith(realRoot + path.sep);
  };
  for (const pattern of patterns) {
    const found = /[*?[{]/.test(pattern)
      ? globSync(pattern, { cwd: root })
          .map((f) => f.split(path.sep).join('/'))
          .filter((f) => /\.(md|markdown|mdx|txt)$/i.test(f))
          .sort()
      : [pattern.replace(/^\.\//, '')];
    const matched = found.filter(inside);
    if (!matched.length && (patterns.length > 1 || /[*?[{]/.test(pattern))) {
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
  return list.filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
