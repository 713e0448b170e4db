/**
 * Secrets: agenix's `secrets.nix` (evaluated: it is usually built with `let`, `import`, `foldl'`),
 * sops' `.sops.yaml` (anchors name the keys), and the `age.secrets` / `sops.secrets` declarations of
 * each host. It never opens an `.age` file, and of a sops file it reads key names only.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import type { Host, HostSecretUse } from '../model/hosts.ts';
import { hostAccess, hostRecipients, type Recipient, type Secret, type SecretsModel, type SecretUse, type SopsRule } from '../model/secrets.ts';
import { splitSettingPath } from '../model/settings.ts';
import { describeFileKind, listFlakeFiles, readRegularFile } from '../nix/fs-guard.ts';
import { type Engine, getAttr, type Value } from '../nix/index.ts';
import { compileRe2 } from './re2.ts';
import { checkSecretFiles } from './secret-hygiene.ts';

const KEY = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|sk-ssh-ed25519@openssh\.com) (\S+)(?: (\S+))?$/;
const AGE_KEY = /^age1[0-9a-z]{20,}$/;
const PGP_KEY = /^[0-9A-F]{40}$/i;
/** Path segments that say what a key is rather than whose it is. */
const GENERIC = new Set(['hostKey', 'hostkey', 'key', 'keys', 'publicKey', 'publicKeys', 'pubkey', 'hosts', 'users', 'ssh', 'age', 'pgp', 'user', 'host']);

/**
 * A short, stable display form of a public key: OpenSSH's `SHA256:` fingerprint (as `ssh-keygen -l`
 * prints it) for SSH keys, whose base64 bodies all start alike, and the key itself, shortened, otherwise.
 */
export function fingerprint(key: string): string {
  const ssh = KEY.exec(key.trim());
  if (ssh) return `SHA256:${createHash('sha256').update(Buffer.from(ssh[2]!, 'base64')).digest('base64').replace(/=+$/, '')}`;
  const body = key.trim();
  return body.length > 20 ? `${body.slice(0, 10)}…${body.slice(-6)}` : body;
}

interface Namer {
  name(key: string): Recipient;
  all(): Recipient[];
}

/** How a key was named, best first. */
interface KeyNames {
  /** Names from where `secrets.nix` binds the key (`let admin = …`, `hostKeys.web1`, `nodes.gateway.publicKey`). */
  bound: Map<string, string[]>;
  /** Names from the rest of the flake: host registries and key files. */
  declared: Map<string, string[]>;
  /** Users whose `openssh.authorizedKeys` hold the key: a name only when nothing else names it (a host key may be authorized for a backup user). */
  authorized: Map<string, string[]>;
}

/** Records `name` for `key` once. */
function addName(map: Map<string, string[]>, key: string, name: string): void {
  const names = map.get(key);
  if (!names) map.set(key, [name]);
  else if (!names.includes(name)) names.push(name);
}

/**
 * Names public keys as the flake names them: where `secrets.nix` binds them, then a host's or user's
 * own declared key anywhere in the flake, then the key's comment, and only then its fingerprint.
 */
function keyNamer(engine: Engine, names: KeyNames, hostNames: Set<string>, yamlNames: Map<string, string>): Namer {
  const recipients = new Map<string, Recipient>();
  const taken = new Set<string>();
  return {
    name(key) {
      const trimmed = key.trim();
      let recipient = recipients.get(trimmed);
      if (recipient) return recipient;
      const ssh = KEY.exec(trimmed);
      const keyType = ssh ? ssh[1]! : AGE_KEY.test(trimmed) ? 'age' : PGP_KEY.test(trimmed) ? 'pgp' : 'key';
      const comment = ssh?.[3];
      const commentHost = comment?.split('@')[1];
      const commentUser = comment?.split('@')[0];
      const yaml = yamlNames.get(trimmed);
      const all = [...(names.bound.get(trimmed) ?? []), ...(names.declared.get(trimmed) ?? []), ...(yaml ? [yaml] : [])];
      if (!all.length) all.push(...(names.authorized.get(trimmed) ?? []));
      const fromFlake = [...new Set(all)];
      // A host's name among them wins: the matrix is about machines.
      const preferred = fromFlake.find((n) => hostNames.has(n)) ?? fromFlake[0];
      let id = preferred ?? (comment && commentUser !== 'root' ? comment : commentHost) ?? fingerprint(trimmed);
      const owner: Recipient['owner'] = hostNames.has(id) ? 'host' : preferred || comment ? 'user' : 'key';
      // Two keys of one owner (an ssh key and an age key), or two keys a flake names alike, keep distinct ids.
      if (taken.has(id)) id = `${id} (${keyType})`;
      for (let n = 2; taken.has(id); n++) id = `${id.replace(/ #\d+$/, '')} #${n}`;
      taken.add(id);
      recipient = { kind: 'recipient', id, names: fromFlake, owner, keyType, fingerprint: fingerprint(trimmed) };
      recipients.set(trimmed, recipient);
      return recipient;
    },
    all: () => [...recipients.values()].sort((a, b) => a.owner.localeCompare(b.owner) || a.id.localeCompare(b.id)),
  };
}

