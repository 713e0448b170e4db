# Exposes the host helpers as `self.lib` / `config.flake.lib`, so other
# parts (and other flakes) can build hosts the same way this one does.
{ inputs, self, ... }:
{
  flake.lib = import ../lib { inherit inputs self; };
}
