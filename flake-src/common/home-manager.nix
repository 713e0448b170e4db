# home-manager as a NixOS / nix-darwin module: the same file for both.
{ inputs, self, hostname, ... }:
{
  home-manager = {
    useGlobalPkgs = true;
    useUserPackages = true;
    backupFileExtension = "hm-backup";
    extraSpecialArgs = { inherit inputs self hostname; };
    users.miscguy = import ../home/miscguy.nix;
  };
}
