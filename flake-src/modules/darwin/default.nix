# Custom nix-darwin options, under `systems.darwin.*`.
{
  imports = [
    ./homebrew.nix
    ./system-defaults.nix
  ];
}
