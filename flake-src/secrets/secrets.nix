# agenix recipients: who can decrypt each .age file in this directory.
# Not imported by any system; the `agenix` CLI reads it:
#   cd secrets && agenix -e restic-password.age
# After changing a recipient list, re-encrypt everything: agenix -r
let
  registry = import ../hosts/registry.nix;

  users = {
    miscguy = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKA9jkg/0QtO4KX4lEf2Gu/XIMyVKLwtGv1REGoXo5xw miscguy@marshmallow";
    miscguy-work = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHee3G70cN+teDNmhQw0QVEKNwahJeCl45SI6pDVG7Mz miscguy@work-macbook";
  };

  hostKeys = builtins.mapAttrs (_: host: host.hostKey) registry;

  allUsers = builtins.attrValues users;
  allHosts = builtins.attrValues hostKeys;

  # Host keys of every machine of one kind ("nixos" or "darwin").
  hostsOfKind =
    kind:
    builtins.foldl' (
      acc: name: if registry.${name}.kind == kind then acc ++ [ hostKeys.${name} ] else acc
    ) [ ] (builtins.attrNames registry);

  nixosHosts = hostsOfKind "nixos";

  # The owner's key plus the named hosts.
  for = names: [ users.miscguy ] ++ map (name: hostKeys.${name}) names;

  # Secrets that follow one pattern per network, merged into one set.
  wifiSecrets = builtins.foldl' (
    acc: network: acc // { "wifi-${network}.age".publicKeys = for [ "marshmallow" "bartleby" ]; }
  ) { } [ "home" "parents" ];
in
{
  # Every NixOS host: the login password hash and the Tailscale pre-auth key.
  "miscguy-password.age".publicKeys = [ users.miscguy ] ++ nixosHosts;
  "tailscale-authkey.age".publicKeys = [ users.miscguy ] ++ nixosHosts;

  # Hosts that run restic (modules/nixos/backups.nix).
  "restic-password.age".publicKeys = for [ "rich-evans" "marshmallow" "total-eclipse" ];

  # rich-evans only.
  "grafana-admin.age".publicKeys = for [ "rich-evans" ];

  # GitHub token for nix (rate limits); machines miscguy builds on.
  "nix-access-tokens.age".publicKeys = allUsers ++ [
    hostKeys.marshmallow
    hostKeys.total-eclipse
    hostKeys.cronut
    hostKeys.work-macbook
  ];

  # Work only: never give a personal host this one.
  "work-npmrc.age".publicKeys = [ users.miscguy-work hostKeys.work-macbook ];

  # Recovery notes (restic repository locations, B2 account id), readable
  # from any machine, for restoring after losing one.
  "break-glass.age".publicKeys = allUsers ++ allHosts;
}
// wifiSecrets
