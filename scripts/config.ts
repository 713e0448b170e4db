/**
 * The site's one configuration file, `flake-docs.config.json`, validated with zod. Errors name the
 * key path and say how to fix it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { compileGlob } from './glob.ts';
import { readRegularFile } from './nix/fs-guard.ts';

/** The file name looked up in the project root. */
export const CONFIG_FILE = 'flake-docs.config.json';

const relativePath = (what: string) =>
  z
    .string({ error: `must be a string: the ${what}` })
    .min(1, { error: `must not be empty: give the ${what}` });

/**
 * True when a path relative to the flake stays inside it: not absolute, and no `..` climbs above the
 * root (`docs/../x.md` is fine, `../x.md` is not).
 */
export function staysInside(p: string): boolean {
  if (p.includes('\0') || p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p)) return false;
  let depth = 0;
  for (const segment of p.split(/[\\/]/)) {
    if (segment === '..') depth--;
    else if (segment !== '' && segment !== '.') depth++;
    if (depth < 0) return false;
  }
  return true;
}

/** A path the flake's files are read from: relative to the flake and inside it. */
const flakePath = (what: string, noun: string, example: string) =>
  relativePath(what).refine(staysInside, {
    error: `must stay inside the flake: give the ${noun} as a path relative to the flake root, without a leading "/" or "..", such as "${example}"`,
  });

/** A glob the linear-time matcher accepts (a brace range of a billion numbers or a 10 KB pattern is refused). */
const usableGlob = <T extends z.ZodType<string>>(schema: T) =>
  schema.superRefine((value, ctx) => {
    const glob = compileGlob(value);
    if (!glob.ok) ctx.addIssue({ code: 'custom', message: `is not a usable glob: ${glob.error}` });
  });

/**
 * A web URL: parseable, and http or https only (a `javascript:` or `data:` URL would become a link
 * that runs code in the reader's browser).
 * @param notUrl the message for a value that is not a URL at all; it names the key's purpose and an example
 */
const httpUrl = (notUrl: string) =>
  z.string({ error: notUrl }).superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: notUrl });
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: `must start with "https://" or "http://" (not "${url.protocol}"): ${notUrl.replace(/^must be /, '')}` });
    }
  });

/** The schema of `flake-docs.config.json`. */
export const configSchema = z
  .object({
    $schema: z.string().optional(),
    title: z.string({ error: 'must be a string: the site title shown in the header' }).min(1).default('Systems flake'),
    description: z.string().default('Documentation generated from the systems flake.'),
    flake: relativePath('folder of the flake to document, relative to this file').default('flake-src'),
    site: httpUrl('must be an absolute URL such as "https://example.org" (where the site is deployed)').optional(),
    base: z
      .string()
      .regex(/^\/([\w.-]+\/)*$/, { error: 'must start and end with "/", such as "/" or "/systems/"' })
      .default('/'),
    repository: z
      .object({
        url: httpUrl('must be the repository web URL, such as "https://github.com/you/systems"'),
        branch: z.string().min(1).default('main'),
        flakeDir: z
          .string({ error: 'must be the folder of the flake inside the repository ("" for the root)' })
          .refine((d) => staysInside(d.replace(/^\/+/, '')), {
            error: 'must stay inside the repository: give the folder of the flake without "..", such as "nix" ("" for the root)',
          })
          .default(''),
        linkTemplate: z
          .string()
          .refine((t) => t.includes('{path}'), { error: 'must contain "{path}" (and may contain "{line}" and "{branch}")' })
          .refine((t) => /^https?:\/\/[^\s/]/i.test(t), {
            error: 'must start with "https://" or "http://", such as "https://git.example/you/systems/src/{branch}/{path}#L{line}"',
          })
          .optional(),
      })
      .strict()
      .optional(),
    roadmap: z
      .union([usableGlob(flakePath('roadmap markdown file or glob, relative to the flake', 'roadmap markdown file', 'docs/tickets.md')), z.array(usableGlob(flakePath('roadmap markdown file or glob, relative to the flake', 'roadmap markdown file', 'docs/tickets.md'))).min(1).max(100)], {
        error: 'must be a path or glob relative to the flake ("docs/tickets.md", "docs/*.md") or a list of them',
      })
      .default('docs/tickets.md'),
    hoursPerDay: z
      .number({ error: 'must be a number: the working hours in a day, such as 8' })
      .min(0.25, { error: 'must be at least 0.25 (a quarter of an hour): the working hours in a day, such as 8' })
      .max(24, { error: 'must be at most 24: the working hours in a day, such as 8' })
      .default(8),
    startDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written YYYY-MM-DD, such as "2025-03-03": the Gantt chart\'s first day' })
      .optional(),
    guides: flakePath('folder of extra hand-written guides inside the flake', 'guides folder', 'docs/guides').optional(),
    secretPaths: z
      .array(usableGlob(z.string().min(1)), { error: 'must be a list of globs relative to the flake, such as ["keys/**", "**/*.secret"]' })
      .max(100, { error: 'must list at most 100 globs' })
      .default([]),
    strict: z.boolean({ error: 'must be true or false' }).default(false),
    profiles: z
      .array(usableGlob(z.string().min(1, { error: 'must not be empty' })), { error: 'must be a list of folder names or globs, such as ["hosts/common", "features/*.nix"]' })
      .max(100, { error: 'must list at most 100 folder names or globs' })
      .optional(),
  })
  .strict();

