/**
 * Which files of a flake hold secret material, encrypted or not: the one policy that the evaluator
 * (`readFile`, `import`), diagnostic excerpts and the secret-hygiene checks all ask. A file is secret
 * when its name says so (`*.age`, the configured globs), when it sits in a secrets folder and is not
 * one of the files that belong there in the clear (Nix rules, docs, public keys), or when its content
 * is age or sops ciphertext or a private key.
 */
import path from 'node:path';
import { compileGlob } from '../glob.ts';

/** Folder names whose files are secrets unless they are rules, docs, scripts or public material. */
const SECRET_DIRS = new Set(['secrets', 'secret', '.secrets']);
/**
 * Files that live in secrets folders in the clear on purpose, by name: the rules (`secrets.nix`,
 * `.sops.yaml`, any Nix code), docs, scripts, git's keep-files and public keys or certificates. A plain
 * `.txt`, `.env` or extension-less file there is secret. Their content is still checked for key material.
 */
const CLEAR_IN_SECRETS = /(^|\/)(\.sops\.ya?ml|\.gitignore|\.gitattributes|\.gitkeep|\.keep|\.envrc|README(\.[\w.]+)?|LICEN[CS]E)$|\.(nix|md|pub|crt|cer|cert|sh|bash|fish|py|fp|asc)$/i;
/** Secret by extension wherever they are. */
const SECRET_EXTENSIONS = /\.(age|key|pem|p12|pfx|keytab|ppk)$/i;

