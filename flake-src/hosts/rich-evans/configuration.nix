# rich-evans: HP EliteDesk 800 G4 mini, the home server.
# Containers (podman), Prometheus + Grafana, restic to Backblaze B2, Nextcloud.
{ config, lib, pkgs, ... }:
let
  registry = import ../registry.nix;
  ports = import ../../modules/nixos/defaults/ports.nix;

  # Every other NixOS machine runs the node exporter (modules/nixos/monitoring.nix).
  otherLinuxHosts = builtins.filter (name: name != "rich-evans" && registry.${name}.kind == "nixos") (
    builtins.attrNames registry
  );
in
{
  systems.boot.loader = "systemd-boot";

  # The house LAN, reachable from the laptops when they are away.
  systems.networking.tailscale.advertiseRoutes = [ "192.168.1.0/24" ];

  systems.users.authorizedKeys = [
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKA9jkg/0QtO4KX4lEf2Gu/XIMyVKLwtGv1REGoXo5xw miscguy@marshmallow"
  ];

  # --- secrets kept with sops-nix (SEC-1 .. SEC-3) --------------------------
  sops = {
    defaultSopsFile = ../../secrets/rich-evans.yaml;
    age.sshKeyPaths = [ "/etc/ssh/ssh_host_ed25519_key" ];
    secrets = {
      "nextcloud/admin-pass" = {
        sopsFile = ../../secrets/rich-evans.yaml;
        owner = "nextcloud";
      };
      "restic/b2-credentials" = {
        sopsFile = ../../secrets/rich-evans.yaml;
        owner = "root";
        mode = "0400";
      };
      "containers/paperless-env" = {
        sopsFile = ../../secrets/rich-evans.yaml;
        restartUnits = [ "podman-paperless.service" ];
      };
    };
  };

  # --- Nextcloud -------------------------------------------------------------
  systems.nextcloud = {
    enable = true;
    hostName = "cloud.miscguy.example";
    adminPassFile = config.sops.secrets."nextcloud/admin-pass".path;
    apps = [ "calendar" "contacts" "notes" "tasks" "memories" ];
  };

  # --- containers ------------------------------------------------------------
  systems.containers.services = {
    uptime-kuma = {
      image = "docker.io/louislam/uptime-kuma:1.23.16";
      ports = [ "127.0.0.1:${toString ports.uptimeKuma}:3001" ];
      volumes = [ "/srv/containers/uptime-kuma:/app/data" ];
      autoUpdate = true;
    };

    jellyfin = {
      image = "docker.io/jellyfin/jellyfin:10.10.7";
      ports = [ "${toString ports.jellyfin}:8096" ];
      volumes = [
        "/srv/containers/jellyfin/config:/config"
        "/srv/media:/media:ro"
      ];
    };

    paperless = {
      image = "ghcr.io/paperless-ngx/paperless-ngx:2.15.3";
      ports = [ "127.0.0.1:${toString ports.paperless}:8000" ];
      volumes = [
        "/srv/containers/paperless/data:/usr/src/paperless/data"
        "/srv/containers/paperless/media:/usr/src/paperless/media"
      ];
      environmentFiles = [ config.sops.secrets."containers/paperless-env".path ];
    };
  };

  # --- monitoring ------------------------------------------------------------
  systems.monitoring = {
    retention = "90d";
    grafana.domain = "grafana.rich-evans.lan";
    scrapeTargets = [
      {
        job = "node";
        targets = map (name: "${name}:${toString ports.nodeExporter}") otherLinuxHosts;
        interval = "60s";
      }
    ];
  };

  # --- backups ---------------------------------------------------------------
  systems.backups = {
    repositoryBase = "b2:rich-evans-restic:hosts/rich-evans";
    environmentFile = config.sops.secrets."restic/b2-credentials".path;
    jobs = {
      nextcloud = {
        paths = [
          "/var/lib/nextcloud/data"
          "/var/backup/nextcloud"
        ];
        exclude = [ "/var/lib/nextcloud/data/*/cache" "/var/lib/nextcloud/data/appdata_*/preview" ];
        schedule = "*-*-* 02:30:00";
        preBackup = ''
          ${pkgs.util-linux}/bin/runuser -u nextcloud -- \
            ${config.services.postgresql.package}/bin/pg_dump -Fc nextcloud \
            -f /var/backup/nextcloud/nextcloud.dump
        '';
      };

      containers = {
        paths = [ "/srv/containers" ];
        schedule = "*-*-* 03:30:00";
      };

      # The laptops back up to /srv/backup/restic over SFTP; copy that off-site too.
      laptops = {
        paths = [ "/srv/backup/restic" ];
        schedule = "Sun *-*-* 04:00:00";
        pruneOpts = [ "--keep-weekly 8" "--keep-monthly 12" ];
      };
    };
  };

  users.users.restic = {
    isSystemUser = true;
    group = "restic";
    home = "/srv/backup/restic";
    createHome = true;
    shell = pkgs.bashInteractive;
    openssh.authorizedKeys.keys = [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJN5F5XGLtnSEn5S9p/pAFjS0NZNH3zYdSxfveutE8jO root@marshmallow"
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ/bkT+KE65dn1/zHRNyXz5Nzh12wXG6AUQZ7rVagkuP root@total-eclipse"
    ];
  };
  users.groups.restic = { };

  networking.firewall.allowedTCPPorts = [ 80 443 ports.jellyfin ];

  system.stateVersion = "23.11";
}
