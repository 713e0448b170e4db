# `nix develop` in this repository: the tools the guides in docs/ rely on.
{ inputs, ... }:
{
  perSystem = { pkgs, system, ... }: {
    formatter = pkgs.nixfmt-rfc-style;

    devShells.default = pkgs.mkShell {
      name = "systems";
      packages = [
        inputs.agenix.packages.${system}.default
        pkgs.sops
        pkgs.age
        pkgs.ssh-to-age
        pkgs.nvd
        pkgs.nix-output-monitor
        pkgs.nixfmt-rfc-style
      ];
    };
  };
}
