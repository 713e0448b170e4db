/**
 * Import graphs at real size, on one generated flake built once: a host of 150 modules and a host of
 * 1,040 (40 folders of 25 modules and their default.nix). Both show the folder graph, drawn (never
 * mermaid's "Maximum text size" error), with text at least 11 px at default zoom, and each folder
 * leads to its list of modules.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Site, suiteSkip } from './harness.ts';
import { smallestDiagramText } from './measure.ts';
import { type SandboxBuild, type ServedFlake, serveFlake } from './sandbox.ts';

const FOLDERS = 40;
const PER_FOLDER = 25;

/** Writes the flake: modules/gNN/mNNN.nix, each folder's default.nix importing its modules, two hosts. */
function writeFlake(dir: string): void {
  const folder = (g: number) => `g${String(g).padStart(2, '0')}`;
  for (let g = 0; g < FOLDERS; g++) {
    mkdirSync(path.join(dir, 'modules', folder(g)), { recursive: true });
    const files: string[] = [];
    for (let i = 0; i < PER_FOLDER; i++) {
      const name = `m${String(g * PER_FOLDER + i).padStart(4, '0')}.nix`;
      writeFileSync(path.join(dir, 'modules', folder(g), name), `{ ... }:\n{\n  environment.etc."m${g}-${i}".text = "${i}";\n}\n`);
      files.push(`./${name}`);
    }
    writeFileSync(path.join(dir, 'modules', folder(g), 'default.nix'), `{\n  imports = [\n${files.map((f) => `    ${f}\n`).join('')}  ];\n}\n`);
  }
  const host = (name: string, folders: number) =>
    `    nixosConfigurations.${name} = nixpkgs.lib.nixosSystem {\n      system = "x86_64-linux";\n      modules = [\n${Array.from({ length: folders }, (_, g) => `        ./modules/${folder(g)}\n`).join('')}      ];\n    };\n`;
  // 6 folders of 25 modules: 150 modules; all 40 folders: 1,000 modules.
  writeFileSync(
    path.join(dir, 'flake.nix'),
    `{\n  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";\n  outputs = { self, nixpkgs, ... }: {\n${host('mid', 6)}${host('big', FOLDERS)}  };\n}\n`,
  );
}

describe('import graphs of large hosts', { skip: suiteSkip() }, () => {
  let served: ServedFlake;
  let build: SandboxBuild;
  let site: Site;
  before(async () => {
    const flake = mkdtempSync(path.join(tmpdir(), 'fd-large-'));
    writeFlake(flake);
    served = await serveFlake(flake, { title: 'Large' });
    ({ build, site } = served);
  });
  after(async () => {
    await served?.close();
  });

  test('the build draws every diagram and warns about none', () => {
    assert.doesNotMatch(build.output, /warning: mermaid|error: mermaid|Maximum text size|cannot be drawn/i);
    assert.match(build.output, /draw diagrams \(\d+ ms\) \d+ SVGs? drawn/);
  });

  for (const [host, modules, shown] of [['mid', 156, 6], ['big', 1040, 40]] as const) {
    test(`${host}: a drawn folder graph of ${shown} folders, text at least 11 px, folders linked to the table`, async () => {
      const page = await site.page();
      await page.goto(site.url(`/hosts/${host}/`));
      const body = await page.locator('main').innerText();
      assert.doesNotMatch(body, /Maximum text size|Syntax error|could not be drawn/);
      assert.match(body, new RegExp(`${host} imports ${modules} modules`));
      const svg = page.locator('figure.mermaid-diagram .mermaid-light svg');
      assert.equal(await svg.count(), 1);
      const labels = await svg.locator('.nodeLabel').allInnerTexts();
      assert.equal(labels.length, shown + 1, labels.join(' | '));
      assert.ok(labels.includes('modules/g00/ · 26'), labels.join(' | '));
      const smallest = await smallestDiagramText(page);
      assert.ok(smallest >= 11 && smallest < 100, `diagram text drawn at ${smallest.toFixed(1)} px`);
      await svg.locator('.nodeLabel', { hasText: 'modules/g01/ · 26' }).click();
      await page.waitForURL(/#imports-modules-g01$/);
      assert.equal(await page.locator('#imports-modules-g01').innerText(), 'modules/g01/ (26 modules)');
      const items = await page.evaluate(() => {
        let next = document.getElementById('imports-modules-g01')!.nextElementSibling;
        while (next && !next.matches('ul.fd-module-list')) next = next.nextElementSibling;
        return [...(next?.querySelectorAll('li') ?? [])].map((li) => li.firstElementChild?.textContent);
      });
      assert.equal(items.length, 26);
      for (const item of items) assert.match(item ?? '', /^modules\/g01\/(m\d{4}|default)\.nix$/);
    });
  }
});