/** The most values looked at while naming keys in one binding: a registry, not a package set. */
const NAMING_BUDGET = 5000;

/**
 * Names every public key in `value` after the innermost attribute that says whose it is: `hostKeys.web1`
 * → `web1`, `nodes.gateway.publicKey` → `gateway`. A list directly under a name that is not generic
 * (`allUsers`, `admins`) is a collection, whose keys it does not name.
 */
function walkKeys(value: Value, at: string[], out: Map<string, string[]>, budget: { left: number }, depth = 0): void {
  if (depth > 8 || --budget.left < 0) return;
  if (value.kind === 'string') {
    const key = value.value.trim();
    if (!KEY.test(key) && !AGE_KEY.test(key)) return;
    const name = [...at].reverse().find((seg) => seg !== '' && !GENERIC.has(seg) && !seg.endsWith('.age'));
    if (name) addName(out, key, name);
  } else if (value.kind === 'attrs') {
    if (value.attrs.has('_type') || value.attrs.has('__functor')) return;
    for (const [k, t] of value.attrs) walkKeys(t.force(), [...at, k], out, budget, depth + 1);
  } else if (value.kind === 'list') {
    const last = at.at(-1);
    // An agenix rule's recipient list names nobody: its keys are named where they are bound.
    if (last === 'publicKeys') return;
    const inner = last !== undefined && !GENERIC.has(last) ? [...at.slice(0, -1), ''] : at;
    for (const t of value.items) walkKeys(t.force(), inner.every((seg) => seg === '' || GENERIC.has(seg)) ? [] : inner, out, budget, depth + 1);
  }
}

/** Keys as `secrets.nix` files bind them: every `let` binding, then the rules themselves. */
function boundNames(engine: Engine, files: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of files) {
    const evaluated = engine.letBindings(path.join(engine.root, file));
    if (!evaluated) continue;
    const budget = { left: NAMING_BUDGET };
    for (const scope of evaluated.lets) for (const [name, t] of scope) walkKeys(t.force(), [name], out, budget);
  }
  return out;
}

/** Keys the rest of the flake declares for a host or user: registries and key files. */
function declaredNames(engine: Engine): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of engine.files()) {
    if (!/(^|\/)(registry|keys|hosts|users|machines)[^/]*\.nix$/.test(file) && !/(^|\/)(hosts|keys)\/default\.nix$/.test(file)) continue;
    walkKeys(engine.importFile(path.join(engine.root, file)), [], out, { left: NAMING_BUDGET });
  }
  return out;
}

/** Keys hosts authorize for their users (`users.users.<u>.openssh.authorizedKeys.keys`), by user. */
function authorizedNames(hosts: Host[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const host of hosts) {
    for (const s of host.settings) {
      const [a, b, user, c, d, e] = splitSettingPath(s.path);
      if (a !== 'users' || b !== 'users' || !user || c !== 'openssh' || d !== 'authorizedKeys' || e !== 'keys') continue;
      for (const m of s.value.matchAll(/"((?:ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|sk-ssh-ed25519@openssh\.com) [^"]+)"/g)) addName(out, m[1]!.trim(), user);
    }
  }
  return out;
}

/** Groups secrets: a sops key's first segment, else a name prefix shared by two or more secrets, else `general`. */
export function categorize(ids: string[]): Map<string, string> {
  const prefix = (id: string) => (id.includes('/') ? id.split('/')[0]! : id.split('-')[0]!);
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(prefix(id), (counts.get(prefix(id)) ?? 0) + 1);
  return new Map(ids.map((id) => [id, id.includes('/') || (counts.get(prefix(id)) ?? 0) > 1 ? prefix(id) : 'general']));
}

