/**
 * What Pagefind indexes on the built sample, read from its fragments (each holds the text indexed for
 * one page): option names, descriptions and types but not field labels, defaults or examples; each
 * secret's recipients but not the secrets page's matrix and cross-reference id lists; no Gantt chart.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { FlakeModel } from '../../scripts/model/index.ts';

const FRAGMENTS = path.resolve(import.meta.dirname, '../../dist/pagefind/fragment');
const built = existsSync(FRAGMENTS);

/** Pagefind's indexed text of each page of the built sample, by URL. */
function indexedText(): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of readdirSync(FRAGMENTS)) {
    // A fragment is gzip holding Pagefind's signature, then the page's JSON.
    const raw = gunzipSync(readFileSync(path.join(FRAGMENTS, file))).toString('utf8');
    const { url, content } = JSON.parse(raw.slice(raw.indexOf('{'))) as { url: string; content: string };
    out.set(url, content);
  }
  return out;
}

describe('what the search index holds, in the built sample', { skip: built ? false : 'no built site in dist/ (run npm run build)' }, () => {
  const pages = built ? indexedText() : new Map<string, string>();

  test('an option: its name, name words, description and type, each a word of its own; no labels, default, example or declaration', () => {
    const text = pages.get('/options/nixos/backups/')!;
    const option = text.slice(text.indexOf('systems.backups.enable.'), text.indexOf('systems.backups.package.'));
    assert.equal(option, 'systems.backups.enable. systems backups enable Whether to enable restic backups of this host. boolean ');
    for (const gone of ['Type', 'Default', 'Example', 'Declared in', 'Set on these hosts', 'pkgs.restic', 'backups.nix:']) assert.ok(!text.includes(gone), gone);
  });

  test('each secret keeps its recipients; the matrix and the id lists of the host-access and recipient tables are left out, their rows kept', () => {
    const text = pages.get('/secrets/')!;
    const model = JSON.parse(readFileSync(path.resolve(FRAGMENTS, '../../flake.json'), 'utf8')) as FlakeModel;
    const listed = model.secrets.secrets.filter((s) => s.recipients?.length);
    assert.ok(listed.length > 5);
    for (const s of listed) assert.ok(text.includes(` ${s.recipients!.join(', ')} `), `${s.id}: ${s.recipients!.join(', ')}`);
    for (const gone of ['Encrypted file', 'Recipients ', 'secrets.nix:', 'Secretbartleby']) assert.ok(!text.includes(gone), gone);
    assert.match(text, /\bmarshmallow\. can read \d+, uses \d+, \d+ over-granted\. rich-evans\. can read/);
    assert.match(text, /\bmarshmallow\. host\. — ssh-ed25519 SHA256:\S+\. \d+ secrets: marshmallow \(age\)\. host\./);
  });

  test('the Gantt chart is left out: each ticket is on the Gantt page once, in its schedule table', () => {
    const gantt = pages.get('/roadmap/gantt/')!;
    assert.equal(gantt.split('Move desktop configurations to modules').length - 1, 1, gantt);
    assert.match(gantt, /\bINFRA-2\. Move desktop configurations to modules\. Blocked\. INFRA-1\. day 1\. day 1\./);
  });
});
