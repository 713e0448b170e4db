# A standalone home-manager entry, for iterating on dotfiles on marshmallow
# without a full system rebuild:
#   home-manager switch --flake .#miscguy@marshmallow
# The NixOS module (common/home-manager.nix) stays the source of truth: the
# next nixos-rebuild switch applies the same home/miscguy.nix again.
{ inputs, self, ... }:
{
  flake.homeConfigurations."miscguy@marshmallow" = inputs.home-manager.lib.homeManagerConfiguration {
    pkgs = inputs.nixpkgs.legacyPackages.x86_64-linux;
    extraSpecialArgs = {
      inherit inputs self;
      hostname = "marshmallow";
    };
    modules = [
      ../home/miscguy.nix
      {
        home.username = "miscguy";
        home.homeDirectory = "/home/miscguy";
      }
    ];
  };
}
