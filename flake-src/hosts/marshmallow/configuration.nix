# marshmallow: ThinkPad T480, the daily driver. Development happens here.
{ config, lib, pkgs, ... }:
{
  systems.boot.loader = "systemd-boot";
  systems.desktop.environment = "gnome";

  systems.backups.jobs.home.schedule = "hourly";

  # Power: the T480 has two batteries; TLP keeps both healthy.
  services.power-profiles-daemon.enable = false;
  services.tlp = {
    enable = true;
    settings = {
      START_CHARGE_THRESH_BAT0 = 75;
      STOP_CHARGE_THRESH_BAT0 = 85;
      START_CHARGE_THRESH_BAT1 = 75;
      STOP_CHARGE_THRESH_BAT1 = 85;
    };
  };
  services.fprintd.enable = true;

  virtualisation.podman.enable = true;

  age.secrets.wifi-home.file = ../../secrets/wifi-home.age;
  networking.networkmanager.ensureProfiles = {
    environmentFiles = [ config.age.secrets.wifi-home.path ];
    profiles.home = {
      connection = {
        id = "home";
        type = "wifi";
      };
      wifi.ssid = "$HOME_SSID";
      wifi-security = {
        key-mgmt = "wpa-psk";
        psk = "$HOME_PSK";
      };
    };
  };

  system.stateVersion = "24.05";
}
