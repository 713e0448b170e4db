# Host helpers, merged into one attribute set: mkNixosHost, mkDesktop,
# mkServer (lib/mkHost.nix) and mkDarwin (lib/mkDarwin.nix).
{ inputs, self }:
import ./mkHost.nix { inherit inputs self; }
// {
  mkDarwin = import ./mkDarwin.nix { inherit inputs self; };
}
