{ pkgs, ... }:
{
  systems.home.dev = {
    languages = [ "nix" "rust" "python" "typescript" ];
    extraPackages = [ pkgs.gh pkgs.just ];
  };
  systems.home.git.signingKey = "~/.ssh/id_ed25519.pub";
}
