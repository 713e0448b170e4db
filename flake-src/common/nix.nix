# Nix daemon settings and the garbage-collection policy for NixOS hosts.
# Policy (docs: maintenance/updating-inputs): keep two weeks of generations,
# collect weekly, and never let /boot hold more than systems.boot.configurationLimit.
{ config, lib, inputs, self, ... }:
{
  nix = {
    settings = {
      experimental-features = [ "nix-command" "flakes" ];
      trusted-users = [ "root" "@wheel" ];
      auto-optimise-store = true;
      substituters = [ "https://nix-community.cachix.org" ];
      trusted-public-keys = [
        "nix-community.cachix.org-1:mB9FSh9qf2dCimDSUo8Zy7bkq5CX+/rkCWyvRCYg3Fs="
      ];
    };

    gc = {
      automatic = true;
      dates = "weekly";
      options = lib.mkDefault "--delete-older-than 14d";
      randomizedDelaySec = "45min";
    };

    # `nix shell nixpkgs#foo` uses the same nixpkgs as the system.
    registry.nixpkgs.flake = inputs.nixpkgs;
    nixPath = [ "nixpkgs=${inputs.nixpkgs}" ];
  };

  nixpkgs.config.allowUnfree = true;

  # `nixos-version --configuration-revision` names the commit a generation came from.
  system.configurationRevision = self.rev or self.dirtyRev or null;

  system.stateVersion = lib.mkDefault "25.05";
}
