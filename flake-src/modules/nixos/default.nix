# All custom NixOS options live under `systems.*`. Every NixOS host imports
# this directory; a module does nothing until its `enable` is set.
{
  imports = map (name: ./. + "/${name}.nix") [
    "backups"
    "boot"
    "containers"
    "desktop"
    "gaming"
    "monitoring"
    "networking"
    "nextcloud"
    "users"
  ];
}
