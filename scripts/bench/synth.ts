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
