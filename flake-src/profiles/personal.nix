# Personal machine baseline (PROF-2): desktop, Tailscale, backups of the home
# directory to rich-evans, and the full development environment.
{ config, lib, ... }:
{
  imports = [
    ../modules/nixos/desktop.nix
    ../modules/nixos/backups.nix
    ../modules/nixos/networking.nix
  ];

  systems.desktop = {
    enable = true;
    printing = lib.mkDefault true;
  };

  systems.networking.tailscale.enable = true;

  systems.backups = {
    enable = lib.mkDefault true;
    repositoryBase = "sftp:restic@rich-evans:/srv/backup/restic/${config.networking.hostName}";
    jobs.home = {
      paths = [ config.systems.users.homeDirectory ];
      exclude = [
        "${config.systems.users.homeDirectory}/.cache"
        "${config.systems.users.homeDirectory}/Downloads"
        "**/node_modules"
        "**/target"
      ];
    };
  };

  # restic runs as root; log in to rich-evans' `restic` account with the host key.
  services.restic.backups.home.extraOptions = [
    "sftp.command='ssh restic@rich-evans -i /etc/ssh/ssh_host_ed25519_key -s sftp'"
  ];

  systems.boot.configurationLimit = lib.mkDefault 15;

  age.secrets.nix-access-tokens = {
    file = ../secrets/nix-access-tokens.age;
    owner = "root";
    group = "wheel";
    mode = "0440";
  };
  nix.extraOptions = "!include ${config.age.secrets.nix-access-tokens.path}";
}
