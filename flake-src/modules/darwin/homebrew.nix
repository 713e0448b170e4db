{ config, lib, ... }:

with lib;

let
  cfg = config.systems.darwin.homebrew;
in
{
  options.systems.darwin.homebrew = {
    enable = mkEnableOption "Homebrew, managed declaratively (Homebrew itself must be installed by hand first)";

    baseCasks = mkOption {
      type = types.listOf types.str;
      default = [
        "firefox"
        "ghostty"
        "raycast"
        "tailscale"
        "1password"
      ];
      description = "Casks every Mac gets. Hosts and profiles add to {option}`systems.darwin.homebrew.casks`.";
    };

    casks = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "slack" "zoom" ];
      description = "Extra casks for this host.";
    };

    brews = mkOption {
      type = types.listOf types.str;
      default = [ ];
      description = "Formulae that nixpkgs lacks or builds badly on macOS.";
    };

    masApps = mkOption {
      type = types.attrsOf types.ints.positive;
      default = { };
      example = literalExpression ''{ Xcode = 497799835; "Things 3" = 904280696; }'';
      description = "Mac App Store apps, by name and App Store id. Needs a signed-in App Store.";
    };

    cleanup = mkOption {
      type = types.enum [ "none" "uninstall" "zap" ];
      default = "zap";
      description = ''
        What happens to Homebrew packages that are not listed here, on every
        `darwin-rebuild switch`:

        - `none`: nothing; they stay installed.
        - `uninstall`: they are uninstalled.
        - `zap`: they are uninstalled **and their settings are deleted**.
          Install by hand with `brew install` only to try something out.
      '';
    };
  };

  config = mkIf cfg.enable {
    homebrew = {
      enable = true;
      onActivation = {
        inherit (cfg) cleanup;
        autoUpdate = false;
        upgrade = true;
      };
      casks = cfg.baseCasks ++ cfg.casks;
      inherit (cfg) brews masApps;
    };
  };
}
