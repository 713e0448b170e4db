/**
 * The flake's own commands, read statically and never run: each development shell (`devShells`) with
 * the scripts it puts on the PATH (`writeShellScriptBin`, `writeShellApplication`), a numtide devshell's
 * `commands` and the packages it adds by name, then `apps` with their `meta.description`, and
 * `packages`. Packages are only known at evaluation time, so a call's arguments are what is read.
 */
import type { SourceLocation } from '../diagnostics.ts';
import type { DevShell, FlakeApp, FlakeCommands, FlakePackage, ShellCommand } from '../model/commands.ts';
import { type AttrsValue, type Engine, getAttr, isSecretName, keyMaterial, type Value } from '../nix/index.ts';

/** The longest command text shown; a longer script is cut there. */
const MAX_COMMAND = 300;
/** Builders of a script that lands in `bin/` under its name. */
const SCRIPT_BUILDERS = new Set(['writeShellScriptBin', 'writeScriptBin', 'writeShellApplication', 'writeShellScript', 'writeScript']);

/**
 * Reads the development shells, apps and packages of the flake's outputs.
 * @param engine the evaluator over the flake
 */
export function extractCommands(engine: Engine): FlakeCommands {
  const { outputs } = engine.evalFlake();
  const out: FlakeCommands = { shells: [], apps: [], packages: [] };
  if (outputs.kind !== 'attrs') return out;
  for (const { name, system, value, source } of perSystem(outputs, 'devShells')) merge(out.shells, name, system, () => readShell(engine, name, value, source));
  for (const { name, system, value, source } of perSystem(outputs, 'apps')) merge(out.apps, name, system, () => readApp(engine, name, value, source));
  for (const { name, system, value, source } of perSystem(outputs, 'packages')) merge(out.packages, name, system, () => readPackage(engine, name, value, source));
  return out;
}

/** Each `<output>.<system>.<name>` of the outputs, systems and names in order. */
function* perSystem(outputs: AttrsValue, output: string): Generator<{ name: string; system: string; value: Value; source: SourceLocation | null }> {
  const set = getAttr(outputs, output)?.force();
  if (set?.kind !== 'attrs') return;
  for (const system of [...set.attrs.keys()].sort()) {
    const bySystem = set.attrs.get(system)!.force();
    if (bySystem.kind !== 'attrs') continue;
    for (const name of [...bySystem.attrs.keys()].sort()) {
      const value = bySystem.attrs.get(name)!.force();
      yield { name, system, value, source: bySystem.locs?.get(name) ?? set.locs?.get(system) ?? null };
    }
  }
}

/** Adds what `read` gives under `name`, or the system to the entry of that name already read (platforms share a definition). */
function merge<T extends { name: string; systems: string[] }>(list: T[], name: string, system: string, read: () => T): T {
  const known = list.find((e) => e.name === name);
  if (known) {
    known.systems.push(system);
    return known;
  }
  const entry = read();
  entry.systems.push(system);
  list.push(entry);
  return entry;
}

/** The function an unknown call names, as the flake's reader knows it: `mkShell`, `stdenv.mkDerivation`, `devshell.mkShell`. */
export function callee(reason: string): string {
  const input = /^inputs\.([\w-]+)\.(?:legacyPackages|packages|lib)\.[^.]+\.(.+)$/.exec(reason);
  if (input) return /^nixpkgs/.test(input[1]!) ? input[2]! : `${input[1]}.${input[2]}`;
  const pkgs = /^pkgs\.(.+)$/.exec(reason);
  return pkgs ? pkgs[1]! : reason;
}

/** An unknown call's function and arguments, when the value is one. */
function callOf(engine: Engine, v: Value): { fn: string; args: Value[] } | undefined {
  if (v.kind !== 'unknown') return undefined;
  const args = engine.unknownCall(v);
  return args ? { fn: callee(v.reason), args: args.map((t) => t.force()) } : undefined;
}

function str(v: Value | undefined): string | null {
  return v?.kind === 'string' ? v.value : null;
}

/** A command's text as shown: its source text when computed, cut short, never holding key material. */
function commandText(engine: Engine, v: Value | undefined): string | null {
  if (!v) return null;
  const raw = v.kind === 'string' ? v.value : (engine.valueText(v) ?? null);
  if (raw === null) return null;
  const text = raw.trim();
  const key = keyMaterial(text);
  if (key) return `‹redacted: ${key}›`;
  const shown = withoutCredentials(text);
  return shown.length > MAX_COMMAND ? `${shown.slice(0, MAX_COMMAND)}…` : shown;
}