/** The first line of a binary age file, and the armour of a text one. */
export const AGE_HEADER = 'age-encryption.org/v1\n';
const AGE_ARMOR = '-----BEGIN AGE ENCRYPTED FILE-----';
/** A sops-encrypted value, and the metadata keys of the formats sops writes. */
export const SOPS_VALUE = /^ENC\[AES256_GCM,data:/;
const SOPS_MARKERS = /(^|\n)sops:\s*\n|"sops"\s*:\s*\{|(^|\n)sops_version=|(^|\n)\[sops\]/;
/** Key material by content: PEM/OpenSSH/PGP private keys, PuTTY key files, age identities, WireGuard private keys. */
const KEY_MATERIAL: [RegExp, string][] = [
  [/-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----/, 'a private key'],
  [/PuTTY-User-Key-File-\d+:/, 'a PuTTY private key'],
  [/AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{20,}/i, 'an age identity'],
  [/(^|\n)[ \t]*PrivateKey[ \t]*=[ \t]*[A-Za-z0-9+/]{42,43}=/, 'a WireGuard private key'],
];
/** git-crypt's header: the file is ciphertext. */
const GIT_CRYPT = '\0GITCRYPT\0';
/**
 * Lines of public material only: public keys (OpenSSH, age recipients), OpenPGP fingerprints,
 * comments; blocks of certificates and public keys are removed before the lines are looked at.
 */
const PUBLIC_BLOCK = /-----BEGIN (CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|PGP PUBLIC KEY BLOCK|X509 CRL)-----[\s\S]*?-----END \1-----/g;
const PUBLIC_LINE = /^\s*(#.*|(\S+\s+)?(ssh-(ed25519|rsa|dss)|ecdsa-sha2-\S+|sk-\S+)\s+[A-Za-z0-9+/=]+(\s.*)?|age1[02-9ac-hj-np-z]{20,}\s*|[0-9A-Fa-f ]{40,50}|)\s*$/;

/** True when a file holds nothing secret: empty, or only public keys, certificates, fingerprints and comments. */
export function isPublicMaterial(text: string): boolean {
  if (text.length > 1 << 20) return false;
  return text.replace(PUBLIC_BLOCK, '').split('\n').every((line) => PUBLIC_LINE.test(line));
}

/** The header git-crypt writes before the ciphertext of every file it encrypts. */
export const GIT_CRYPT_HEADER = '\0GITCRYPT\0';

/** True when the bytes start like an age file (binary or armoured). */
export function isAgeEncrypted(head: string): boolean {
  return head.startsWith(AGE_HEADER) || head.trimStart().startsWith(AGE_ARMOR);
}

/** True when the text carries sops metadata (YAML, JSON, dotenv or INI as sops writes them). */
export function hasSopsMetadata(text: string): boolean {
  return SOPS_MARKERS.test(text);
}

/** What `byPath` says of a file secret only for its folder. */
export const IN_SECRETS_FOLDER = 'in a secrets folder';

/** The first key material in a text (a private key, an age identity…) and its 1-based line, or undefined. */
export function findKeyMaterial(text: string): { what: string; line: number } | undefined {
  let found: { what: string; at: number } | undefined;
  for (const [re, what] of KEY_MATERIAL) {
    const m = re.exec(text);
    if (m && (!found || m.index < found.at)) found = { what, at: m.index + (m[0].startsWith('\n') ? 1 : 0) };
  }
  if (!found) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < found.at; i = text.indexOf('\n', i + 1)) line++;
  return { what: found.what, line };
}

/** What key material a text holds (a private key, an age identity…), or undefined. */
export function keyMaterial(text: string): string | undefined {
  return findKeyMaterial(text)?.what;
}

/** The secret policy of one flake. */
export class SecretPolicy {
  private readonly globs: { test(rel: string): boolean }[];

  /**
   * @param globs extra globs (relative to the flake root) whose files are secret; the configuration refuses ones that do not compile
   */
  constructor(globs: readonly string[] = []) {
    this.globs = globs.flatMap((g) => {
      const glob = compileGlob(g);
      return glob.ok ? [glob] : [];
    });
  }

  /** Why a file is secret by its path alone (relative, POSIX), or undefined. */
  byPath(rel: string): string | undefined {
    if (SECRET_EXTENSIONS.test(rel)) return `${path.posix.extname(rel)} file`;
    if (this.globs.some((g) => g.test(rel))) return 'matches the configured secret paths';
    const dirs = rel.split('/').slice(0, -1);
    if (dirs.some((d) => SECRET_DIRS.has(d.toLowerCase())) && !CLEAR_IN_SECRETS.test(rel)) return IN_SECRETS_FOLDER;
    return undefined;
  }

  /** Why a file's content is secret material (ciphertext or key material), or undefined. */
  static byContent(text: string): string | undefined {
    if (isAgeEncrypted(text)) return 'age ciphertext';
    if (text.startsWith(GIT_CRYPT)) return 'git-crypt ciphertext';
    if (hasSopsMetadata(text) || text.includes('ENC[AES256_GCM,')) return 'sops ciphertext';
    return keyMaterial(text);
  }

  /**
   * Why a file is secret by path or content, or undefined when it may be shown. A file secret only
   * for sitting in a secrets folder may be shown when it holds nothing but public material.
   */
  reason(rel: string, text: string): string | undefined {
    const byPath = this.byPath(rel);
    if (byPath && !(byPath === IN_SECRETS_FOLDER && isPublicMaterial(text))) return byPath;
    return SecretPolicy.byContent(text);
  }
}

/** What the site shows instead of a secret's value. */
export function redacted(rel: string): string {
  return `‹redacted: read from ${rel}›`;
}

/** Words that name a credential as the last word of a setting's name. */
const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'secret', 'token', 'passphrase', 'psk', 'apikey', 'credential', 'credentials']);
/** Words that name a credential only after another word (`db_pass`, `apiKey`, `PRIVATE_KEY`); alone they are too common. */
const QUALIFIED_WORDS = new Set(['key', 'pass']);

/** The words of a name written in camelCase, snake_case, kebab-case, UPPER_CASE or with dots, lower-cased. */
export function nameWords(name: string): string[] {
  return name
    .slice(0, 200)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * True when a setting's name says its value is a credential, however it is written (`hashedPassword`,
 * `admin_password`, `GITHUB_TOKEN`, `apiKey`, `db-password`, `psk`), so its value is never printed.
 * Public keys and where a secret lives (`passwordFile`, `tokenPath`) are not credentials themselves.
 * @param name the last segment of the option path
 */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.includes('public') || words.includes('pub')) return false;
  const last = words.at(-1);
  if (last === undefined) return false;
  return CREDENTIAL_WORDS.has(last) || (words.length > 1 && QUALIFIED_WORDS.has(last));
}
