/**
 * Secret hygiene: every file that should hold ciphertext does. An `.age` file without an age header,
 * a sops file with a plain value or without sops metadata, a plain file in a secrets folder: each is
 * a warning naming the file (and the key, for sops), never its content. A plain file in a secrets folder
 * is a warning only when it may be secret material: not a placeholder, script or public key, and not
 * git-crypt ciphertext.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { GIT_CRYPT_HEADER, hasSopsMetadata, isAgeEncrypted, SecretPolicy, SOPS_VALUE } from '../nix/index.ts';
import { IN_SECRETS_FOLDER, isPublicMaterial } from '../nix/secret-files.ts';

/** The most bytes read of one file: secrets are small, and a huge file is not parsed. */
const MAX_BYTES = 1 << 20;

/** Reads the start of a regular file (never a FIFO or device, even one swapped in after the check), or undefined. */
function readHead(abs: string, bytes: number): string | undefined {
  try {
    if (!lstatSync(abs).isFile()) return undefined;
    const fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    try {
      if (!fstatSync(fd).isFile()) return undefined;
      const buf = Buffer.alloc(bytes);
      const n = readSync(fd, buf, 0, bytes, 0);
      return buf.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * Why a file in a secrets folder is not secret material although it is in the clear, or undefined:
 * a placeholder, a script, public keys and certificates, key fingerprints. Only content that is
 * secret (private keys, tokens, password hashes, anything unrecognised) is worth a warning.
 */
export function notSecretMaterial(file: string, head: string): string | undefined {
  const base = path.posix.basename(file);
  if (/^\.git(keep|ignore|attributes)$|^\.keep$/.test(base)) return 'a placeholder';
  if (!head.trim()) return 'empty';
  if (head.startsWith('#!') || /\.(sh|bash|fish|nu|py)$/.test(base)) return 'a script';
  const lines = head.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const isPublic = (l: string) =>
    /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-\S+|sk-ssh-\S+|sk-ecdsa-\S+) AAAA/.test(l) || // SSH public keys
    /^age1[0-9a-z]{50,}$/.test(l) || // age recipients
    /^(- )?&?\S*\s*age1[0-9a-z]{50,}$/.test(l) ||
    /^[0-9A-F]{40}$/i.test(l.replace(/\s/g, '')); // OpenPGP fingerprints
  if (lines.length && lines.every(isPublic)) return 'public keys';
  if (/^-----BEGIN (CERTIFICATE|PGP PUBLIC KEY BLOCK|PUBLIC KEY)-----/.test(head.trimStart()) && !/PRIVATE KEY-----/.test(head)) return 'a public certificate or key';
  return undefined;
}

/** sops' rules for which keys it left in the clear, from a file's own metadata. */
interface ClearKeys {
  test(key: string): boolean;
}

function clearKeys(meta: Record<string, unknown>): ClearKeys {
  const s = (k: string) => (typeof meta[k] === 'string' && meta[k] ? (meta[k] as string) : undefined);
  const unencryptedSuffix = s('unencrypted_suffix');
  const encryptedSuffix = s('encrypted_suffix');
  const unencryptedRegex = s('unencrypted_regex');
  const encryptedRegex = s('encrypted_regex');
  // A regex from the file is matched against short key names only, and an invalid one is ignored.
  const re = (src: string | undefined) => {
    try {
      return src ? new RegExp(src) : undefined;
    } catch {
      return undefined;
    }
  };
  const unRe = re(unencryptedRegex);
  const enRe = re(encryptedRegex);
  return {
    test(key) {
      if (key.length > 200) return false;
      if (encryptedSuffix) return !key.endsWith(encryptedSuffix);
      if (enRe) return !enRe.test(key);
      if (unRe) return unRe.test(key);
      return key.endsWith(unencryptedSuffix ?? '_unencrypted');
    },
  };
}

/** Key paths of a sops YAML/JSON document whose leaf values are not sops ciphertext. */
function plainSopsLeaves(text: string): string[] | undefined {
  // Aliases are never expanded here (an alias is neither map, sequence nor scalar), so a bomb costs
  // nothing; a document nested too deep for the parser is unreadable, not a crash.
  let doc;
  try {
    doc = parseDocument(text);
  } catch {
    return undefined;
  }
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const metaNode = doc.contents.get('sops', true);
  const meta: Record<string, unknown> = {};
  if (isMap(metaNode)) for (const p of metaNode.items) if (isScalar(p.key) && isScalar(p.value)) meta[String(p.key.value)] = p.value.value;
  const clear = clearKeys(meta);
  const plain: string[] = [];
  const walk = (node: unknown, at: string[]) => {
    if (at.length > 64 || (at.length && clear.test(at.at(-1)!))) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (!at.length && key === 'sops') continue;
        walk(pair.value, [...at, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...at, String(i)]));
    } else if (isScalar(node)) {
      const v = node.value;
      if (v !== null && v !== '' && !(typeof v === 'string' && SOPS_VALUE.test(v))) plain.push(at.join('/'));
    }
  };
  walk(doc.contents, []);
  return plain;
}

