{ config, lib, ... }:

with lib;

let
  cfg = config.systems.networking;
in
{
  options.systems.networking = {
    tailscale = {
      enable = mkEnableOption "Tailscale, joined with the pre-auth key from `secrets/tailscale-authkey.age`";

      role = mkOption {
        type = types.enum [ "client" "server" "both" ];
        default = "client";
        description = ''
          Passed to `services.tailscale.useRoutingFeatures`. `server` lets this
          host advertise routes or act as an exit node.
        '';
      };

      advertiseRoutes = mkOption {
        type = types.listOf types.str;
        default = [ ];
        example = [ "192.168.1.0/24" ];
        description = "Subnets this host offers to the tailnet (needs `role = \"server\"`).";
      };
    };
  };

  config = mkIf cfg.tailscale.enable {
    age.secrets.tailscale-authkey.file = ../../secrets/tailscale-authkey.age;

    services.tailscale = {
      enable = true;
      authKeyFile = config.age.secrets.tailscale-authkey.path;
      useRoutingFeatures = cfg.tailscale.role;
      extraUpFlags = optional (cfg.tailscale.advertiseRoutes != [ ]) "--advertise-routes=${concatStringsSep "," cfg.tailscale.advertiseRoutes}";
    };

    networking.firewall = {
      trustedInterfaces = [ "tailscale0" ];
      allowedUDPPorts = [ config.services.tailscale.port ];
    };

    # Tailscale's MagicDNS and systemd-resolved fight less when resolved is on.
    services.resolved.enable = mkDefault true;
  };
}