/**
 * Extracts the flake's secrets.
 * @param engine the evaluator over the flake
 * @param hosts the hosts, whose settings declare which secrets they use
 */
export function extractSecrets(engine: Engine, hosts: Host[]): { secrets: SecretsModel; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // The flake's files, listed once for the sops rules and the hygiene check.
  const special = new Map<string, string>();
  const files = allFiles(engine.root, special);
  const sops = readSopsConfig(engine, files, special, diagnostics);
  const ruleFiles = engine.files().filter((f) => /(^|\/)secrets\.nix$/.test(f));
  const names: KeyNames = { bound: boundNames(engine, ruleFiles), declared: declaredNames(engine), authorized: authorizedNames(hosts) };
  const namer = keyNamer(engine, names, new Set(hosts.map((h) => h.name)), sops.anchors);
  const secrets: Secret[] = [];
  const tools = new Set<'agenix' | 'sops'>();

  for (const file of ruleFiles) {
    tools.add('agenix');
    const value = engine.importFile(path.join(engine.root, file));
    if (value.kind !== 'attrs') {
      diagnostics.push({
        severity: 'warning',
        code: 'secrets/unknown',
        message: `${file} could not be evaluated statically (${value.kind === 'unknown' ? value.reason : value.kind}): its recipients are not shown`,
        location: (value.kind === 'unknown' && value.loc) || { file, line: 1, column: 1 },
      });
      continue;
    }
    for (const [name, t] of [...value.attrs].sort(([a], [b]) => a.localeCompare(b))) {
      const source = value.locs?.get(name) ?? { file, line: 1, column: 1 };
      const keys = getAttr(t.force(), 'publicKeys')?.force();
      let recipients: string[] | null = null;
      if (keys?.kind === 'list') {
        recipients = [];
        for (const k of keys.items) {
          const key = k.force();
          if (key.kind === 'string') recipients.push(namer.name(key.value).id);
          else recipients = null;
          if (!recipients) break;
        }
      }
      if (!recipients) {
        diagnostics.push({ severity: 'info', code: 'secrets/computed-recipients', message: `the recipients of ${name} are computed at evaluation time`, location: source });
      }
      const ageFile = path.posix.join(path.posix.dirname(file), name);
      secrets.push({
        kind: 'secret',
        id: name.replace(/\.age$/, ''),
        backend: 'agenix',
        file: ageFile,
        category: '',
        recipients: recipients && [...new Set(recipients)].sort(),
        usedBy: [],
        source,
      });
      if (!existsSync(path.join(engine.root, ageFile))) {
        diagnostics.push({ severity: 'warning', code: 'secrets/missing-file', message: `${name} is listed in ${file} but ${ageFile} does not exist`, location: source });
      }
    }
  }

  if (sops.rules.length) tools.add('sops');
  for (const rule of sops.rules) {
    const recipients = [...new Set(rule.keyGroups.flat().map((k) => namer.name(k).id))].sort();
    rule.keyGroups = rule.keyGroups.map((g) => g.map((k) => namer.name(k).id));
    for (const file of rule.files) {
      for (const key of sopsKeys(engine.root, file, diagnostics)) {
        secrets.push({ kind: 'secret', id: key, backend: 'sops', file, category: '', recipients, usedBy: [], source: { file, line: 1, column: 1 } });
      }
    }
  }

  // A rule without path_regex is sops' default for files created by hand, not a claim that every file
  // of the repository is encrypted: only rules naming paths make a file one that must be.
  const sopsFiles = new Set(sops.rules.flatMap((r) => (r.pathRegex ? r.files : [])));
  diagnostics.push(...checkSecretFiles(engine.root, files, engine.secrets, sopsFiles));
  attachUses(secrets, hosts, engine, diagnostics);
  const categories = categorize(secrets.map((s) => s.id));
  for (const s of secrets) s.category = categories.get(s.id)!;
  secrets.sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));
  const model: SecretsModel = { tools: [...tools].sort(), recipients: namer.all(), secrets, sopsRules: sops.rules };
  diagnostics.push(...accessFindings(model, hosts));
  return { secrets: model, diagnostics };
}

