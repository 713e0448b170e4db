/** What a host convention (an input library modelled from its documentation) contributes to the input's value. */
import type { SourceLocation } from '../../diagnostics.ts';
import type { Evaluator } from '../evaluate.ts';
import type { AttrsValue, Thunk, Value } from '../values.ts';

/** Classes of hosts a convention can make. */
export type ConventionClass = 'nixos' | 'darwin' | 'home' | 'system-manager';

/** The parts of a configuration the hosts extractor reads. */
export interface SystemSpec {
  /** A thunk of the list of modules. */
  modules?: Thunk;
  /** A thunk of the special arguments set. */
  specialArgs?: Thunk;
  /** A thunk of the platform string (`x86_64-linux`). */
  system?: Thunk;
  pkgs?: Thunk;
  lib?: Thunk;
  /** A thunk of `{ tool; targetHost; user; tags; }` when the library names a deployment target. */
  deploy?: Thunk;
  /** Where the configuration is defined. */
  loc?: SourceLocation;
}

/** What a convention gets to build its values. */
export interface ConventionContext {
  ev: Evaluator;
  /** The input's name as an expression (`inputs.clan-core`). */
  id: string;
  /** nixpkgs `lib` (with `nixosSystem`). */
  lib: Value;
  /** The `pkgs` module argument. */
  pkgs: Value;
  /** A configuration value tagged for the hosts extractor. */
  makeSystem(cls: ConventionClass, name: string, spec: SystemSpec): AttrsValue;
  /** A builder function like `nixosSystem { modules; specialArgs; system; }`. */
  systemBuilder(cls: ConventionClass, name: string): Value;
  /** flake-parts' `mkFlake`. */
  mkFlake(): Value;
  /** Gives every module of the flake an argument (as a library passes it to all its modules). */
  setModuleArg(name: string, value: Thunk): void;
}

/** Attributes a convention adds to an input: under its `lib`, and at its top level. */
export interface Contribution {
  lib?: Map<string, Thunk>;
  top?: Map<string, Thunk>;
}

/** One library's host convention. */
export interface Convention {
  /** The library, as its users know it. */
  name: string;
  /** Whether an input (by name and URL) is this library. */
  matches(name: string, url: string): boolean;
  /** The functions and modules the input provides. */
  contribute(ctx: ConventionContext): Contribution;
}
