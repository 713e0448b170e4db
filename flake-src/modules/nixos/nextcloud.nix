{ config, lib, pkgs, ... }:

let
  inherit (lib) mkEnableOption mkOption mkPackageOption mkIf types literalExpression genAttrs;
  cfg = config.systems.nextcloud;
in
{
  options.systems.nextcloud = {
    enable = mkEnableOption "Nextcloud with PostgreSQL and Redis";

    package = mkPackageOption pkgs "nextcloud31" {
      extraDescription = "Move one major version at a time: Nextcloud refuses to skip versions.";
    };

    hostName = mkOption {
      type = types.str;
      example = "cloud.example.net";
      description = "Public host name; also the nginx virtual host.";
    };

    adminPassFile = mkOption {
      type = types.str;
      example = literalExpression ''config.sops.secrets."nextcloud/admin-pass".path'';
      description = "File with the initial admin password. Only read when the instance is first installed.";
    };

    apps = mkOption {
      type = types.listOf types.str;
      default = [ "calendar" "contacts" "notes" "tasks" ];
      description = "Apps from `package.packages.apps` to install and enable.";
    };

    maxUploadSize = mkOption {
      type = types.strMatching "[0-9]+[KMG]";
      default = "4G";
      description = "Largest file a client may upload.";
    };
  };

  config = mkIf cfg.enable {
    services.nextcloud = {
      enable = true;
      inherit (cfg) package hostName maxUploadSize;
      https = true;
      configureRedis = true;
      database.createLocally = true;
      config = {
        dbtype = "pgsql";
        adminuser = "admin";
        adminpassFile = cfg.adminPassFile;
      };
      extraApps = genAttrs cfg.apps (app: cfg.package.packages.apps.${app});
      extraAppsEnable = true;
      settings.default_phone_region = "US";
    };

    services.nginx.virtualHosts.${cfg.hostName} = {
      forceSSL = true;
      enableACME = true;
    };

    security.acme = {
      acceptTerms = true;
      defaults.email = "acme@miscguy.example";
    };

    # The backup job dumps the database here before each snapshot.
    systemd.tmpfiles.rules = [ "d /var/backup/nextcloud 0750 nextcloud nextcloud -" ];
  };
}
