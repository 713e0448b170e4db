/** The flake's own commands: its development shells and what they offer, its `apps` and its `packages`. */
import type { SourceLocation } from '../diagnostics.ts';

/** A command a development shell puts on the PATH, or a numtide devshell's `commands` entry. */
export interface ShellCommand {
  name: string;
  /** What it does, as the flake says (`help`, `meta.description`); null when it says nothing. */
  help: string | null;
  /** The command line or the start of the script, as written (credentials redacted); null when computed. */
  command: string | null;
  /** `script`: a wrapper the flake writes (`writeShellScriptBin`, `writeShellApplication`); `devshell`: a devshell `commands` entry. */
  kind: 'script' | 'devshell';
  source: SourceLocation | null;
}

/** One development shell (`devShells.<system>.<name>`). */
export interface DevShell {
  name: string;
  /** The platforms it is defined for. */
  systems: string[];
  /** The function that makes it (`mkShell`, `devshell.mkShell`); null when not a known call. */
  builder: string | null;
  commands: ShellCommand[];
  /** Packages it adds by name (`pkgs.sops` → `sops`). */
  tools: string[];
  /** Where its `shellHook` (or devshell `motd`/`startup`) is written, when it has one. */
  shellHook: SourceLocation | null;
  source: SourceLocation | null;
}

/** One app (`apps.<system>.<name>`), run with `nix run .#<name>`. */
export interface FlakeApp {
  name: string;
  systems: string[];
  /** `meta.description`, when a literal. */
  description: string | null;
  /** The program as written (`"${genCert}/bin/gen-cert"`). */
  program: string | null;
  source: SourceLocation | null;
}

/** One package (`packages.<system>.<name>`), built with `nix build .#<name>`. */
export interface FlakePackage {
  name: string;
  systems: string[];
  description: string | null;
  /** The function that makes it (`writeShellApplication`, `stdenv.mkDerivation`), when a known call. */
  builder: string | null;
  source: SourceLocation | null;
}

/** Everything the flake offers to run. */
export interface FlakeCommands {
  shells: DevShell[];
  apps: FlakeApp[];
  packages: FlakePackage[];
}
