/**
 * The one model of a documented flake: plain data, every entity with a `kind` and a stable id,
 * serialised as flake.json. Presentation (URLs, anchors) stays out of it: see render/router.ts.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { FlakeCommands } from './commands.ts';
import type { Guide } from './guides.ts';
import type { Host, Profile } from './hosts.ts';
import type { FlakeInput } from './inputs.ts';
import type { OptionDoc } from './options.ts';
import type { SecretsModel } from './secrets.ts';
import type { Roadmaps } from './tickets.ts';

export type * from './commands.ts';
export type * from './guides.ts';
export type * from './hosts.ts';
export type * from './inputs.ts';
export type * from './options.ts';
export type * from './secrets.ts';
export type * from './tickets.ts';

/** Bumped when flake.json changes incompatibly. */
export const SCHEMA_VERSION = 2;

/** Everything extracted from one flake. */
export interface FlakeModel {
  schemaVersion: typeof SCHEMA_VERSION;
  generator: 'flake-docs';
  flake: {
    /** The `description` of flake.nix, when it is a plain string. */
    description: string | null;
    /** How many .nix files the flake has. */
    nixFiles: number;
    /** The version control of its checkout (`jj` when a `.jj` folder is there, colocated or not); absent when neither. */
    vcs?: 'jj' | 'git';
  };
  inputs: FlakeInput[];
  hosts: Host[];
  profiles: Profile[];
  options: OptionDoc[];
  secrets: SecretsModel;
  /** The planning documents of the `roadmap` key, or null when none of them exists. */
  roadmap: Roadmaps | null;
  /** The flake's own guides (the configured `guides` folder), checked free of code. */
  guides: Guide[];
  /** The flake's development shells, apps and packages (absent in models written before they were read). */
  commands?: FlakeCommands;
  /** Options of the flake's modules that are not documented (`internal = true`, `visible = false`): host pages leave their settings out. */
  hiddenOptions?: string[];
  /** Every problem found, sorted by file and line. */
  diagnostics: Diagnostic[];
}
