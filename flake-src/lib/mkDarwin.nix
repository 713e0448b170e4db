# Builds a nix-darwin host from hosts/<hostname>/default.nix.
{ inputs, self }:
{
  hostname,
  profiles ? [ ],
  extraModules ? [ ],
}:
inputs.nix-darwin.lib.darwinSystem {
  specialArgs = { inherit inputs self hostname; };
  modules =
    [
      inputs.home-manager.darwinModules.home-manager
      inputs.agenix.darwinModules.default
      (self + "/common/darwin.nix")
      (self + "/modules/darwin")
      (self + "/hosts/${hostname}")
      { networking.hostName = hostname; }
    ]
    ++ map (name: self + "/profiles/${name}.nix") profiles
    ++ extraModules;
}
