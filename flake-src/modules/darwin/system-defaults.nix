{ config, lib, ... }:

let
  inherit (lib) mkOption types mkIf;
  cfg = config.systems.darwin;
in
{
  options.systems.darwin = {
    touchIdSudo = mkOption {
      type = types.bool;
      default = true;
      description = "Accept Touch ID for `sudo` (written to `/etc/pam.d/sudo_local`, which survives macOS updates).";
    };

    dock = {
      autohide = mkOption {
        type = types.bool;
        default = true;
        description = "Hide the Dock until the pointer reaches the screen edge.";
      };

      apps = mkOption {
        type = types.listOf types.str;
        default = [ ];
        example = [ "/Applications/Firefox.app" "/Applications/Ghostty.app" ];
        description = "Apps pinned to the Dock, in order. An empty list leaves the Dock alone.";
      };
    };

    capsLockIsEscape = mkOption {
      type = types.bool;
      default = true;
      description = "Remap Caps Lock to Escape on the built-in keyboard.";
    };
  };

  config = {
    security.pam.services.sudo_local.touchIdAuth = cfg.touchIdSudo;

    system.defaults = {
      dock = {
        inherit (cfg.dock) autohide;
        persistent-apps = mkIf (cfg.dock.apps != [ ]) cfg.dock.apps;
        show-recents = false;
      };
      finder.AppleShowAllExtensions = true;
      NSGlobalDomain.KeyRepeat = 2;
    };

    system.keyboard = mkIf cfg.capsLockIsEscape {
      enableKeyMapping = true;
      remapCapsLockToEscape = true;
    };
  };
}
