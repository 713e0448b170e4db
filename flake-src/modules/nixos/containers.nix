{ config, lib, ... }:

with lib;

let
  cfg = config.systems.containers;

  serviceType = types.submodule ({ name, ... }: {
    options = {
      image = mkOption {
        type = types.str;
        example = "docker.io/louislam/uptime-kuma:1";
        description = "Image reference, with a tag. Pin a version tag rather than `latest`.";
      };

      ports = mkOption {
        type = types.listOf types.str;
        default = [ ];
        example = [ "127.0.0.1:3001:3001" ];
        description = "Port mappings in `host:container` form, as for `podman run -p`.";
      };

      volumes = mkOption {
        type = types.listOf types.str;
        default = [ "${cfg.dataDir}/${name}:/data" ];
        defaultText = literalExpression ''[ "''${config.systems.containers.dataDir}/<name>:/data" ]'';
        description = "Bind mounts. By default each container keeps its state in its own directory under {option}`systems.containers.dataDir`.";
      };

      environmentFiles = mkOption {
        type = types.listOf types.path;
        default = [ ];
        description = "Files with `KEY=value` lines, typically decrypted secrets.";
      };

      autoUpdate = mkOption {
        type = types.bool;
        default = false;
        description = "Let `podman auto-update` pull new images for this container's tag.";
      };
    };
  });
in
{
  options.systems.containers = {
    enable = mkEnableOption "OCI containers managed as systemd services";

    backend = mkOption {
      type = types.enum [ "podman" "docker" ];
      default = "podman";
      description = "Container engine. Podman runs without a daemon and is what rich-evans uses.";
    };

    dataDir = mkOption {
      type = types.path;
      default = "/srv/containers";
      description = "Parent directory of the containers' state. Backed up by the `containers` backup job on rich-evans.";
    };

    services = mkOption {
      type = types.attrsOf serviceType;
      default = { };
      example = literalExpression ''
        {
          uptime-kuma = {
            image = "docker.io/louislam/uptime-kuma:1";
            ports = [ "127.0.0.1:3001:3001" ];
            autoUpdate = true;
          };
        }
      '';
      description = "Containers to run. Each becomes `podman-<name>.service`.";
    };
  };

  config = mkIf cfg.enable {
    virtualisation.podman = mkIf (cfg.backend == "podman") {
      enable = true;
      dockerCompat = true;
      autoPrune.enable = true;
      defaultNetwork.settings.dns_enabled = true;
    };

    virtualisation.docker = mkIf (cfg.backend == "docker") {
      enable = true;
      autoPrune.enable = true;
    };

    virtualisation.oci-containers = {
      inherit (cfg) backend;
      containers = mapAttrs (name: svc: {
        inherit (svc) image ports volumes environmentFiles;
        autoStart = true;
        extraOptions = optional svc.autoUpdate "--label=io.containers.autoupdate=registry";
      }) cfg.services;
    };

    systemd.tmpfiles.rules = mapAttrsToList (name: _: "d ${cfg.dataDir}/${name} 0750 root root -") cfg.services;

    systemd.timers.podman-auto-update = mkIf (cfg.backend == "podman" && any (svc: svc.autoUpdate) (attrValues cfg.services)) {
      wantedBy = [ "timers.target" ];
    };
  };
}
