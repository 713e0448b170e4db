/** Secrets: who can decrypt what, and which host uses which secret. Never a secret's value. */
import type { SourceLocation } from '../diagnostics.ts';

/** A public key that secrets are encrypted to. */
export interface Recipient {
  kind: 'recipient';
  /** A name for the key: the host or user it belongs to, else a short fingerprint. The stable id. */
  id: string;
  /** Whether the key belongs to a host of the flake, a person, or is not known to be either. */
  owner: 'host' | 'user' | 'key';
  /** `ssh-ed25519`, `ssh-rsa`, `age` or `pgp`. */
  keyType: string;
  /** The key shortened for display (`AAAAC3Nz…tE8jO`); public keys are public, but long. */
  fingerprint: string;
}

/** Where and how a host declares a secret (`age.secrets.<name>` or `sops.secrets.<name>`). */
export interface SecretUse {
  host: string;
  /** The name the host declares it under. */
  name: string;
  owner: string | null;
  group: string | null;
  mode: string | null;
  /** Where the decrypted file appears on the host, when set. */
  path: string | null;
  source: SourceLocation;
}

/** One secret. */
export interface Secret {
  kind: 'secret';
  /** `restic-password` for `restic-password.age`; the key path (`nextcloud/admin-pass`) for sops. The stable id. */
  id: string;
  backend: 'agenix' | 'sops';
  /** The encrypted file, relative to the flake. */
  file: string;
  /** A grouping: the sops key's first segment, a shared name prefix, or `general`. */
  category: string;
  /** Recipient ids that can decrypt it; `null` when the rule could not be evaluated statically. */
  recipients: string[] | null;
  usedBy: SecretUse[];
  source: SourceLocation;
}

/** A sops `creation_rules` entry. */
export interface SopsRule {
  pathRegex: string;
  /** Each key group: recipients that together (one of each group) can decrypt. */
  keyGroups: string[][];
  /** Flake files the rule matches. */
  files: string[];
  source: SourceLocation;
}

/** Everything known about the flake's secrets. */
export interface SecretsModel {
  tools: ('agenix' | 'sops')[];
  recipients: Recipient[];
  secrets: Secret[];
  sopsRules: SopsRule[];
}
