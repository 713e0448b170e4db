# Builds a NixOS host from hosts/<hostname>/ plus the shared modules and the
# profiles it asks for. mkDesktop and mkServer only pick a base profile.
{ inputs, self }:
let
  inherit (inputs.nixpkgs) lib;

  # Everything every NixOS host gets, whatever its profile.
  sharedModules =
    map (path: self + path) [
      "/common"
      "/modules/nixos"
    ]
    ++ [
      inputs.home-manager.nixosModules.home-manager
      inputs.agenix.nixosModules.default
    ];

  hostModules = hostname: [
    (self + "/hosts/${hostname}/configuration.nix")
    (self + "/hosts/${hostname}/hardware-configuration.nix")
  ];

  profileModules = profiles: map (name: self + "/profiles/${name}.nix") profiles;

  mkNixosHost =
    {
      hostname,
      system ? "x86_64-linux",
      profiles ? [ ],
      hardwareModules ? [ ],
      extraModules ? [ ],
    }:
    lib.nixosSystem {
      inherit system;
      specialArgs = { inherit inputs self hostname; };
      modules = lib.flatten [
        sharedModules
        (profileModules profiles)
        hardwareModules
        (hostModules hostname)
        { networking.hostName = hostname; }
        extraModules
      ];
    };
in
{
  inherit mkNixosHost;

  mkDesktop = args: mkNixosHost (args // { profiles = [ "personal" ] ++ (args.profiles or [ ]); });

  mkServer = args: mkNixosHost (args // { profiles = [ "server" ] ++ (args.profiles or [ ]); });
}
