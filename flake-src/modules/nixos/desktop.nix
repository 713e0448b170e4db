{ config, lib, pkgs, ... }:

with lib;

let
  cfg = config.systems.desktop;
in
{
  options.systems.desktop = {
    enable = mkEnableOption "a graphical desktop with audio, printing and fonts";

    environment = mkOption {
      type = types.enum [ "gnome" "plasma6" "hyprland" ];
      default = "gnome";
      description = "Desktop environment. `hyprland` also installs waybar, fuzzel and mako.";
    };

    fonts = mkOption {
      type = types.listOf types.package;
      default = with pkgs; [
        noto-fonts
        noto-fonts-color-emoji
        nerd-fonts.jetbrains-mono
      ];
      defaultText = literalExpression ''
        with pkgs; [
          noto-fonts
          noto-fonts-color-emoji
          nerd-fonts.jetbrains-mono
        ]
      '';
      description = "Font packages installed system-wide.";
    };

    printing = mkEnableOption "CUPS with the drivers for the Brother laser printer in the office";
  };

  config = mkIf cfg.enable (mkMerge [
    {
      services.pipewire = {
        enable = true;
        alsa.enable = true;
        pulse.enable = true;
      };
      services.pulseaudio.enable = false;
      security.rtkit.enable = true;
      hardware.bluetooth.enable = mkDefault true;
      fonts.packages = cfg.fonts;
      programs.firefox.enable = true;
    }

    (mkIf (cfg.environment == "gnome") {
      services.xserver.enable = true;
      services.xserver.displayManager.gdm.enable = true;
      services.xserver.desktopManager.gnome.enable = true;
    })

    (mkIf (cfg.environment == "plasma6") {
      services.displayManager.sddm = {
        enable = true;
        wayland.enable = true;
      };
      services.desktopManager.plasma6.enable = true;
    })

    (mkIf (cfg.environment == "hyprland") {
      programs.hyprland.enable = true;
      services.greetd = {
        enable = true;
        settings.default_session.command = "${pkgs.greetd.tuigreet}/bin/tuigreet --cmd Hyprland";
      };
      environment.systemPackages = with pkgs; [ waybar fuzzel mako ];
    })

    (mkIf cfg.printing {
      services.printing = {
        enable = true;
        drivers = [ pkgs.brlaser ];
      };
      services.avahi = {
        enable = true;
        nssmdns4 = true;
      };
    })
  ]);
}
