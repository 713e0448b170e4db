{ ... }:
{
  systems.home.dev.languages = [ "nix" "go" "typescript" ];
  systems.home.shell.extraInit = ''
    # Work VPN and SSO helpers are installed by the company's MDM profile.
    export AWS_PROFILE=sso-dev
  '';
}
