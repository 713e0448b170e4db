/**
 * Secrets: agenix's `secrets.nix` (evaluated: it is usually built with `let`, `import`, `foldl'`),
 * sops' `.sops.yaml` (anchors name the keys), and the `age.secrets` / `sops.secrets` declarations of
 * each host. It never opens an `.age` file, and of a sops file it reads key names only.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import type { Host } from '../model/hosts.ts';
import type { Recipient, Secret, SecretsModel, SecretUse, SopsRule } from '../model/secrets.ts';
import { readRegularFile } from '../nix/fs-guard.ts';
import { type Engine, getAttr, type Value } from '../nix/index.ts';
import { compileRe2 } from './re2.ts';

const KEY = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|sk-ssh-ed25519@openssh\.com) (\S+)(?: (\S+))?$/;
const AGE_KEY = /^age1[0-9a-z]{20,}$/;
const PGP_KEY = /^[0-9A-F]{40}$/i;
/** Path segments that say what a key is rather than whose it is. */
const GENERIC = new Set(['hostKey', 'hostkey', 'key', 'keys', 'publicKey', 'publicKeys', 'pubkey', 'hosts', 'users', 'ssh', 'age', 'pgp', 'user', 'host']);

/** A short, stable display form of a public key. */
export function fingerprint(key: string): string {
  const body = KEY.exec(key)?.[2] ?? key;
  return body.length > 16 ? `${body.slice(0, 8)}…${body.slice(-5)}` : body;
}

interface Namer {
  name(key: string): Recipient;
  all(): Recipient[];
}

/** Names public keys after the host or user they belong to, from the flake's own data and key comments. */
function keyNamer(engine: Engine, hostNames: Set<string>, yamlNames: Map<string, string>): Namer {
  const known = new Map<string, string>();
  // Plain data files (host registries, key lists) name keys by where they sit.
  for (const file of engine.files()) {
    if (!/(^|\/)(registry|keys|hosts|users|machines)[^/]*\.nix$/.test(file) && !/(^|\/)(hosts|keys)\/default\.nix$/.test(file)) continue;
    const value = engine.importFile(path.join(engine.root, file));
    walkKeys(value, [], known, 0);
  }
  const recipients = new Map<string, Recipient>();
  return {
    name(key) {
      const trimmed = key.trim();
      let recipient = recipients.get(trimmed);
      if (recipient) return recipient;
      const ssh = KEY.exec(trimmed);
      const keyType = ssh ? ssh[1]! : AGE_KEY.test(trimmed) ? 'age' : PGP_KEY.test(trimmed) ? 'pgp' : 'key';
      const comment = ssh?.[3];
      const fromData = known.get(trimmed) ?? yamlNames.get(trimmed);
      const commentHost = comment?.split('@')[1];
      const commentUser = comment?.split('@')[0];
      let id = fromData ?? (comment && commentUser !== 'root' ? comment : commentHost) ?? fingerprint(trimmed);
      const owner: Recipient['owner'] = hostNames.has(id) ? 'host' : fromData || comment ? 'user' : 'key';
      // Two keys of one owner (an ssh key and an age key) keep distinct ids.
      if ([...recipients.values()].some((r) => r.id === id)) id = `${id} (${keyType})`;
      recipient = { kind: 'recipient', id, owner, keyType, fingerprint: fingerprint(trimmed) };
      recipients.set(trimmed, recipient);
      return recipient;
    },
    all: () => [...recipients.values()].sort((a, b) => a.owner.localeCompare(b.owner) || a.id.localeCompare(b.id)),
  };
}

