# Gaming setup (PROF-4), on top of the personal profile.
{ lib, pkgs, ... }:
{
  imports = [
    ./personal.nix
    ../modules/nixos/gaming.nix
  ];

  systems.gaming = {
    enable = true;
    steam.gamescopeSession = true;
    nvidia.enable = lib.mkDefault true;
  };

  systems.desktop.environment = lib.mkDefault "plasma6";

  boot.kernelPackages = lib.mkDefault pkgs.linuxPackages_zen;
  powerManagement.cpuFreqGovernor = "performance";
}
