/**
 * Synthetic flakes for the benchmark: N module files of 10 options each, written the ways real
 * modules are (`with lib;` or `inherit (lib) …`, let-bound submodule types, `mkIf` config, literal
 * examples, imports of a shared file), plus a flake.nix whose hosts import them through `map`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Options each synthetic module declares (submodule children included). */
export const OPTIONS_PER_MODULE = 10;

function moduleFile(i: number): string {
  const header =
    i % 2 === 0
      ? `{ config, lib, pkgs, ... }:\nwith lib;\nlet\n  cfg = config.bench.m${i};`
      : `{ config, lib, pkgs, ... }:\nlet\n  inherit (lib) mkOption mkEnableOption mkPackageOption mkIf types literalExpression;\n  cfg = config.bench.m${i};`;
  return `${header}
  defaults = import ../shared/defaults.nix;
  jobType = types.submodule ({ name, ... }: {
    options.path = mkOption {
      type = types.str;
      default = "/var/lib/\${name}";
      description = "Where job \${name} keeps its state.";
    };
  });
in
{
  options.bench.m${i} = {
    enable = mkEnableOption "synthetic service ${i}";
    package = mkPackageOption pkgs "hello" { };
    port = mkOption {
      type = types.port;
      default = defaults.basePort + ${i};
      description = "Port that service ${i} listens on.";
    };
    paths = mkOption {
      type = types.listOf types.str;
      default = [ "/srv/m${i}" "/home" ];
      example = literalExpression ''[ "/data" ]'';
      description = ''
        Paths that service ${i} serves.
        Each must exist.
      '';
    };
    jobs = mkOption {
      type = types.attrsOf jobType;
      default = { };
      description = "Jobs of service ${i}.";
    };
    mode = mkOption {
      type = types.enum [ "fast" "safe" ];
      default = "safe";
      description = "How service ${i} trades speed for safety.";
    };
    extraArgs = mkOption {
      type = types.nullOr (types.listOf types.str);
      default = null;
      description = "Extra arguments.";
    };
    limits = mkOption {
      type = types.attrsOf types.int;
      default = { memoryMB = ${256 + i}; cpus = 2; };
      description = "Resource limits.";
    };
    user = mkOption {
      type = types.str;
      default = "svc${i}";
      description = "User that service ${i} runs as.";
    };
  };

  config = mkIf cfg.enable {
    systemd.services."bench-${i}" = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "\${cfg.package}/bin/hello --port \${toString cfg.port}";
    };
  };
}
`;
}

/**
 * Writes a synthetic flake of `modules` module files into `dir` (replacing what was there).
 * @returns the module files, relative to `dir`
 */
export function writeSyntheticFlake(dir: string, modules: number): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'modules'), { recursive: true });
  mkdirSync(path.join(dir, 'shared'), { recursive: true });
  writeFileSync(path.join(dir, 'shared', 'defaults.nix'), '{ basePort = 8000; }\n');
  const files: string[] = [];
  for (let i = 0; i < modules; i++) {
    const rel = `modules/m${String(i).padStart(4, '0')}.nix`;
    writeFileSync(path.join(dir, rel), moduleFile(i));
    files.push(rel);
  }
  writeFileSync(
    path.join(dir, 'flake.nix'),
    `{
  description = "synthetic flake of ${modules} modules";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";
  outputs = { self, nixpkgs, ... }:
    let
      modules = map (n: ./modules + "/\${n}") (builtins.attrNames (builtins.readDir ./modules));
    in
    {
      nixosConfigurations.bench = nixpkgs.lib.nixosSystem {
        system = "x86_64-linux";
        inherit modules;
      };
    };
}
`,
  );
  return ['flake.nix', 'shared/defaults.nix', ...files];
}

/** The shape of a synthetic site flake for the site-scale benchmark. */
export interface SiteShape {
  /** Module files, each declaring OPTIONS_PER_MODULE options. */
  modules: number;
  hosts: number;
  secrets: number;
  tickets: number;
}

