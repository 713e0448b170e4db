{ config, lib, pkgs, ... }:

let
  inherit (lib) mkEnableOption mkOption mkIf mkMerge types literalExpression;
  cfg = config.systems.gaming;
in
{
  options.systems.gaming = {
    enable = mkEnableOption "Steam, Proton and the gaming tweaks from DESK-2";

    steam.gamescopeSession = mkEnableOption "the Gamescope (Steam Deck-style) session in the display manager";

    nvidia = {
      enable = mkEnableOption "the proprietary NVIDIA driver";

      open = mkOption {
        type = types.bool;
        default = true;
        description = ''
          Use NVIDIA's open kernel module. Right for Turing (RTX 20xx) and newer;
          set to `false` for older cards.
        '';
      };
    };

    extraPackages = mkOption {
      type = types.listOf types.package;
      default = [ ];
      example = literalExpression "[ pkgs.mangohud pkgs.protonup-qt pkgs.lutris ]";
      description = "Extra games and tools, installed system-wide.";
    };
  };

  config = mkIf cfg.enable (mkMerge [
    {
      programs.steam = {
        enable = true;
        remotePlay.openFirewall = true;
        gamescopeSession.enable = cfg.steam.gamescopeSession;
      };
      programs.gamemode.enable = true;
      hardware.graphics = {
        enable = true;
        enable32Bit = true;
      };
      environment.systemPackages = [ pkgs.mangohud ] ++ cfg.extraPackages;
    }

    (mkIf cfg.nvidia.enable {
      services.xserver.videoDrivers = [ "nvidia" ];
      hardware.nvidia = {
        inherit (cfg.nvidia) open;
        modesetting.enable = true;
        powerManagement.enable = true;
        nvidiaSettings = true;
        package = config.boot.kernelPackages.nvidiaPackages.stable;
      };
    })
  ]);
}
