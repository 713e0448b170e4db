# cronut: personal MacBook Air (M2).
{ config, lib, pkgs, ... }:
{
  nixpkgs.hostPlatform = "aarch64-darwin";

  systems.darwin = {
    homebrew = {
      enable = true;
      casks = [
        "steam"
        "obsidian"
        "vlc"
        "calibre"
      ];
      masApps = {
        "Things 3" = 904280696;
      };
    };
    dock.apps = [
      "/Applications/Firefox.app"
      "/Applications/Ghostty.app"
      "/Applications/Obsidian.app"
    ];
  };

  age.secrets.nix-access-tokens = {
    file = ../../secrets/nix-access-tokens.age;
    owner = "miscguy";
  };
  nix.extraOptions = "!include ${config.age.secrets.nix-access-tokens.path}";

  home-manager.users.miscguy.systems.home.dev.languages = [ "nix" "python" ];
}
