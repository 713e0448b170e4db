# Custom home-manager options, under `systems.home.*`. Every .nix file in
# this directory except this one is imported, so a new module only needs a file.
let
  entries = builtins.readDir ./.;
  isModule = name: entries.${name} == "regular" && name != "default.nix" && builtins.match ".*\\.nix" name != null;
in
{
  imports = map (name: ./. + "/${name}") (builtins.filter isModule (builtins.attrNames entries));
}
