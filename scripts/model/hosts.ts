/** Hosts (nixosConfigurations, darwinConfigurations, homeConfigurations), what they import and set. */
import type { SourceLocation } from '../diagnostics.ts';

/** Which module system a configuration belongs to (`system-manager`: numtide's system-manager for non-NixOS Linux). */
export type HostClass = 'nixos' | 'darwin' | 'home' | 'system-manager';

/** What a local module file is for, from where it sits in the flake. */
export type FileRole = 'host' | 'hardware' | 'profile' | 'module' | 'common' | 'home' | 'other';

/** One module in a host's import tree. */
export type ModuleRef =
  | { kind: 'file'; path: string; role: FileRole; importedFrom: string | null }
  | { kind: 'external'; name: string; importedFrom: string | null }
  | { kind: 'inline'; source: SourceLocation; importedFrom: string | null }
  | { kind: 'unknown'; text: string; reason: string; source?: SourceLocation; importedFrom: string | null };

/** One option value a host's modules set. */
export interface Setting {
  /** Dotted option path, e.g. `services.prometheus.enable`. */
  path: string;
  /** The value as Nix's pretty printer shows it, or its source text when computed at evaluation. */
  value: string;
  /** True when the value (or part of it) is only known at evaluation time. */
  computed: boolean;
  /** `mkIf` conditions around the definition, as source text. */
  conditions: string[];
  /** `mkDefault`, `mkForce` or `mkOverride N`, when used. */
  priority: string | null;
  source: SourceLocation;
}

/** Where and how a host is deployed, as a deployment tool of the flake states it. */
export interface DeployTarget {
  /** The tool whose settings name the target. */
  tool: 'colmena' | 'deploy-rs' | 'clan';
  /** The SSH host (`deployment.targetHost`, `hostname`, clan's `targetHost` without its user part), or null when not stated. */
  targetHost: string | null;
  /** The SSH user, or null when not stated. */
  user: string | null;
  /** Tags the tool selects the host by (colmena `deployment.tags`, clan inventory tags). */
  tags: string[];
  source: SourceLocation;
}

/** An option of the flake's own modules that a host switches on (`myorg.suites.desktop.enable = true`). */
export interface Feature {
  /** The option's name. */
  option: string;
  /** The value the host sets, as Nix prints it. */
  value: string;
  source: SourceLocation;
}

/** A secret as a host's evaluated configuration declares it (`age.secrets.<name>`, `sops.secrets.<name>`). */
export interface HostSecretUse {
  backend: 'agenix' | 'sops';
  /** The name the host declares it under. */
  name: string;
  /** The encrypted file it evaluates to, relative to the flake; null when not known statically. */
  file: string | null;
  /** sops: the key inside the file (`key`), when set. */
  key: string | null;
  owner: string | null;
  group: string | null;
  mode: string | null;
  path: string | null;
  source: SourceLocation;
  /** sops: the file's `format` (`binary` files hold one secret whatever its key), when set. */
  format?: string | null;
  /** The file is set but only known at evaluation: whether it provides the secret is not known. */
  computedFile?: boolean;
  /** sops: the machine path of a sops file outside the flake (`sops.defaultSopsFile = "/var/…"`), when that is where it comes from. */
  outside?: string | null;
}

/** The value one of the flake's own options ends up with on a host, and where it came from. */
export interface EffectiveValue {
  option: string;
  /** As Nix's pretty printer shows it, or the source text when computed at evaluation. */
  value: string;
  computed: boolean;
  /** `default`: the option's default; `empty`: the type's empty value; `definitions`: the host's modules. */
  origin: 'default' | 'empty' | 'definitions';
  /** The winning priority: 100 plain, 1000 mkDefault, 50 mkForce, 1500 the option's default. */
  priority: number;
  /** The definitions that won. */
  from: SourceLocation[];
}

/** A host's entry in a registry: an attribute set keyed by host name that the flake builds its hosts from. */
export interface RegistryEntry {
  /** The entry's fields as Nix prints them (credentials redacted). */
  fields: { name: string; value: string }[];
  /** Where the entry is written; null when the set was computed (read from no file the site can point to). */
  source: SourceLocation | null;
}

/** How a configuration was built. */
export interface HostOrigin {
  /** The builder: `nixosSystem`, `darwinSystem`, `homeManagerConfiguration`, or a library's own. */
  builder: string;
  /** The flake's own function that called it (`mkDesktop`), when it has a name. */
  helper: string | null;
  /** The host's registry entry, when the host was built from one. */
  registry: RegistryEntry | null;
}

/** A configuration of the flake. */
export interface Host {
  kind: 'host';
  /** The attribute name in `nixosConfigurations` etc.: the stable id. */
  name: string;
  class: HostClass;
  /** The platform (`x86_64-linux`, `aarch64-darwin`) when the flake states it. */
  system: string | null;
  /** Where the configuration is defined (the `nixosSystem` call or helper call). */
  source: SourceLocation;
  /** Every module reached through `modules` and `imports`, in the order they are first reached. */
  modules: ModuleRef[];
  /** Names of the profiles (files in profile folders at any depth) this host imports. */
  profiles: string[];
  /** Users configured through home-manager (`home-manager.users.<name>`), or the user of a standalone configuration. */
  users: string[];
  /** Secret names the host's modules declare (`age.secrets.<name>`, `sops.secrets.<name>`). */
  secrets: string[];
  settings: Setting[];
  /** Deployment targets from colmena, deploy-rs or clan (empty when none names this host). */
  deploy: DeployTarget[];
  /** Enable and role options of the flake's own modules that this host sets. */
  features: Feature[];
  /** The secrets its evaluated configuration declares (absent where the configuration was not evaluated). */
  secretUses?: HostSecretUse[];
  /** `.age` files its configuration references by path outside `age.secrets` (decrypted by a unit of its own). */
  secretFiles?: { file: string; source?: SourceLocation }[];
  /** The effective value of each of the flake's own options on this host. */
  effective?: EffectiveValue[];
  /** The people its evaluated configuration makes accounts for (normal users, home-manager users); absent where not evaluated. */
  accounts?: string[];
  /** How it was built (absent where the evaluator did not see it built). */
  origin?: HostOrigin;
}

/** A profile: a module in a `profiles`, `roles`, `suites`, `mixins` or `presets` folder (or one the config names), and the hosts that import it. */
export interface Profile {
  kind: 'profile';
  /** The file's stem (`server` for `profiles/server.nix`, `gaming` for `profiles/gaming/default.nix`). */
  name: string;
  path: string;
  hosts: string[];
  /** Local files the profile imports directly. */
  imports: string[];
  settings: Setting[];
}
