/** Reads the inputs of the root flake from flake.lock (version 5 to 7). */
import type { Diagnostic } from '../diagnostics.ts';
import type { FlakeInput } from '../model/inputs.ts';
import { GIT_CRYPT_HEADER } from '../nix/secret-files.ts';

interface LockNode {
  inputs?: Record<string, string | string[]>;
  locked?: Record<string, unknown>;
  original?: Record<string, unknown>;
}

/** A flake reference string for a lock's `original` or `locked` attrset. */
export function flakeRef(ref: Record<string, unknown> | undefined): string | null {
  if (!ref) return null;
  const s = (k: string) => (typeof ref[k] === 'string' ? (ref[k] as string) : undefined);
  const type = s('type');
  const suffix = s('ref') ?? s('rev');
  switch (type) {
    case 'github':
    case 'gitlab':
    case 'sourcehut':
      return `${type}:${s('owner')}/${s('repo')}${suffix ? `/${suffix}` : ''}`;
    case 'indirect':
      return `${s('id')}${suffix ? `/${suffix}` : ''}`;
    case 'path':
      return `path:${s('path')}`;
    case 'git':
    case 'tarball':
    case 'file':
    case 'hg':
      return `${type === 'git' || type === 'hg' ? `${type}+` : ''}${s('url')}${s('ref') ? `?ref=${s('ref')}` : ''}`;
    default:
      return type ?? null;
  }
}

/**
 * Parses flake.lock text into the root flake's inputs, sorted by name.
 * @param text the lock file's contents (undefined when the flake has no lock)
 * @param file the lock's path relative to the flake, for diagnostics
 */
export function extractInputs(text: string | undefined, file = 'flake.lock'): { inputs: FlakeInput[]; diagnostics: Diagnostic[] } {
  if (text === undefined) {
    return {
      inputs: [],
      diagnostics: [{ severity: 'info', code: 'inputs/no-lock', message: 'no flake.lock: inputs are not pinned', location: { file, line: 1, column: 1 } }],
    };
  }
  let lock: { version?: number; root?: string; nodes?: Record<string, LockNode> };
  // A lock encrypted with git-crypt is ciphertext, not broken JSON: the inputs' revisions are simply not visible.
  if (text.startsWith(GIT_CRYPT_HEADER)) {
    return { inputs: [], diagnostics: [{ severity: 'info', code: 'nix/encrypted', message: `${file} is encrypted with git-crypt: the inputs' locked revisions are not shown`, location: { file, line: 1, column: 1 } }] };
  }
  try {
    lock = JSON.parse(text);
  } catch (error) {
    return {
      inputs: [],
      diagnostics: [{ severity: 'error', code: 'inputs/bad-lock', message: `flake.lock is not valid JSON: ${(error as Error).message}`, location: { file, line: 1, column: 1 } }],
    };
  }
  const nodes = lock.nodes ?? {};
  const root = nodes[lock.root ?? 'root'];
  const diagnostics: Diagnostic[] = [];
  if (!root) {
    diagnostics.push({ severity: 'error', code: 'inputs/bad-lock', message: 'flake.lock has no root node', location: { file, line: 1, column: 1 } });
    return { inputs: [], diagnostics };
  }
  const follows = (target: string | string[]) => (Array.isArray(target) ? target.join('/') : null);
  const inputs = Object.entries(root.inputs ?? {}).map(([name, target]): FlakeInput => {
    const node = typeof target === 'string' ? nodes[target] : undefined;
    const locked = node?.locked;
    const lastModified = typeof locked?.lastModified === 'number' ? new Date(locked.lastModified * 1000).toISOString().slice(0, 10) : null;
    return {
      kind: 'input',
      name,
      type: typeof locked?.type === 'string' ? locked.type : null,
      original: flakeRef(node?.original),
      rev: typeof locked?.rev === 'string' ? locked.rev : null,
      lastModified,
      narHash: typeof locked?.narHash === 'string' ? locked.narHash : null,
      follows: follows(target),
      inputs: Object.entries(node?.inputs ?? {})
        .map(([n, t]) => ({ name: n, follows: follows(t) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
  return { inputs: inputs.sort((a, b) => a.name.localeCompare(b.name)), diagnostics };
}
