/**
 * Which files of a flake hold secret material, encrypted or not: the one policy that the evaluator
 * (`readFile`, `import`), diagnostic excerpts and the secret-hygiene checks all ask. A file is secret
 * when its name says so (`*.age`, the configured globs), when it sits in a secrets folder and is not
 * one of the files that belong there in the clear (Nix rules, docs, public keys), or when its content
 * is age or sops ciphertext or a private key.
 */
import path from 'node:path';

/** Folder names whose files are secrets unless they are rules, docs or public keys. */
const SECRET_DIRS = new Set(['secrets', 'secret', '.secrets']);
/** Files that live in secrets folders in the clear on purpose. */
const CLEAR_IN_SECRETS = /(\.nix|\.md|\.txt|\.pub|\.sops\.ya?ml|\.gitignore|\.gitattributes|\.keep|\.envrc)$/i;
/** Secret by extension wherever they are. */
const SECRET_EXTENSIONS = /\.(age|key|pem|p12|pfx|keytab)$/i;

/** The first line of a binary age file, and the armour of a text one. */
export const AGE_HEADER = 'age-encryption.org/v1\n';
const AGE_ARMOR = '-----BEGIN AGE ENCRYPTED FILE-----';
/** A sops-encrypted value, and the metadata keys of the formats sops writes. */
export const SOPS_VALUE = /^ENC\[AES256_GCM,data:/;
const SOPS_MARKERS = /(^|\n)sops:\s*\n|"sops"\s*:\s*\{|(^|\n)sops_version=|(^|\n)\[sops\]/;
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/;

/** Turns a glob (`**`, `*`, `?`, relative to the flake root) into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
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

/** The secret policy of one flake. */
export class SecretPolicy {
  private readonly globs: RegExp[];

  /**
   * @param globs extra globs (relative to the flake root) whose files are secret
   */
  constructor(globs: readonly string[] = []) {
    this.globs = globs.map(globToRegExp);
  }

  /** Why a file is secret by its path alone (relative, POSIX), or undefined. */
  byPath(rel: string): string | undefined {
    if (SECRET_EXTENSIONS.test(rel)) return `${path.posix.extname(rel)} file`;
    if (this.globs.some((g) => g.test(rel))) return 'matches the configured secret paths';
    const dirs = rel.split('/').slice(0, -1);
    if (dirs.some((d) => SECRET_DIRS.has(d)) && !CLEAR_IN_SECRETS.test(rel)) return 'in a secrets folder';
    return undefined;
  }

  /** Why a file's content is secret material (ciphertext or a private key), or undefined. */
  static byContent(text: string): string | undefined {
    if (isAgeEncrypted(text)) return 'age ciphertext';
    if (hasSopsMetadata(text) || text.includes('ENC[AES256_GCM,')) return 'sops ciphertext';
    if (PRIVATE_KEY.test(text)) return 'a private key';
    return undefined;
  }

  /** Why a file is secret by path or content, or undefined when it may be shown. */
  reason(rel: string, text: string): string | undefined {
    return this.byPath(rel) ?? SecretPolicy.byContent(text);
  }
}

/** What the site shows instead of a secret's value. */
export function redacted(rel: string): string {
  return `‹redacted: read from ${rel}›`;
}

/**
 * True when an option's name says its value is a secret (`hashedPassword`, `password`, `apiToken`,
 * `clientSecret`, `privateKey`), so a string set to it is never printed. Public keys and files
 * holding secrets (`passwordFile`) are not secrets themselves.
 * @param name the last segment of the option path
 */
export function isSecretName(name: string): boolean {
  if (/public/i.test(name)) return false;
  return /^(password|secret|token|hashedPassword|initialPassword|initialHashedPassword|passphrase|psk)$/.test(name) || /[a-z0-9](Password|Secret|Token|Key|Passphrase)$/.test(name);
}
