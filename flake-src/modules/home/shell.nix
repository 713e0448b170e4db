{ config, lib, pkgs, ... }:

with lib;

let
  cfg = config.systems.home.shell;
in
{
  options.systems.home.shell = {
    aliases = mkOption {
      type = types.attrsOf types.str;
      default = {
        ll = "eza -l --git";
        nfu = "nix flake update --commit-lock-file";
        gs = "git status --short";
      };
      description = "Shell aliases, the same in zsh on every machine.";
    };

    starship = mkOption {
      type = types.bool;
      default = true;
      description = "Use the Starship prompt.";
    };

    extraInit = mkOption {
      type = types.lines;
      default = "";
      description = "Lines appended to `.zshrc`, after everything else.";
    };
  };

  config = {
    programs.zsh = {
      enable = true;
      autosuggestion.enable = true;
      syntaxHighlighting.enable = true;
      shellAliases = cfg.aliases;
      history = {
        size = 50000;
        ignoreDups = true;
      };
      initContent = mkAfter cfg.extraInit;
    };

    programs.starship.enable = cfg.starship;
    programs.fzf.enable = true;
    programs.zoxide.enable = true;
    programs.eza.enable = true;

    home.packages = with pkgs; [ ripgrep fd jq btop ];
  };
}
