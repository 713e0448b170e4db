# NixOS machines. Most go through the helpers in lib/mkHost.nix; bartleby is
# spelled out by hand because its boot setup is unlike the others (BART-1).
{ inputs, self, ... }:
let
  hostLib = import ../lib/mkHost.nix { inherit inputs self; };
  inherit (hostLib) mkDesktop mkServer;
  hardware = inputs.nixos-hardware.nixosModules;
in
{
  flake.nixosConfigurations = {
    rich-evans = mkServer {
      hostname = "rich-evans";
      hardwareModules = [ hardware.common-cpu-intel hardware.common-pc-ssd ];
      extraModules = [ inputs.sops-nix.nixosModules.sops ];
    };

    marshmallow = mkDesktop {
      hostname = "marshmallow";
      hardwareModules = [ hardware.lenovo-thinkpad-t480 ];
    };

    total-eclipse = mkDesktop {
      hostname = "total-eclipse";
      profiles = [ "gaming" ];
      hardwareModules = [
        hardware.common-cpu-amd
        hardware.common-cpu-amd-pstate
        hardware.common-gpu-nvidia-nonprime
        hardware.common-pc-ssd
      ];
    };

    bartleby = inputs.nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      specialArgs = {
        inherit inputs self;
        hostname = "bartleby";
      };
      modules = [
        inputs.home-manager.nixosModules.home-manager
        inputs.agenix.nixosModules.default
        ../common
        ../modules/nixos
        ../hosts/bartleby/configuration.nix
        ../hosts/bartleby/hardware-configuration.nix
        { networking.hostName = "bartleby"; }
      ];
    };
  };
}
