/** Helpers for the hostile-input tests: a scratch copy of a fixture flake, and a full extraction of it. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { formatLocation, type Diagnostic } from '../../scripts/diagnostics.ts';
import { type Extraction, extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';

/** The folder of a fixture under tests/fixtures. */
export const fixture = (name: string): string => path.join(import.meta.dirname, '..', 'fixtures', name);

/**
 * Copies tests/fixtures/<name> into a fresh temporary folder (removed after the test file) so a test
 * can add generated hostile files to it.
 * @param name the fixture folder
 */
export function scratchFlake(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `flake-docs-${name}-`));
  cpSync(fixture(name), dir, { recursive: true });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs every extractor over a flake with the default configuration, quietly.
 * @param root the flake folder
 */
export function extract(root: string): Promise<Extraction> {
  return extractFlake(root, parseConfig({}), new Progress(true));
}

/** Diagnostics as `file:line:col code message` lines, for exact assertions. */
export function diagnosticLines(list: Diagnostic[], filter: (d: Diagnostic) => boolean = () => true): string[] {
  return list.filter(filter).map((d) => `${d.location ? formatLocation(d.location) : '-'} ${d.severity} ${d.code} ${d.message}`);
}