/** Keys of a sops dotenv file whose values are not sops ciphertext. */
function plainDotenvLeaves(text: string): string[] {
  const plain: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*([^#=\s][^=]*?)\s*=(.*)$/.exec(line);
    if (m && !m[1]!.startsWith('sops_') && m[2]!.trim() && !SOPS_VALUE.test(m[2]!.trim())) plain.push(m[1]!);
  }
  return plain;
}

/**
 * Checks every secret file of the flake.
 * @param root the flake root
 * @param files every file of the flake, relative (POSIX)
 * @param policy which files are secret
 * @param sopsFiles files a `.sops.yaml` creation rule encrypts
 */
export function checkSecretFiles(root: string, files: string[], policy: SecretPolicy, sopsFiles: Set<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const warn = (file: string, code: string, message: string) => diagnostics.push({ severity: 'warning', code, message, location: { file, line: 1, column: 1 } });
  for (const file of files) {
    const byPath = policy.byPath(file);
    const isSops = sopsFiles.has(file);
    if (!byPath && !isSops) continue;
    const abs = path.join(root, file);
    const head = readHead(abs, file.endsWith('.age') ? 64 : MAX_BYTES);
    if (head === undefined) continue;
    if (file.endsWith('.age')) {
      if (!isAgeEncrypted(head)) warn(file, 'secrets/age-not-encrypted', `${file} is not age-encrypted (no age header): whatever it holds is in the repository in plain text; encrypt it with agenix -e`);
      continue;
    }
    if (hasSopsMetadata(head)) {
      const plain = /\.env$/.test(file) ? plainDotenvLeaves(head) : /\.(ya?ml|json)$/.test(file) ? plainSopsLeaves(head) : [];
      if (plain === undefined) warn(file, 'secrets/sops-unreadable', `${file} has sops metadata but could not be parsed: its values could not be checked`);
      else if (plain.length) {
        const shown = plain.slice(0, 5).join(', ') + (plain.length > 5 ? ` and ${plain.length - 5} more` : '');
        warn(file, 'secrets/sops-plain-value', `${file} holds ${plain.length === 1 ? 'a value' : `${plain.length} values`} that sops did not encrypt (${shown}): re-encrypt with sops -e -i`);
      }
      continue;
    }
    if (SecretPolicy.byContent(head) || head.startsWith(GIT_CRYPT_HEADER)) continue;
    // Public keys, certificates, fingerprints and empty keep-files belong in a secrets folder in the clear.
    if (byPath === IN_SECRETS_FOLDER && !isSops && isPublicMaterial(head)) continue;
    if (!isSops && notSecretMaterial(file, head)) continue;
    if (isSops) warn(file, 'secrets/sops-not-encrypted', `${file} matches a .sops.yaml creation rule but is not sops-encrypted (no sops metadata): encrypt it with sops -e -i`);
    else warn(file, 'secrets/plain-file', `${file} is a plain file ${byPath === IN_SECRETS_FOLDER ? IN_SECRETS_FOLDER : `(${byPath})`}: secrets belong in the repository encrypted (agenix, sops), or outside it`);
  }
  return diagnostics;
}
