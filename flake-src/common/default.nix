# Shared by every NixOS host (lib/mkHost.nix and bartleby's hand-written entry).
{ lib, ... }:
{
  imports = map (name: ./. + "/${name}.nix") [
    "nix"
    "locale"
    "home-manager"
    "ssh"
  ];

  # Safe defaults; hosts override with a plain assignment.
  networking.networkmanager.enable = lib.mkDefault true;
  services.fwupd.enable = lib.mkDefault true;
  documentation.man.generateCaches = lib.mkDefault false;
}
