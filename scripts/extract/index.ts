/** Runs every extractor over one flake and assembles the model. */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SiteConfig } from '../config.ts';
import { withRegistrySeverity } from '../diagnostic-codes.ts';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import type { Progress } from '../log.ts';
import { type FlakeModel, SCHEMA_VERSION } from '../model/index.ts';
import { compileGlob, isGlob } from '../glob.ts';
import { helperCause } from '../model/coverage.ts';
import { nameDiagnostics } from '../model/slugs.ts';
import { listFlakeFiles, readRegularFile } from '../nix/fs-guard.ts';
import { createEngine, type Engine, getAttr, type ParseCache, SecretPolicy } from '../nix/index.ts';
import { checkGuideRefs, knownNames } from './guide-refs.ts';
import { extractGuides } from './guides.ts';
import { extractHosts } from './hosts.ts';
import { extractInputs } from './inputs.ts';
import { extractOptions, toOptionsJson } from './options.ts';
import { modulesInUse } from './module-shape.ts';
import { extractSecrets } from './secrets.ts';
import { siteTextDiagnostics } from './site-text.ts';
import { namedOnlyInComments, settleSyntaxDiagnostics } from './syntax-notes.ts';
import { extractRoadmaps } from './tickets.ts';
import { extractOwnDocs } from './own-docs.ts';
import { versionControl } from './vcs.ts';
import { extractCommands } from './commands.ts';
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
    (r) => (r.guides.length ? plural(r.guides.length, 'file') : 'no README or docs/'),
  );
  const inputs = extractInputs(flakeText('flake.lock'));
  // What reading the shells, apps and packages finds wrong is not reported: they are read for their names
  // and descriptions only, and other tools (nix flake check) judge them.
  const commands = await progress.phase(
    'commands',
    () => engine.withholdDiagnostics(() => extractCommands(engine)).value,
    (r) => `${plural(r.shells.length, 'shell')}, ${plural(r.apps.length, 'app')}, ${plural(r.packages.length, 'package')}`,
  );

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
    commands,
    hiddenOptions: options.hidden,
    // The registry decides how bad each code is (notes never fail --strict).
    diagnostics: sortDiagnostics(
      helperFiles(
        engine,
        outsideHosts(
          dedupe(settleSyntaxDiagnostics(diagnostics, reached, (file) => namedOnlyInComments(file, engine.files(), (f) => engine.sourceOf({ file: f, line: 1, column: 1 }))).map(withRegistrySeverity)),
          hosts.hosts,
          engine.importedByCode(),
        ),
      ),
    ),
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

/**
 * Notes of option trees built by a helper of the flake's own library (`lib.my.mkOpt`) name the file
 * that defines it (the first `.nix` file binding that name), so the owner knows what could not be read.
 * @param engine the evaluator (its files and their text)
 * @param list the diagnostics
 */
function helperFiles(engine: Engine, list: Diagnostic[]): Diagnostic[] {
  const found = new Map<string, string | undefined>();
  const fileOf = (fn: string) => {
    if (!found.has(fn)) {
      const binding = new RegExp(`(^|[\\s{;])${fn}\\s*=[^=]`, 'm');
      found.set(fn, engine.files().find((f) => binding.test(engine.sourceOf({ file: f, line: 1, column: 1 }) ?? '')));
    }
    return found.get(fn);
  };
  return list.map((d) => {
    const helper = d.code === 'options/unknown-tree' ? helperCause(d.message) : undefined;
    const file = helper && fileOf(helper.name.split('.').pop()!);
    return helper && file ? { ...d, message: d.message.replace(helper.cause, `(${helper.name}, from ${file})`) } : d;
  });
}

/** Codes of what evaluating a file's Nix code finds (not names or secrets rules, which are about other things). */
const EVALUATION = /^(nix|options)\//;

/** Said of a warning in a module file that the flake exports or holds but no host imports. */
export const OUTSIDE_HOSTS = ' (in a file no host imports)';

/**
 * Warnings of evaluation (`nix/…`, `options/…`) in a `.nix` file that no host imports, that the flake's code does not import, that
 * defines no host and is not flake.nix say so, so that the owner knows no machine is affected. Only where hosts were
 * found and every one of their imports is known: otherwise a computed import might reach the file.
 * @param list the diagnostics
 * @param hosts the hosts found
 * @param byCode files the flake's Nix code imports
 */
export function outsideHosts(list: Diagnostic[], hosts: FlakeModel['hosts'], byCode: Iterable<string>): Diagnostic[] {
  if (!hosts.length || hosts.some((h) => h.modules.some((m) => m.kind === 'unknown'))) return list;
  const imported = new Set(['flake.nix', ...byCode]);
  for (const h of hosts) {
    imported.add(h.source.file);
    for (const m of h.modules) if (m.kind === 'file') imported.add(m.path);
  }
  return list.map((d) =>
    d.severity === 'warning' && EVALUATION.test(d.code) && d.location?.file.endsWith('.nix') && !imported.has(d.location.file) ? { ...d, message: `${d.message}${OUTSIDE_HOSTS}` } : d,
  );
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  // A note saying, on the same line, what a warning or error there already says (its message, alone or
  // quoted as the cause, as `options/computed` does) is folded into it.
  const line = (d: Diagnostic) => `${d.location?.file}:${d.location?.line}`;
  const louder = new Map<string, string[]>();
  for (const d of list) if (d.severity !== 'info') (louder.get(line(d)) ?? louder.set(line(d), []).get(line(d))!).push(d.message);
  const repeats = (d: Diagnostic) => d.severity === 'info' && (louder.get(line(d)) ?? []).some((m) => d.message === m || d.message.includes(`(${m})`));
  return list.filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key) || repeats(d)) return false;
    seen.add(key);
    return true;
  });
}