/** The validated configuration with defaults filled in. */
export type SiteConfig = z.infer<typeof configSchema>;

/** A configuration file that does not validate; the message lists each problem by key path. */
export class ConfigError extends Error {}

/** Formats zod issues as `key.path: problem` lines, in the user's terms. */
export function formatConfigIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      const known = Object.keys(issue.path.length ? {} : configSchema.shape).filter((k) => k !== '$schema');
      return `  ${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${
        known.length ? ` (known keys: ${known.join(', ')})` : ''
      }`;
    }
    const key = issue.path.join('.') || '(top level)';
    return `  ${key}: ${issue.message}`;
  });
  return `${file} is not valid:\n${lines.join('\n')}`;
}

/**
 * Parses JSON, or throws a ConfigError naming where it fails, never quoting the text (V8's message
 * repeats the start of the input, which could be anything the path leads to).
 * @param text the file's text
 * @param label how the error names the file
 */
export function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const m = /at position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec((error as Error).message);
    const where = m?.[2] ? ` at line ${m[2]}, column ${m[3]}` : m ? ` at character ${Number(m[1]) + 1}` : text.trim() ? '' : ' (it is empty)';
    throw new ConfigError(`${label} is not valid JSON${where}`);
  }
}

/**
 * Reads and validates the configuration. A missing file gives the defaults.
 * @param root the project folder holding `flake-docs.config.json`
 */
export function loadConfig(root: string): SiteConfig {
  const file = path.join(root, CONFIG_FILE);
  let raw: unknown = {};
  if (existsSync(file)) {
    // Through the file guard: a FIFO, a device or a symlink out of the project is refused, not read.
    const read = readRegularFile(file, root, 1024 * 1024);
    if (!read.ok) throw new ConfigError(`${CONFIG_FILE} was not read: it ${read.reason}`);
    raw = parseJson(read.text, CONFIG_FILE);
  }
  return parseConfig(raw, CONFIG_FILE);
}

/** Validates an already-parsed configuration object; `file` names it in errors. */
export function parseConfig(raw: unknown, file = CONFIG_FILE): SiteConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(formatConfigIssues(file, result.error));
  return result.data;
}

/**
 * The web URL of a file and line in the repository, or undefined when no repository is configured.
 * @param config the site configuration
 * @param file path relative to the flake root
 * @param line 1-based line number
 */
export function sourceUrl(config: SiteConfig, file: string, line?: number): string | undefined {
  const repo = config.repository;
  if (!repo) return undefined;
  const inRepo = [repo.flakeDir.replace(/^\/+|\/+$/g, ''), file].filter(Boolean).join('/');
  const url = repo.url.replace(/\/+$/, '');
  const template =
    repo.linkTemplate ??
    (/gitlab/.test(url)
      ? `${url}/-/blob/{branch}/{path}#L{line}`
      : /sr\.ht/.test(url)
        ? `${url}/tree/{branch}/item/{path}#L{line}`
        : /codeberg|gitea|forgejo/.test(url)
          ? `${url}/src/branch/{branch}/{path}#L{line}`
          : `${url}/blob/{branch}/{path}#L{line}`);
  const filled = template
    .replaceAll('{branch}', encodeURIComponent(repo.branch))
    .replaceAll('{path}', inRepo.split('/').map(encodeURIComponent).join('/'));
  return line === undefined ? filled.replace(/#L\{line\}$/, '').replaceAll('{line}', '') : filled.replaceAll('{line}', String(line));
}