/** A secret no host uses (a note, only where hosts were found), and a host using a secret none of its keys can decrypt (a warning). */
function accessFindings(model: SecretsModel, hosts: Host[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Without hosts nothing could use a secret: the check is switched off (the coverage line says so).
  for (const s of hosts.length ? model.secrets : []) {
    if (!s.usedBy.length) out.push({ severity: 'info', code: 'secrets/unused', message: `no use found for ${s.id} (${s.file}): no host's configuration declares it or references its file`, location: s.source });
  }
  for (const host of hosts) {
    const access = hostAccess(model, host.name);
    if (!hostRecipients(model, host.name).size) continue;
    for (const id of access.missing) {
      const secret = model.secrets.find((s) => s.id === id)!;
      const use = secret.usedBy.find((u) => u.host === host.name)!;
      out.push({
        severity: 'warning',
        code: 'secrets/not-a-recipient',
        message: `${host.name} uses ${id}, but ${secret.file} is not encrypted to any key of ${host.name}: it cannot be decrypted at activation (add the host's key to its recipients and re-encrypt)`,
        location: use.source,
      });
    }
  }
  return out;
}

/** The secrets a host declares: from its evaluated configuration, else from the settings its modules write. */
function declaredUses(host: Host, engine: Engine): HostSecretUse[] {
  if (host.secretUses) return host.secretUses;
  const declared = new Map<string, { backend: 'agenix' | 'sops'; fields: Map<string, string>; source: SourceLocation }>();
  for (const s of host.settings) {
    const m = /^(age|sops)\.secrets\.("(?:[^"\\]|\\.)*"|[^.]+)(?:\.(\w+))?$/.exec(s.path);
    if (!m) continue;
    const name = m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!;
    const entry = declared.get(name) ?? { backend: m[1] === 'age' ? ('agenix' as const) : ('sops' as const), fields: new Map(), source: s.source };
    // A known definition is kept over a computed one of the same field (a host's value over a module's mkDefault).
    if (m[3] && !(s.computed && entry.fields.get(m[3]))) entry.fields.set(m[3], s.computed ? '' : s.value.replace(/^"|"$/g, ''));
    declared.set(name, entry);
  }
  return [...declared].map(([name, { backend, fields, source }]) => {
    // Paths print relative to the flake (`./secrets/x.age`); a string may hold an absolute one.
    // agenix-rekey names the master-encrypted file `rekeyFile`; it provides the secret as `file` does.
    const file = backend === 'agenix' ? (fields.get('file') ?? fields.get('rekeyFile')) : fields.get('sopsFile');
    const rel = file?.startsWith('./') ? file.slice(2) : file?.startsWith('/') ? engine.relative(file) : undefined;
    const get = (k: string) => fields.get(k) || null;
    return {
      backend, name, file: rel ?? null, key: get('key'), owner: get('owner'), group: get('group'), mode: get('mode'), path: get('path'), source,
      format: get('format'),
      computedFile: file === '',
      outside: backend === 'sops' && !file ? (outsideDefault(host) ?? null) : null,
    };
  });
}

/**
 * Links hosts to the secrets they use, matched by the file a declaration evaluates to (else by its
 * name), and by `.age` files the configuration references by path; a host's `secrets` become the ids
 * of the secrets it uses (names no secret provides are kept, and reported).
 */
function attachUses(secrets: Secret[], hosts: Host[], engine: Engine, diagnostics: Diagnostic[]): void {
  for (const host of hosts) {
    const used = new Set<string>();
    for (const d of declaredUses(host, engine)) {
      const { backend, name, file } = d;
      const secret =
        // A binary sops file is one secret whatever its keys are called.
        secrets.find((s) => s.backend === backend && file !== null && s.file === file && (backend === 'agenix' || d.format === 'binary' || s.id === (d.key || name))) ??
        secrets.find((s) => s.backend === backend && s.id === name);
      const use: SecretUse = { host: host.name, name, owner: d.owner, group: d.group, mode: d.mode, path: d.path, source: d.source };
      if (secret) {
        secret.usedBy.push(use);
        used.add(secret.id);
      } else if (file !== null && readRegularFile(path.join(engine.root, file), engine.root).ok) {
        // The file the declaration names exists in the flake: it provides the secret, whether or not a rule lists it.
        used.add(name);
      } else if (d.computedFile) {
        // The file is computed at evaluation: whether it provides the secret is not known here.
        used.add(name);
      } else if (backend === 'sops' && file === null && d.outside) {
        used.add(name);
        diagnostics.push({
          severity: 'info',
          code: 'secrets/outside-flake',
          message: `${host.name} uses secret "${name}" from ${d.outside}, a sops file outside the flake: which secrets it holds is not visible here`,
          location: d.source,
        });
      } else {
        used.add(name);
        diagnostics.push({
          severity: 'warning',
          code: 'secrets/undeclared',
          message: `${host.name} uses secret "${name}" but no ${backend === 'agenix' ? 'secrets.nix entry' : '.sops.yaml rule and file'} provides it`,
          location: d.source,
        });
      }
    }
    for (const ref of host.secretFiles ?? []) {
      const secret = secrets.find((s) => s.backend === 'agenix' && s.file === ref.file);
      if (!secret || secret.usedBy.some((u) => u.host === host.name)) continue;
      secret.usedBy.push({ host: host.name, name: secret.id, owner: null, group: null, mode: null, path: null, source: ref.source ?? host.source });
      used.add(secret.id);
    }
    if (host.secretUses || host.secretFiles?.length) host.secrets = [...used].sort();
  }
}