/** A shell word: quoted, or up to the next space or `;`. */
const WORD = String.raw`(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s;'"]+)`;
/** `NAME=value` (an assignment or `export`) and `--name value` / `--name=value` (a flag). */
const ASSIGNMENT = new RegExp(String.raw`(?<![-\w])([A-Za-z_][A-Za-z0-9_]*)=(${WORD})`, 'g');
const FLAG = new RegExp(String.raw`(--[A-Za-z][A-Za-z0-9-]*)(=|[ \t]+)(${WORD})`, 'g');

/**
 * A script's text with the values of credential-named variables and flags redacted
 * (`GITHUB_TOKEN=ghp_…`, `--password hunter2`), as credential-named settings are.
 * @param text the command or script as written
 */
export function withoutCredentials(text: string): string {
  return text
    .replace(ASSIGNMENT, (all, name: string) => (isSecretName(name) ? `${name}=‹redacted: ${name}›` : all))
    // `--password --host x`: the next word is another flag, not the password's value.
    .replace(FLAG, (all, flag: string, sep: string, value: string) => (isSecretName(flag.slice(2)) && !(sep !== '=' && value.startsWith('-')) ? `${flag}${sep}‹redacted: ${flag.slice(2)}›` : all));
}

/** `meta.description` of a call's set argument, when a literal. */
function metaDescription(args: Value[]): string | null {
  const last = args.at(-1);
  if (last?.kind !== 'attrs') return null;
  const meta = getAttr(last, 'meta')?.force();
  return str(meta && getAttr(meta, 'description')?.force()) ?? str(getAttr(last, 'description')?.force());
}

/** A script the flake writes (`writeShellScriptBin "deploy" "…"`, `writeShellApplication { name; text; }`), as a command. */
function scriptCommand(engine: Engine, v: Value): ShellCommand | undefined {
  const call = callOf(engine, v);
  const builder = call?.fn.split('.').at(-1);
  if (!call || !builder || !SCRIPT_BUILDERS.has(builder)) return undefined;
  const source = v.kind === 'unknown' ? (v.loc ?? null) : null;
  const [first, second] = call.args;
  if (first?.kind === 'attrs') {
    const name = str(getAttr(first, 'name')?.force());
    return name === null ? undefined : { name, help: metaDescription(call.args), command: commandText(engine, getAttr(first, 'text')?.force()), kind: 'script', source };
  }
  const name = str(first);
  return name === null ? undefined : { name, help: null, command: commandText(engine, second), kind: 'script', source };
}

function readShell(engine: Engine, name: string, value: Value, source: SourceLocation | null): DevShell {
  const shell: DevShell = { name, systems: [], builder: null, commands: [], tools: [], shellHook: null, source };
  const call = callOf(engine, value);
  if (!call) return shell;
  shell.builder = call.fn;
  const args = call.args.at(-1);
  if (args?.kind !== 'attrs') return shell;
  for (const key of ['packages', 'buildInputs', 'nativeBuildInputs']) {
    const list = getAttr(args, key)?.force();
    if (list?.kind !== 'list') continue;
    for (const t of list.items) {
      const item = t.force();
      const script = scriptCommand(engine, item);
      if (script) shell.commands.push(script);
      else if (item.kind === 'unknown') {
        const tool = callee(item.reason);
        if (/^[\w.+-]+$/.test(tool) && !shell.tools.includes(tool)) shell.tools.push(tool);
      }
    }
  }
  // numtide devshell: `commands = [ { name; help; command; package; category; } ]`.
  const commands = getAttr(args, 'commands')?.force();
  if (commands?.kind === 'list') {
    for (const t of commands.items) {
      const c = t.force();
      if (c.kind !== 'attrs') continue;
      const pkg = getAttr(c, 'package')?.force();
      const cname = str(getAttr(c, 'name')?.force()) ?? (pkg?.kind === 'unknown' ? callee(pkg.reason).split('.').at(-1)! : null);
      if (cname === null) continue;
      const loc = c.locs?.get('name') ?? c.locs?.values().next().value ?? null;
      shell.commands.push({ name: cname, help: str(getAttr(c, 'help')?.force()), command: commandText(engine, getAttr(c, 'command')?.force()), kind: 'devshell', source: loc });
    }
  }
  shell.shellHook = args.locs?.get('shellHook') ?? args.locs?.get('motd') ?? null;
  return shell;
}

function readApp(engine: Engine, name: string, value: Value, source: SourceLocation | null): FlakeApp {
  const meta = value.kind === 'attrs' ? getAttr(value, 'meta')?.force() : undefined;
  return {
    name,
    systems: [],
    description: str(meta && getAttr(meta, 'description')?.force()),
    program: value.kind === 'attrs' ? commandText(engine, getAttr(value, 'program')?.force()) : null,
    source,
  };
}

function readPackage(engine: Engine, name: string, value: Value, source: SourceLocation | null): FlakePackage {
  const call = callOf(engine, value);
  return { name, systems: [], description: call ? metaDescription(call.args) : null, builder: call?.fn ?? null, source };
}
