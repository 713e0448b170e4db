# Server baseline (PROF-3): headless, monitored, backed up, reachable only
# through Tailscale and the LAN.
{ config, lib, pkgs, ... }:
{
  imports = [
    ../modules/nixos/monitoring.nix
    ../modules/nixos/containers.nix
    ../modules/nixos/backups.nix
  ];

  systems.monitoring.enable = true;
  systems.containers.enable = true;
  systems.backups = {
    enable = true;
    verify.enable = true;
  };
  systems.networking.tailscale = {
    enable = true;
    role = "server";
  };

  # No desktop, no sleep, no surprises.
  systems.desktop.enable = lib.mkForce false;
  systemd.targets = {
    sleep.enable = false;
    suspend.enable = false;
    hibernate.enable = false;
  };

  # Keep more history on the server: it is the one that is hard to reinstall.
  nix.gc.options = "--delete-older-than 30d";
  boot.tmp.cleanOnBoot = true;
  services.smartd.enable = true;
  environment.systemPackages = with pkgs; [ htop iotop lsof rsync smartmontools ];
}
