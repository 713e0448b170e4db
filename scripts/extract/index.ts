/** Runs every extractor over one flake and assembles the model. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SiteConfig } from '../config.ts';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import type { Progress } from '../log.ts';
import { type FlakeModel, SCHEMA_VERSION } from '../model/index.ts';
import { createEngine, getAttr } from '../nix/index.ts';
import { extractGuides } from './guides.ts';
import { extractHosts } from './hosts.ts';
import { extractInputs } from './inputs.ts';
import { extractOptions, toOptionsJson } from './options.ts';
import { extractSecrets } from './secrets.ts';
import { extractRoadmap } from './tickets.ts';

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
 */
export async function extractFlake(root: string, config: SiteConfig, progress: Progress): Promise<Extraction> {
  const engine = await progress.phase('parse flake', () => createEngine({ root }), (e) => `${e.files().length} .nix files`);
  const options = await progress.phase('options', () => extractOptions(engine), (r) => `${r.options.length} options`);
  const hosts = await progress.phase('hosts', () => extractHosts(engine, options.options), (r) => `${r.hosts.length} hosts, ${r.profiles.length} profiles`);
  const secrets = await progress.phase('secrets', () => extractSecrets(engine, hosts.hosts), (r) => `${r.secrets.secrets.length} secrets`);
  const roadmapFile = path.join(root, config.roadmap);
  const roadmap = await progress.phase(
    'roadmap',
    () => (existsSync(roadmapFile) ? extractRoadmap({ path: config.roadmap, text: readFileSync(roadmapFile, 'utf8') }) : undefined),
    (r) => (r ? `${r.roadmap.tickets.length} tickets` : `no ${config.roadmap}`),
  );
  const guides = config.guides
    ? await progress.phase('guides', () => extractGuides(root, config.guides!), (r) => (r.guides.length || r.diagnostics.length ? `${r.guides.length} guides` : `no ${config.guides}`))
    : undefined;
  const lock = path.join(root, 'flake.lock');
  const inputs = extractInputs(existsSync(lock) ? readFileSync(lock, 'utf8') : undefined);

  const flake = engine.importFile(path.join(root, 'flake.nix'));
  const description = getAttr(flake, 'description')?.force();
  const diagnostics: Diagnostic[] = [
    ...engine.diagnostics,
    ...options.diagnostics,
    ...hosts.diagnostics,
    ...secrets.diagnostics,
    ...(roadmap?.diagnostics ?? []),
    ...(guides?.diagnostics ?? []),
    ...inputs.diagnostics,
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
    roadmap: roadmap?.roadmap ?? null,
    guides: guides?.guides ?? [],
    diagnostics: sortDiagnostics(dedupe(diagnostics)),
  };
  return {
    model,
    optionsJson: toOptionsJson(options.options),
    sourceOf(file) {
      const abs = path.join(root, file);
      return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
    },
  };
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
