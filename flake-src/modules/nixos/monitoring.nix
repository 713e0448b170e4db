{ config, lib, ... }:

let
  inherit (lib) mkEnableOption mkOption mkIf mkMerge types literalExpression;
  cfg = config.systems.monitoring;
in
{
  options.systems.monitoring = {
    enable = mkEnableOption "the Prometheus and Grafana stack (rich-evans)";

    exporter.enable = mkOption {
      type = types.bool;
      default = true;
      description = "Run the node exporter so rich-evans can scrape this host over Tailscale.";
    };

    ports = mkOption {
      type = types.attrsOf types.port;
      default = import ./defaults/ports.nix;
      description = "Ports of the monitoring services and the containers they watch.";
    };

    retention = mkOption {
      type = types.str;
      default = "30d";
      example = "90d";
      description = "How long Prometheus keeps samples.";
    };

    scrapeTargets = mkOption {
      type = types.listOf (types.submodule {
        options = {
          job = mkOption {
            type = types.str;
            description = "Prometheus `job_name`.";
          };
          targets = mkOption {
            type = types.listOf types.str;
            example = [ "marshmallow:9100" "total-eclipse:9100" ];
            description = "`host:port` pairs to scrape.";
          };
          interval = mkOption {
            type = types.str;
            default = "30s";
            description = "Scrape interval for this job.";
          };
        };
      });
      default = [ ];
      description = ''
        Extra scrape jobs. The local node exporter is always scraped; the
        other hosts are listed here, usually computed from `hosts/registry.nix`.
      '';
    };

    grafana.domain = mkOption {
      type = types.str;
      default = "grafana.${config.networking.hostName}.lan";
      defaultText = literalExpression ''"grafana.''${config.networking.hostName}.lan"'';
      description = "Host name Grafana answers to.";
    };

    alertDiskPercent = mkOption {
      type = types.ints.between 50 99;
      default = 90;
      description = "Fire the `DiskAlmostFull` alert when a filesystem is fuller than this.";
    };
  };

  config = mkMerge [
    (mkIf cfg.exporter.enable {
      services.prometheus.exporters.node = {
        enable = true;
        port = cfg.ports.nodeExporter;
        enabledCollectors = [ "systemd" "processes" ];
      };
      networking.firewall.interfaces.tailscale0.allowedTCPPorts = [ cfg.ports.nodeExporter ];
    })

    (mkIf cfg.enable {
      services.prometheus = {
        enable = true;
        port = cfg.ports.prometheus;
        retentionTime = cfg.retention;
        scrapeConfigs =
          [
            {
              job_name = "node-local";
              static_configs = [ { targets = [ "127.0.0.1:${toString cfg.ports.nodeExporter}" ]; } ];
            }
          ]
          ++ map (t: {
            job_name = t.job;
            scrape_interval = t.interval;
            static_configs = [ { inherit (t) targets; } ];
          }) cfg.scrapeTargets;
        rules = [
          (builtins.toJSON {
            groups = [
              {
                name = "disks";
                rules = [
                  {
                    alert = "DiskAlmostFull";
                    expr = ''(1 - node_filesystem_avail_bytes{fstype!="tmpfs"} / node_filesystem_size_bytes) * 100 > ${toString cfg.alertDiskPercent}'';
                    for = "15m";
                  }
                ];
              }
            ];
          })
        ];
      };

      age.secrets.grafana-admin = {
        file = ../../secrets/grafana-admin.age;
        owner = "grafana";
      };

      services.grafana = {
        enable = true;
        settings = {
          server = {
            http_addr = "127.0.0.1";
            http_port = cfg.ports.grafana;
            inherit (cfg.grafana) domain;
          };
          security.admin_password = "$__file{${config.age.secrets.grafana-admin.path}}";
        };
        provision.datasources.settings.datasources = [
          {
            name = "Prometheus";
            type = "prometheus";
            url = "http://127.0.0.1:${toString cfg.ports.prometheus}";
            isDefault = true;
          }
        ];
      };
    })
  ];
}