function walkKeys(value: Value, at: string[], out: Map<string, string>, depth: number): void {
  if (depth > 4) return;
  if (value.kind === 'string' && (KEY.test(value.value) || AGE_KEY.test(value.value))) {
    const name = [...at].reverse().find((s) => !GENERIC.has(s));
    if (name && !out.has(value.value)) out.set(value.value, name);
  } else if (value.kind === 'attrs') {
    for (const [k, t] of value.attrs) walkKeys(t.force(), [...at, k], out, depth + 1);
  } else if (value.kind === 'list') {
    for (const t of value.items) walkKeys(t.force(), at, out, depth + 1);
  }
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
  const sops = readSopsConfig(engine, diagnostics);
  const namer = keyNamer(engine, new Set(hosts.map((h) => h.name)), sops.anchors);
  const secrets: Secret[] = [];
  const tools = new Set<'agenix' | 'sops'>();

  for (const file of engine.files().filter((f) => /(^|\/)secrets\.nix$/.test(f))) {
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

  attachUses(secrets, hosts, engine, diagnostics);
  const categories = categorize(secrets.map((s) => s.id));
  for (const s of secrets) s.category = categories.get(s.id)!;
  secrets.sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));
  return { secrets: { tools: [...tools].sort(), recipients: namer.all(), secrets, sopsRules: sops.rules }, diagnostics };
}

/** Links `age.secrets.<name>` / `sops.secrets.<name>` declarations of hosts to the secrets they name. */
function attachUses(secrets: Secret[], hosts: Host[], engine: Engine, diagnostics: Diagnostic[]): void {
  for (const host of hosts) {
    const declared = new Map<string, { backend: 'agenix' | 'sops'; fields: Map<string, string>; source: SourceLocation }>();
    for (const s of host.settings) {
      const m = /^(age|sops)\.secrets\.("(?:[^"\\]|\\.)*"|[^.]+)(?:\.(\w+))?$/.exec(s.path);
      if (!m) continue;
      const name = m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!;
      const entry = declared.get(name) ?? { backend: m[1] === 'age' ? ('agenix' as const) : ('sops' as const), fields: new Map(), source: s.source };
      if (m[3]) entry.fields.set(m[3], s.computed ? '' : s.value.replace(/^"|"$/g, ''));
      declared.set(name, entry);
    }
    for (const [name, { backend, fields, source }] of declared) {
      const file = fields.get(backend === 'agenix' ? 'file' : 'sopsFile');
      const rel = file && file.startsWith('/') ? engine.relative(file) : undefined;
      const secret =
        secrets.find((s) => s.backend === backend && rel !== undefined && s.file === rel && (backend === 'agenix' || s.id === (fields.get('key') || name))) ??
        secrets.find((s) => s.backend === backend && s.id === name);
      const use: SecretUse = {
        host: host.name,
        name,
        owner: fields.get('owner') || null,
        group: fields.get('group') || null,
        mode: fields.get('mode') || null,
        path: fields.get('path') || null,
        source,
      };
      if (secret) secret.usedBy.push(use);
      else {
        diagnostics.push({
          severity: 'warning',
          code: 'secrets/undeclared',
          message: `${host.name} uses secret "${name}" but no ${backend === 'agenix' ? 'secrets.nix entry' : '.sops.yaml rule and file'} provides it`,
          location: source,
        });
      }
    }
  }
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
function readSopsConfig(engine: Engine, diagnostics: Diagnostic[]): { rules: SopsRule[]; anchors: Map<string, string> } {
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
  let candidates: string[] | undefined;
  const special = new Map<string, string>();
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
      candidates ??= allFiles(engine.root, special).filter((f) => f !== file && /\.(ya?ml|json|env|ini)$/.test(f));
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

/**
 * Every file under the root, relative (symlinked folders are not entered); FIFOs, sockets and devices
 * are listed too, and recorded in `special` with what they are.
 */
function allFiles(root: string, special: Map<string, string>): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(abs);
        continue;
      }
      const rel = path.relative(root, abs).split(path.sep).join('/');
      out.push(rel);
      if (!entry.isFile() && !entry.isSymbolicLink()) special.set(rel, entry.isFIFO() ? 'a FIFO' : entry.isSocket() ? 'a socket' : 'a device');
    }
  };
  walk(root);
  return out.sort();
}
