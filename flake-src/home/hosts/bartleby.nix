# bartleby has 4 GB of RAM and a small disk: no language servers, no Starship.
{ lib, ... }:
{
  systems.home.dev.enable = false;
  systems.home.shell.starship = false;
  systems.home.shell.aliases.ll = "ls -lh";
  programs.eza.enable = lib.mkForce false;
}
