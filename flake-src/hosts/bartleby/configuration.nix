# bartleby: ThinkPad X200 (2008). 4 GB RAM, a 120 GB SSD, legacy BIOS only.
#
# BART-1 (open): GRUB lives in the MBR of /dev/sda, the only internal disk.
# Twice the machine stopped booting: once during a rescue from the install
# stick, which came up as /dev/sda while the SSD was /dev/sdb, so GRUB went
# to the stick; once the root filesystem filled up and GRUB's files in /boot
# were left half written. Until the long-term fix (install to
# /dev/disk/by-id/…) lands: check `lsblk` before any grub-install, and keep
# few generations (/boot is on /).
# BART-2: zram, one build job, no desktop extras. Builds happen on marshmallow:
#   nixos-rebuild switch --flake .#bartleby --target-host bartleby --build-host localhost --use-remote-sudo
{ config, lib, pkgs, ... }:
{
  systems.boot = {
    loader = "grub-bios";
    grubDevice = "/dev/sda";
    configurationLimit = 5;
    lowMemory = {
      enable = true;
      zramPercent = 100;
    };
  };

  # Light desktop: no GNOME on 4 GB.
  services.xserver = {
    enable = true;
    desktopManager.xfce.enable = true;
    displayManager.lightdm.enable = true;
  };

  systems.networking.tailscale.enable = true;

  age.secrets.wifi-home.file = ../../secrets/wifi-home.age;
  age.secrets.wifi-parents.file = ../../secrets/wifi-parents.age;
  networking.networkmanager.ensureProfiles.environmentFiles = [
    config.age.secrets.wifi-home.path
    config.age.secrets.wifi-parents.path
  ];

  # Smaller closure.
  documentation.nixos.enable = false;
  services.fwupd.enable = false;
  nix.gc.options = "--delete-older-than 5d";

  services.thinkfan.enable = true;
  services.tlp.enable = true;

  system.stateVersion = "23.05";
}
