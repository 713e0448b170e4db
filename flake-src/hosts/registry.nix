# Every machine, in one place. Read by secrets/secrets.nix (who may decrypt
# what), by rich-evans' Prometheus (what to scrape) and by the guides.
# hostKey is the machine's /etc/ssh/ssh_host_ed25519_key.pub: agenix decrypts
# with the matching private key at activation time.
{
  rich-evans = {
    kind = "nixos";
    system = "x86_64-linux";
    role = "server";
    description = "HP EliteDesk 800 G4 mini under the stairs: containers, monitoring, backups, Nextcloud";
    hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMzYmd1rvVsxSdxohnZVtQCUyJAOahQ4k71zAbwSza19 root@rich-evans";
  };

  marshmallow = {
    kind = "nixos";
    system = "x86_64-linux";
    role = "desktop";
    description = "ThinkPad T480, the daily driver";
    hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJN5F5XGLtnSEn5S9p/pAFjS0NZNH3zYdSxfveutE8jO root@marshmallow";
  };

  total-eclipse = {
    kind = "nixos";
    system = "x86_64-linux";
    role = "gaming";
    description = "Ryzen tower with an RTX 3070";
    hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ/bkT+KE65dn1/zHRNyXz5Nzh12wXG6AUQZ7rVagkuP root@total-eclipse";
  };

  bartleby = {
    kind = "nixos";
    system = "x86_64-linux";
    role = "legacy";
    description = "ThinkPad X200 from 2008: 4 GB RAM, 120 GB SSD, legacy BIOS only";
    hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDTyjOt+P9wFgbqC2uMNnDdxEm/tEj9wYvymJKwMexf8 root@bartleby";
  };

  cronut = {
    kind = "darwin";
    system = "aarch64-darwin";
    role = "desktop";
    description = "Personal MacBook Air (M2)";
    hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXKnvOu7ytOE2lUcbbSqRKOhQIOnCrUkWwmvv2Prx4c root@cronut";
  };

  work-macbook = {
    kind = "darwin";
    system = "aarch64-darwin";
    role = "work";
    description = "Employer-issued MacBook Pro (M3); managed by MDM as well";
    hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEBxsB8eXsvPDOTNH12smIAUGOWYoK4e6fmLHa6ni4mK root@work-macbook";
  };
}