/** The host's `sops.defaultSopsFile` when it is a path on the machine rather than a file of the flake. */
function outsideDefault(host: Host): string | undefined {
  const d = host.settings.find((s) => s.path === 'sops.defaultSopsFile');
  if (!d || d.computed) return undefined;
  const v = d.value.replace(/^"|"$/g, '');
  return v.startsWith('/') ? v : undefined;
}

/** How many scalars an alias-expanded key list may hold, and how deeply its sequences may nest (alias bombs). */
const MAX_KEY_ENTRIES = 10_000;
const MAX_YAML_DEPTH = 64;

/**
 * Parses YAML without expanding aliases (`yaml`'s `maxAliasCount` only guards `toJS`, which is never
 * called: the walks below cap how far they follow aliases themselves); a
 * parser failure (deep nesting can overflow it) becomes an error diagnostic naming the file.
 */
function parseYaml(text: string, file: string, diagnostics: Diagnostic[]): ReturnType<typeof parseDocument> | undefined {
  try {
    return parseDocument(text);
  } catch (err) {
    diagnostics.push({
      severity: 'error',
      code: 'secrets/bad-yaml',
      message: `${file} could not be parsed as YAML (${err instanceof Error ? err.message : String(err)}); it is skipped`,
      location: { file, line: 1, column: 1 },
    });
    return undefined;
  }
}

/** Reads a file of the flake only when it is a regular file inside it; anything else gets a note. */
function readFlakeFile(root: string, file: string, diagnostics: Diagnostic[]): string | undefined {
  const read = readRegularFile(path.join(root, file), root);
  if (read.ok) return read.text;
  if (!read.missing) diagnostics.push({ severity: 'info', code: 'secrets/not-read', message: `${file} was not read: it ${read.reason}`, location: { file, line: 1, column: 1 } });
  return undefined;
}

/**
 * The key paths of a sops-encrypted YAML or JSON file, without its `sops` metadata; values are never read into the model.
 * @param root the flake root (the file must be a regular file inside it)
 * @param file path relative to the root
 * @param diagnostics where problems reading it go
 */
export function sopsKeys(root: string, file: string, diagnostics: Diagnostic[] = []): string[] {
  if (!/\.(ya?ml|json)$/.test(file)) return [];
  const text = readFlakeFile(root, file, diagnostics);
  if (text === undefined) return [];
  const doc = parseYaml(text, file, diagnostics);
  if (!doc) return [];
  const keys: string[] = [];
  const walk = (node: unknown, at: string[]) => {
    if (isMap(node) && at.length < MAX_YAML_DEPTH) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (!at.length && key === 'sops') continue;
        if (isMap(pair.value)) walk(pair.value, [...at, key]);
        else keys.push([...at, key].join('/'));
      }
    }
  };
  walk(doc.contents, []);
  return keys.sort();
}

