# Work machine baseline (nix-darwin): the employer's tools, and a hard line
# between work and personal credentials.
{ config, ... }:
{
  systems.darwin.homebrew = {
    enable = true;
    casks = [
      "slack"
      "zoom"
      "visual-studio-code"
      "docker-desktop"
    ];
    brews = [ "awscli" ];
  };

  age.secrets.work-npmrc = {
    file = ../secrets/work-npmrc.age;
    owner = "miscguy";
    path = "/Users/miscguy/.npmrc";
    symlink = false;
  };

  # Commits under ~/work/ use the work identity (modules/home/git.nix).
  home-manager.users.miscguy.systems.home.git.work.email = "miscguy@corp.example.com";
}