/** A host file: its name, and a few options of its own choosing set, so set-by tables have rows. */
function hostFile(h: number, modules: number): string {
  const picks = [h % modules, (h * 7 + 3) % modules, (h * 13 + 5) % modules];
  const sets = [...new Set(picks)].map((m) => `  bench.m${m}.enable = true;\n  bench.m${m}.mode = "fast";`).join('\n');
  return `{ config, lib, pkgs, ... }:\n{\n  networking.hostName = "host${h}";\n${sets}\n}\n`;
}

/** An agenix recipients file: each secret readable by the owner and two hosts. */
function secretsFile(shape: SiteShape): string {
  const lines = ['let', '  owner = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKA9jkg/0QtO4KX4lEf2Gu/XIMyVKLwtGv1REGoXo5xw owner@desk";'];
  for (let h = 0; h < shape.hosts; h++) lines.push(`  host${h} = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${String(h).padStart(6, '0')}hostkeyhostkeyhostkeyhostkeyhost root@host${h}";`);
  lines.push('in', '{');
  for (let s = 0; s < shape.secrets; s++) lines.push(`  "s${String(s).padStart(4, '0')}.age".publicKeys = [ owner host${s % shape.hosts} host${(s * 3 + 1) % shape.hosts} ];`);
  lines.push('}', '');
  return lines.join('\n');
}

/** A roadmap in the tickets markdown format: epics of ten tickets, each depending on the one before. */
function ticketsFile(tickets: number): string {
  const lines = ['# Synthetic roadmap', ''];
  for (let t = 0; t < tickets; t++) {
    if (t % 10 === 0) lines.push(`## Epic ${t / 10 + 1}: Synthetic work ${t / 10 + 1}`, '**Goal**: Keep the benchmark honest', '', `### Milestone ${t / 10 + 1}.1: Batch ${t / 10 + 1} (1 week)`);
    lines.push(`- [${t % 3 === 0 ? 'x' : ' '}] BENCH-${t + 1}: Synthetic ticket ${t + 1} for module m${t}`, '  - Priority: Medium', '  - Effort: 2h');
    if (t % 10) lines.push(`  - Dependencies: BENCH-${t}`);
    lines.push(`  - Touch \`modules/m${String(t).padStart(4, '0')}.nix\``, '');
  }
  return lines.join('\n');
}

/**
 * Writes a synthetic flake with hosts, agenix secrets and a roadmap into `dir` (replacing what was
 * there): `shape.modules` module files, a `mkHost` helper that imports every module plus the host's
 * own file, a `secrets/secrets.nix` with its `.age` files, and `docs/tickets.md`.
 */
export function writeSiteFlake(dir: string, shape: SiteShape): void {
  writeSyntheticFlake(dir, shape.modules);
  mkdirSync(path.join(dir, 'hosts'), { recursive: true });
  mkdirSync(path.join(dir, 'secrets'), { recursive: true });
  mkdirSync(path.join(dir, 'docs'), { recursive: true });
  const hostNames: string[] = [];
  for (let h = 0; h < shape.hosts; h++) {
    hostNames.push(`host${h}`);
    writeFileSync(path.join(dir, 'hosts', `host${h}.nix`), hostFile(h, shape.modules));
  }
  writeFileSync(path.join(dir, 'secrets', 'secrets.nix'), secretsFile(shape));
  for (let s = 0; s < shape.secrets; s++) writeFileSync(path.join(dir, 'secrets', `s${String(s).padStart(4, '0')}.age`), 'age-encryption.org/v1\n');
  writeFileSync(path.join(dir, 'docs', 'tickets.md'), ticketsFile(shape.tickets));
  writeFileSync(
    path.join(dir, 'flake.nix'),
    `{
  description = "synthetic site flake: ${shape.modules * OPTIONS_PER_MODULE} options, ${shape.hosts} hosts";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";
  outputs = { self, nixpkgs, ... }:
    let
      modules = map (n: ./modules + "/\${n}") (builtins.attrNames (builtins.readDir ./modules));
      mkHost = name: nixpkgs.lib.nixosSystem {
        system = "x86_64-linux";
        modules = modules ++ [ (./hosts + "/\${name}.nix") ];
      };
    in
    {
      nixosConfigurations = {
${hostNames.map((n) => `        ${n} = mkHost "${n}";`).join('\n')}
      };
    };
}
`,
  );
}
