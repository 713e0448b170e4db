{ config, lib, ... }:

let
  inherit (lib) mkOption types mkIf optional;
  cfg = config.systems.home.git;
in
{
  options.systems.home.git = {
    email = mkOption {
      type = types.str;
      default = "miscguy@example.com";
      description = "Author e-mail for personal repositories.";
    };

    work = {
      email = mkOption {
        type = types.nullOr types.str;
        default = null;
        description = "Author e-mail for repositories under {option}`systems.home.git.work.directory`; `null` on personal machines.";
      };

      directory = mkOption {
        type = types.str;
        default = "~/work/";
        description = "Repositories below this directory use the work identity. Must end with `/`.";
      };
    };

    signingKey = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "~/.ssh/id_ed25519.pub";
      description = "SSH key to sign commits with; `null` leaves commits unsigned.";
    };
  };

  config = {
    programs.git = {
      enable = true;
      userName = "miscguy";
      userEmail = cfg.email;
      signing = mkIf (cfg.signingKey != null) {
        key = cfg.signingKey;
        signByDefault = true;
        format = "ssh";
      };
      includes = optional (cfg.work.email != null) {
        condition = "gitdir:${cfg.work.directory}";
        contents.user.email = cfg.work.email;
      };
      extraConfig = {
        init.defaultBranch = "main";
        pull.rebase = true;
        push.autoSetupRemote = true;
      };
    };
  };
}
