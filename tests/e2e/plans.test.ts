/**
 * The owner's four planning documents as the roadmap of a copy of the sample flake (`roadmap:
 * "docs/*.md"`): one real build, then what its pages show.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildInSandbox, type SandboxBuild } from './sandbox.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures');

describe('the four planning documents as the roadmap of the sample flake', () => {
  let flake: string;
  let build: SandboxBuild;
  const page = (slug: string) => readFileSync(path.join(build.root, 'dist', slug, 'index.html'), 'utf8');
  /** The visible text of a page, tags dropped (a path's <wbr> break points join their words). */
  const words = (slug: string) => page(slug).replace(/<wbr\s*\/?>/g, '').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

  before(() => {
    mkdirSync(path.join(ROOT, '.sandbox'), { recursive: true });
    flake = mkdtempSync(path.join(ROOT, '.sandbox', 'flake-'));
    cpSync(path.join(ROOT, 'flake-src'), flake, { recursive: true });
    cpSync(path.join(FIXTURES, 'plans-todo', 'TODO.md'), path.join(flake, 'docs', 'TODO.md'));
    cpSync(path.join(FIXTURES, 'plans-project', 'PROJECT.md'), path.join(flake, 'docs', 'PROJECT.md'));
    cpSync(path.join(FIXTURES, 'plans-phased', 'ROADMAP.md'), path.join(flake, 'docs', 'ROADMAP.md'));
    // The sample's docs/ also holds prose (architecture.md): only the planning documents are the roadmap here.
    rmSync(path.join(flake, 'docs', 'architecture.md'));
    build = buildInSandbox(flake, { roadmap: 'docs/*.md' });
  });
  after(() => {
    build?.remove();
    if (flake) rmSync(flake, { recursive: true, force: true });
  });

  test('the build succeeds and notes the repaired mojibake with file and line', () => {
    assert.equal(build.status, 0, build.output);
    const model = JSON.parse(readFileSync(path.join(build.root, 'dist', 'flake.json'), 'utf8'));
    const notes = model.diagnostics.filter((d: { code: string }) => d.code === 'tickets/mojibake');
    assert.equal(notes.length, 33);
    assert.deepEqual(notes[0].location, { file: 'docs/ROADMAP.md', line: 1, column: 1 });
    assert.match(notes[0].message, /^repaired UTF-8 text that had been read as Mac Roman: /);
    // The Diagnostics page lists notes by code, one row per code with the place of each.
    assert.match(words('diagnostics'), /Notes [\s\S]*?docs\/ROADMAP\.md:1:1 [\s\S]*?tickets\/mojibake|Notes [\s\S]*?tickets\/mojibake [\s\S]*?docs\/ROADMAP\.md:1:1/);
    assert.deepEqual(model.roadmap.documents.map((d: { file: string }) => d.file), ['docs/PROJECT.md', 'docs/ROADMAP.md', 'docs/TODO.md', 'docs/tickets.md']);
  });

  test('the roadmap index lists every document with its progress', () => {
    const index = words('roadmap');
    for (const expected of [
      'Project Management - NixOS Configuration From docs/PROJECT.md . 3 of 22 tasks done · 1 in progress',
      '🗺️ NixOS Configuration Roadmap From docs/ROADMAP.md . 23 of 119 tasks done',
      'Systems Flake Reorganization TODO From docs/TODO.md . 0 of 55 tasks done',
      'Systems Flake Reorganization - Project Tickets From docs/tickets.md . 0 of 22 tasks done',
    ]) {
      assert.ok(index.includes(expected), `${expected}\nin: ${index}`);
    }
  });

  test('each document page shows every item with its status, and section progress', () => {
    const badges = (slug: string) => (page(slug).match(/class="fd-badge fd-badge-(?:tip|note|default|danger)">(?:Done|In progress|Planned|Dropped)</g) ?? []).length;
    assert.equal(badges('roadmap/todo'), 55);
    assert.equal(badges('roadmap/project'), 22);
    assert.equal(badges('roadmap/roadmap'), 119);
    assert.ok(words('roadmap/project').includes('Current State 3 of 4 tasks done · 1 in progress'));
    assert.ok(words('roadmap/roadmap').includes('Q1 2025 Phase 5: System Performance & Optimization PLANNING · priority HIGH 0 of 15 tasks done'));
    assert.ok(!page('roadmap/roadmap').includes('üó∫'));
    // The ticket list keeps its pages, now under its document's folder.
    assert.ok(words('roadmap/tickets').includes('0h of 96h done, 96h open · 0 of 22 tickets done'));
    assert.ok(existsSync(path.join(build.root, 'dist', 'roadmap', 'tickets', 'gantt', 'index.html')));
    assert.ok(existsSync(path.join(build.root, 'dist', 'tickets', 'SEC-3', 'index.html')));
  });
});
