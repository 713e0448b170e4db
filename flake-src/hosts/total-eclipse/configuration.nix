# total-eclipse: Ryzen 7 5800X3D + RTX 3070 gaming tower (gaming profile).
{ config, lib, pkgs, ... }:
{
  systems.boot.loader = "systemd-boot";

  systems.gaming = {
    nvidia.open = true;
    extraPackages = with pkgs; [ protonup-qt lutris heroic ];
  };

  # Steam library on its own disk.
  fileSystems."/games" = {
    device = "/dev/disk/by-uuid/38b43342-d7a1-4df9-a0ff-65be5059a3bb";
    fsType = "ext4";
    options = [ "nofail" "noatime" ];
  };

  systems.backups.jobs.home.exclude = [ "/home/miscguy/.local/share/Steam" ];

  # Wake-on-LAN so it can be started from marshmallow for remote play.
  networking.interfaces.enp5s0.wakeOnLan.enable = true;

  home-manager.users.miscguy.systems.home.dev.languages = [ "nix" "rust" ];

  system.stateVersion = "24.11";
}
