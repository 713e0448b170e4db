{ config, lib, pkgs, ... }:

let
  inherit (lib) mkOption types literalExpression;
  cfg = config.systems.users;
in
{
  options.systems.users = {
    name = mkOption {
      type = types.str;
      default = "miscguy";
      description = "Login name of the one human user on every machine.";
    };

    authorizedKeys = mkOption {
      type = types.listOf types.str;
      default = [ ];
      description = "SSH public keys allowed to log in as this user.";
    };

    extraGroups = mkOption {
      type = types.listOf types.str;
      default = [ "wheel" "networkmanager" "video" "audio" ];
      description = "Supplementary groups. `wheel` is what makes `sudo` work.";
    };

    homeDirectory = mkOption {
      type = types.str;
      internal = true;
      readOnly = true;
      default = "/home/${cfg.name}";
      defaultText = literalExpression ''"/home/''${config.systems.users.name}"'';
      description = "Home directory, for modules that need to point into it.";
    };
  };

  config = {
    age.secrets.miscguy-password.file = ../../secrets/miscguy-password.age;

    users.mutableUsers = false;

    users.users.${cfg.name} = {
      isNormalUser = true;
      description = "miscguy";
      inherit (cfg) extraGroups;
      hashedPasswordFile = config.age.secrets.miscguy-password.path;
      openssh.authorizedKeys.keys = cfg.authorizedKeys;
      shell = pkgs.zsh;
    };

    programs.zsh.enable = true;
  };
}
