# The two MacBooks. Both use the helper that parts/lib.nix publishes.
{ config, ... }:
let
  inherit (config.flake.lib) mkDarwin;
in
{
  flake.darwinConfigurations = {
    cronut = mkDarwin {
      hostname = "cronut";
      profiles = [ ];
    };

    work-macbook = mkDarwin {
      hostname = "work-macbook";
      profiles = [ "work" ];
    };
  };
}
