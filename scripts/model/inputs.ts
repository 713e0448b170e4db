/** The flake's inputs as pinned by flake.lock. */

/** One input of the root flake. */
export interface FlakeInput {
  kind: 'input';
  /** The name used in flake.nix (`nixpkgs`, `home-manager`, …): the stable id. */
  name: string;
  /** The lock's source type (`github`, `git`, `path`, `tarball`, …). */
  type: string | null;
  /** What flake.nix asked for, as a flake reference (`github:NixOS/nixpkgs/nixos-25.05`). */
  original: string | null;
  /** The pinned revision, if any. */
  rev: string | null;
  /** When the pinned revision was made (ISO date, from the lock's `lastModified`). */
  lastModified: string | null;
  narHash: string | null;
  /** Set when the input `follows` another (`nixpkgs`), instead of being locked itself. */
  follows: string | null;
  /** The inputs this input has in turn, with what each follows or is locked to. */
  inputs: { name: string; follows: string | null }[];
}
