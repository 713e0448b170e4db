# Shared by both MacBooks (lib/mkDarwin.nix).
{ config, lib, pkgs, inputs, self, ... }:
{
  imports = [ ./home-manager.nix ];

  nix = {
    settings = {
      experimental-features = [ "nix-command" "flakes" ];
      trusted-users = [ "@admin" ];
    };
    gc = {
      automatic = true;
      interval = {
        Weekday = 0;
        Hour = 3;
        Minute = 15;
      };
      options = "--delete-older-than 14d";
    };
    optimise.automatic = true;
    registry.nixpkgs.flake = inputs.nixpkgs;
  };

  nixpkgs.config.allowUnfree = true;

  # nix-darwin 25.05 applies user-level defaults (dock, homebrew) to this user.
  system.primaryUser = "miscguy";

  users.users.miscguy = {
    name = "miscguy";
    home = "/Users/miscguy";
    shell = pkgs.zsh;
  };

  programs.zsh.enable = true;

  environment.systemPackages = [
    inputs.agenix.packages.${pkgs.stdenv.hostPlatform.system}.default
    pkgs.git
  ];

  system.configurationRevision = self.rev or self.dirtyRev or null;

  system.stateVersion = 6;
}
