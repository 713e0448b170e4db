# work-macbook: employer-issued MacBook Pro (M3), work profile.
# IT's MDM also manages this machine: FileVault, the firewall and the VPN are
# theirs. Nothing here touches them.
{ config, lib, pkgs, ... }:
{
  nixpkgs.hostPlatform = "aarch64-darwin";

  systems.darwin = {
    homebrew.masApps = { };
    dock.autohide = false;
    capsLockIsEscape = true;
  };

  age.secrets.nix-access-tokens = {
    file = ../../secrets/nix-access-tokens.age;
    owner = "miscguy";
  };
  nix.extraOptions = "!include ${config.age.secrets.nix-access-tokens.path}";
}
