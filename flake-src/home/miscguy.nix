# miscguy's home, on every machine. Host-specific additions live in
# home/hosts/<hostname>.nix and are picked up when the file exists.
{ lib, pkgs, hostname, ... }:
let
  hostFile = ./hosts + "/${hostname}.nix";
in
{
  imports = [ ../modules/home ] ++ lib.optional (builtins.pathExists hostFile) hostFile;

  home.stateVersion = "25.05";

  systems.home.dev.enable = lib.mkDefault true;

  programs.ssh = {
    enable = true;
    matchBlocks."rich-evans" = {
      hostname = "rich-evans";
      user = "miscguy";
      forwardAgent = false;
    };
  };

  home.sessionVariables.SYSTEMS_FLAKE = if pkgs.stdenv.isDarwin then "$HOME/src/systems" else "/home/miscguy/src/systems";
}
