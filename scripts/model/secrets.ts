/** Secrets: who can decrypt what, and which host uses which secret. Never a secret's value. */
import type { SourceLocation } from '../diagnostics.ts';

/** A public key that secrets are encrypted to. */
export interface Recipient {
  kind: 'recipient';
  /** A name for the key: the host or user it belongs to, else its fingerprint. The stable id. */
  id: string;
  /** Every name the flake gives the key (`let` names, registry entries, users), best first; empty when none. */
  names: string[];
  /** Whether the key belongs to a host of the flake, a person, or is not known to be either. */
  owner: 'host' | 'user' | 'key';
  /** `ssh-ed25519`, `ssh-rsa`, `age` or `pgp`. */
  keyType: string;
  /** `SHA256:…` as `ssh-keygen -l` prints it for SSH keys; the key shortened for age and PGP keys. */
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

/** What one host can decrypt and what it uses: the blast radius if the machine is lost. */
export interface HostAccess {
  host: string;
  /** Secrets encrypted to one of the host's keys. */
  canRead: string[];
  /** Secrets the host's configuration declares. */
  uses: string[];
  /** Secrets it can read without using them: granted more than it needs. */
  overGranted: string[];
  /** Secrets it uses that are not encrypted to any of its keys: activation cannot decrypt them. */
  missing: string[];
}

/** The recipient ids that are keys of `host` (its SSH host key, its age key). */
export function hostRecipients(model: SecretsModel, host: string): Set<string> {
  return new Set(model.recipients.filter((r) => r.owner === 'host' && (r.id === host || r.names.includes(host))).map((r) => r.id));
}

/**
 * What `host` can decrypt, uses, holds without using, and uses without being able to decrypt.
 * Secrets whose recipients are computed at evaluation time count in none of the lists.
 * @param model the secrets
 * @param host a host name
 */
export function hostAccess(model: SecretsModel, host: string): HostAccess {
  const keys = hostRecipients(model, host);
  const known = model.secrets.filter((s) => s.recipients !== null);
  const canRead = known.filter((s) => s.recipients!.some((r) => keys.has(r))).map((s) => s.id);
  const uses = model.secrets.filter((s) => s.usedBy.some((u) => u.host === host)).map((s) => s.id);
  const usesKnown = new Set(known.filter((s) => uses.includes(s.id)).map((s) => s.id));
  return {
    host,
    canRead,
    uses,
    overGranted: canRead.filter((id) => !uses.includes(id)),
    missing: [...usesKnown].filter((id) => !canRead.includes(id)),
  };
}