/** Reads `.sops.yaml`: its creation rules with the files each matches, and anchor names for keys. */
function readSopsConfig(engine: Engine, flakeFiles: string[], special: ReadonlyMap<string, string>, diagnostics: Diagnostic[]): { rules: SopsRule[]; anchors: Map<string, string> } {
  const file = '.sops.yaml';
  const anchors = new Map<string, string>();
  const text = readFlakeFile(engine.root, file, diagnostics);
  if (text === undefined) return { rules: [], anchors };
  const doc = parseYaml(text, file, diagnostics);
  if (!doc) return { rules: [], anchors };
  const lineOf = (node: YamlNode | null | undefined): SourceLocation => {
    const offset = node?.range?.[0] ?? 0;
    const before = text.slice(0, offset).split('\n');
    return { file, line: before.length, column: before.at(-1)!.length + 1 };
  };
  for (const e of doc.errors) {
    diagnostics.push({ severity: 'error', code: 'secrets/bad-sops-yaml', message: e.message, location: { file, line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1 } });
  }
  const visitAnchors = (node: unknown, depth: number) => {
    if (depth > MAX_YAML_DEPTH) return;
    if (isScalar(node) && node.anchor && typeof node.value === 'string') anchors.set(node.value, node.anchor.replace(/_/g, '-'));
    if (isMap(node)) for (const p of node.items) visitAnchors(p.value, depth + 1);
    if (isSeq(node)) for (const item of node.items) visitAnchors(item, depth + 1);
  };
  visitAnchors(doc.contents, 0);
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  // Aliases are followed, but a rule's keys stop at MAX_KEY_ENTRIES (a billion-laughs alias bomb would never end).
  let budget = 0;
  const strings = (node: unknown, depth = 0): string[] => {
    if (++budget > MAX_KEY_ENTRIES || depth > MAX_YAML_DEPTH) return [];
    const n = resolve(node);
    if (isSeq(n)) return n.items.flatMap((item) => strings(item, depth + 1));
    if (isScalar(n) && typeof n.value === 'string') return n.value.split(',').map((s) => s.trim()).filter(Boolean);
    return [];
  };
  const rules: SopsRule[] = [];
  // Files a rule may encrypt: YAML, JSON, dotenv and INI, never .sops.yaml itself.
  const candidates = flakeFiles.filter((f) => f !== file && /\.(ya?ml|json|env|ini)$/.test(f));
  const creation = isMap(doc.contents) ? doc.contents.get('creation_rules', true) : undefined;
  if (isSeq(creation)) {
    for (const item of creation.items) {
      if (!isMap(item)) continue;
      const regex = item.get('path_regex');
      const pathRegex = typeof regex === 'string' ? regex : '';
      const groups = item.get('key_groups', true);
      const keyGroups: string[][] = [];
      budget = 0;
      if (isSeq(groups)) {
        for (const g of groups.items) {
          if (isMap(g)) keyGroups.push([...strings(g.get('age', true)), ...strings(g.get('pgp', true))]);
        }
      } else {
        keyGroups.push([...strings(item.get('age', true)), ...strings(item.get('pgp', true))]);
      }
      if (budget > MAX_KEY_ENTRIES) {
        keyGroups.length = 0;
        diagnostics.push({
          severity: 'error',
          code: 'secrets/alias-bomb',
          message: `the keys of this rule expand through YAML aliases to more than ${MAX_KEY_ENTRIES} entries; its recipients are not shown`,
          location: lineOf(item),
        });
      }
      // sops matches with Go's regexp (RE2): a linear-time engine, so a hostile pattern cannot hang the build.
      const matcher = compileRe2(pathRegex);
      if (!matcher.ok) {
        diagnostics.push({
          severity: 'error',
          code: 'secrets/bad-path-regex',
          message: `path_regex ${JSON.stringify(pathRegex)} is not a valid RE2 regular expression (sops uses Go's regexp): ${matcher.error}`,
          location: lineOf(item),
        });
      }
      const matched = matcher.ok ? candidates.filter((f) => matcher.test(f)) : [];
      // A FIFO, socket or device the rule matches is left out with a note: reading it would block or never end.
      for (const f of matched.filter((m) => special.has(m))) {
        diagnostics.push({ severity: 'info', code: 'secrets/not-read', message: `${f} was not read: it is ${special.get(f)}, not a regular file`, location: { file: f, line: 1, column: 1 } });
      }
      const files = matched.filter((m) => !special.has(m));
      rules.push({ pathRegex, keyGroups, files, source: lineOf(item) });
    }
  }
  return { rules, anchors };
}

/** Every file under the root, relative; FIFOs, sockets and devices are listed too, and recorded in `special`. */
function allFiles(root: string, special: Map<string, string>): string[] {
  return listFlakeFiles(root).flatMap((e) => {
    if (e.kind === 'special') special.set(e.rel, describeFileKind(lstatSync(path.join(root, e.rel))));
    return [e.rel];
  });
}
