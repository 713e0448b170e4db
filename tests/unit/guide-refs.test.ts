/** References from the flake's guides to its hosts, options, secrets, tickets and profiles. */
import assert from 'node:assert/strict';
import { pageToHtml } from './page-html.ts';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { checkGuideRefs, closestNames, levenshtein } from '../../scripts/extract/guide-refs.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import type { Guide } from '../../scripts/model/index.ts';
import { renderGuides } from '../../scripts/render/guides.ts';
import { createRouter } from '../../scripts/render/router.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GUIDE = 'docs/guides/new-machine-checklist.mdx';

/** The 1-based line of the first line of `file` containing `needle`. */
function lineOf(file: string, needle: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
}

const guide = (body: string): Guide => ({ kind: 'guide', id: 'g', file: 'docs/g.mdx', format: 'mdx', title: 'G', description: null, order: null, body, bodyLine: 5, error: null });
const names = { host: ['rich-evans', 'marshmallow', 'bartleby'], profile: ['server'], option: ['systems.backups.enable'], secret: ['restic-password'], ticket: ['INFRA-2'] };

test('the closest names are by edit distance, then alphabetical', () => {
  assert.equal(levenshtein('kitten', 'sitting'), 3);
  assert.deepEqual(closestNames('rich-evan', names.host, 2), ['rich-evans', 'bartleby']);
});

test('every kind of reference is checked, with its line in the flake file and the closest names', () => {
  const body = [
    '[ok](host:rich-evans) [typo](host:rich-evan)',
    '[o](option:systems.backup.enable) [s](secret:restic-pasword) [t](ticket:INFRA-9) [p](profile:servers)',
    '',
    '<HostLink name="marshmallow" /> <RebuildCommand host="bartleb" />',
    '',
    '<HostList class="nixoss" />',
    '',
    '<HostList profile="server" />',
  ].join('\n');
  const found = checkGuideRefs([guide(body)], names).map((d) => `${d.location!.line}:${d.location!.column} ${d.message}`);
  assert.deepEqual(found, [
    '5:23 the guide refers to host "rich-evan", which the flake does not have; did you mean "rich-evans", "bartleby", "marshmallow"?',
    '6:1 the guide refers to option "systems.backup.enable", which the flake does not have; did you mean "systems.backups.enable"?',
    '6:35 the guide refers to secret "restic-pasword", which the flake does not have; did you mean "restic-password"?',
    '6:62 the guide refers to ticket "INFRA-9", which the flake does not have; did you mean "INFRA-2"?',
    '6:82 the guide refers to profile "servers", which the flake does not have; did you mean "server"?',
    '8:33 the guide refers to host "bartleb", which the flake does not have; did you mean "bartleby", "marshmallow", "rich-evans"?',
    '10:1 <HostList class="nixoss">: the flake has no host class "nixoss"; did you mean "nixos", "home", "darwin"?',
  ]);
});

test('live-data components and references render as links through the router, never as raw components', () => {
  const model = {
    hosts: [{ name: 'web', class: 'nixos', profiles: ['server'] }, { name: 'mac', class: 'darwin', profiles: [] }],
    profiles: [{ name: 'server' }],
    options: [{ name: 'x.enable', group: 'nixos/x' }],
    secrets: { secrets: [{ id: 's1' }] },
    roadmap: null,
  } as never;
  const body = 'See [the web box](host:web), <OptionLink name="x.enable" />, [gone](host:old) and <RebuildCommand host="mac" />.\n\n<HostList profile="server" />';
  const [page] = renderGuides([guide(body)], createRouter('/docs/'), { model, router: createRouter('/docs/') });
  const html = pageToHtml(page!.content).replace(/^<div>|<\/div>$/g, '');
  assert.equal(
    html,
    '<p>See <a href="/docs/hosts/web/">the web box</a>, <a href="/docs/options/nixos/x/#x.enable">x.enable</a>, gone and <code>sudo darwin-rebuild switch --flake .#mac</code>.</p>\n<ul>\n<li><a href="/docs/hosts/web/">web</a></li>\n</ul>',
  );
});

test('a copy of flake-src/ with a host renamed fails check, naming the guide line that used the old name and suggesting the new one', async () => {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'flake-docs-renamed-'));
  try {
    cpSync(path.join(ROOT, 'flake-src'), copy, { recursive: true });
    const parts = path.join(copy, 'parts/nixos.nix');
    writeFileSync(parts, readFileSync(parts, 'utf8').replace('    rich-evans = mkServer {', '    rich-evans-srv = mkServer {'));
    const result = await extractFlake(copy, parseConfig({ guides: 'docs/guides' }), new Progress(true));
    const refs = result.model.diagnostics.filter((d) => d.code === 'guides/unknown-ref');
    const file = path.join(copy, GUIDE);
    assert.deepEqual(
      refs.map((d) => `${d.location!.file}:${d.location!.line} ${d.message}`),
      [
        `${GUIDE}:${lineOf(file, '(host:rich-evans)')} the guide refers to host "rich-evans", which the flake does not have; did you mean "rich-evans-srv", "bartleby", "cronut"?`,
        `${GUIDE}:${lineOf(file, '<RebuildCommand host="rich-evans"')} the guide refers to host "rich-evans", which the flake does not have; did you mean "rich-evans-srv", "bartleby", "cronut"?`,
      ],
    );
    // The same through the command line: the flake's own flake-docs.json names its guides, and check fails without --strict.
    writeFileSync(path.join(copy, 'flake-docs.json'), JSON.stringify({ guides: 'docs/guides' }));
    const run = spawnSync(process.execPath, ['scripts/cli.ts', 'check', '--flake', copy], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stderr, new RegExp(`${GUIDE.replace(/\./g, '\\.')}:${lineOf(file, '(host:rich-evans)')}:\\d+ - error: the guide refers to host "rich-evans", which the flake does not have; did you mean "rich-evans-srv"`));
    assert.match(run.stderr, /2 guide reference\(s\) to things the flake does not have/);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('the sample flake has no unknown references', async () => {
  const result = await extractFlake(path.join(ROOT, 'flake-src'), parseConfig({ guides: 'docs/guides' }), new Progress(true));
  assert.deepEqual(result.model.diagnostics.filter((d) => d.code === 'guides/unknown-ref'), []);
});
