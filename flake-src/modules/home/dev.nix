{ config, lib, pkgs, ... }:

let
  inherit (lib) mkEnableOption mkOption mkIf types concatMap literalExpression;
  cfg = config.systems.home.dev;

  # What each entry of `languages` installs.
  toolchains = with pkgs; {
    nix = [ nil nixfmt-rfc-style nix-tree ];
    rust = [ rustup ];
    python = [ python3 uv ruff ];
    go = [ go gopls ];
    typescript = [ nodejs_22 typescript-language-server ];
  };
in
{
  options.systems.home.dev = {
    enable = mkEnableOption "the development environment (DESK-1): editor, direnv, language tools";

    editor = mkOption {
      type = types.enum [ "neovim" "helix" ];
      default = "neovim";
      description = "Editor installed and set as `$EDITOR`.";
    };

    languages = mkOption {
      type = types.listOf (types.enum [ "nix" "rust" "python" "go" "typescript" ]);
      default = [ "nix" ];
      example = literalExpression ''[ "nix" "rust" "python" ]'';
      description = "Language toolchains and language servers to install.";
    };

    extraPackages = mkOption {
      type = types.listOf types.package;
      default = [ ];
      description = "More development tools for this machine only.";
    };
  };

  config = mkIf cfg.enable {
    programs.direnv = {
      enable = true;
      nix-direnv.enable = true;
    };

    programs.neovim = mkIf (cfg.editor == "neovim") {
      enable = true;
      defaultEditor = true;
      vimAlias = true;
    };

    programs.helix = mkIf (cfg.editor == "helix") {
      enable = true;
      defaultEditor = true;
    };

    home.packages = concatMap (lang: toolchains.${lang}) cfg.languages ++ cfg.extraPackages;
  };
}
