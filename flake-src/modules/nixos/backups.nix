{ config, lib, pkgs, ... }:

with lib;

let
  cfg = config.systems.backups;

  backupJobType = types.submodule ({ name, ... }: {
    options = {
      paths = mkOption {
        type = types.listOf types.str;
        example = literalExpression ''[ "/var/lib/nextcloud/data" "/srv/photos" ]'';
        description = "Paths (files and directories) this backup job saves.";
      };

      exclude = mkOption {
        type = types.listOf types.str;
        default = [ ];
        example = [ "**/.cache" "**/node_modules" ];
        description = ''
          Patterns passed to `restic backup --exclude`. Caches and build
          output do not belong in a backup.
        '';
      };

      repository = mkOption {
        type = types.str;
        default = "${cfg.repositoryBase}/${name}";
        defaultText = literalExpression ''"''${config.systems.backups.repositoryBase}/<name>"'';
        description = "restic repository for this job. Each job gets its own repository by default.";
      };

      schedule = mkOption {
        type = types.str;
        default = "daily";
        example = "*-*-* 02:30:00";
        description = "When to run, as a systemd `OnCalendar` expression (see {manpage}`systemd.time(7)`).";
      };

      pruneOpts = mkOption {
        type = types.listOf types.str;
        default = [
          "--keep-daily 7"
          "--keep-weekly 4"
          "--keep-monthly 6"
        ];
        description = "Arguments for `restic forget --prune` after each run.";
      };

      preBackup = mkOption {
        type = types.nullOr types.lines;
        default = null;
        example = literalExpression ''
          '''
            ''${config.services.postgresql.package}/bin/pg_dump -Fc nextcloud > /var/backup/nextcloud.dump
          '''
        '';
        description = "Shell commands run before the snapshot, for example a database dump.";
      };
    };
  });
in
{
  options.systems.backups = {
    enable = mkEnableOption "restic backups of this host";

    package = mkPackageOption pkgs "restic" { };

    repositoryBase = mkOption {
      type = types.str;
      example = "sftp:restic@rich-evans:/srv/backup/restic/marshmallow";
      description = ''
        Where the repositories of this host live. Anything restic accepts:

        - a local path such as `/mnt/usb-backup/restic`
        - `sftp:user@host:/path` for another machine (the laptops back up to rich-evans)
        - `b2:bucket:path` for Backblaze B2 (rich-evans itself, off-site)
      '';
    };

    passwordFile = mkOption {
      type = types.str;
      default = config.age.secrets.restic-password.path;
      defaultText = literalExpression "config.age.secrets.restic-password.path";
      description = "File holding the repository password. Decrypted by agenix from `secrets/restic-password.age`.";
    };

    environmentFile = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = literalExpression ''config.sops.secrets."restic/b2-credentials".path'';
      description = "Environment file with cloud credentials (`B2_ACCOUNT_ID`, `B2_ACCOUNT_KEY`), if the repository needs them.";
    };

    jobs = mkOption {
      type = types.attrsOf backupJobType;
      default = { };
      example = literalExpression ''
        {
          home = {
            paths = [ "/home/miscguy" ];
            exclude = [ "/home/miscguy/.cache" ];
          };
        }
      '';
      description = ''
        Backup jobs. Each job <name> becomes the unit restic-backups-<name>.service
        with a timer, and a `restic-<name>` wrapper command that already knows the
        repository and password. Leave it as {} to enable the tooling without
        running any backup.
      '';
    };

    verify = {
      enable = mkEnableOption "a monthly `restic check --read-data-subset` of every repository";

      subset = mkOption {
        type = types.strMatching "[0-9]+(%|/[0-9]+)";
        default = "5%";
        description = "How much of the pack data each verification reads back.";
      };
    };
  };

  config = mkIf cfg.enable (mkMerge [
    {
      age.secrets.restic-password = {
        file = ../../secrets/restic-password.age;
        owner = "root";
        mode = "0400";
      };

      environment.systemPackages = [ cfg.package ];

      services.restic.backups = mapAttrs (name: job: {
        inherit (job) paths exclude repository pruneOpts;
        inherit (cfg) package passwordFile environmentFile;
        initialize = true;
        backupPrepareCommand = job.preBackup;
        timerConfig = {
          OnCalendar = job.schedule;
          Persistent = true;
          RandomizedDelaySec = "30m";
        };
      }) cfg.jobs;
    }

    (mkIf cfg.verify.enable {
      systemd.services.restic-verify = {
        description = "Read back part of every restic repository";
        serviceConfig = {
          Type = "oneshot";
          EnvironmentFile = mkIf (cfg.environmentFile != null) cfg.environmentFile;
        };
        environment.RESTIC_PASSWORD_FILE = cfg.passwordFile;
        script = concatMapStringsSep "\n" (job: ''
          ${getExe cfg.package} -r ${escapeShellArg job.repository} check --read-data-subset=${cfg.verify.subset}
        '') (attrValues cfg.jobs);
      };

      systemd.timers.restic-verify = {
        wantedBy = [ "timers.target" ];
        timerConfig = {
          OnCalendar = "monthly";
          Persistent = true;
        };
      };
    })
  ]);
}
