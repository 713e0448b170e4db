/**
 * "Set on these hosts" on the sample flake: every option a host sets lists that host (checked against
 * a brute-force scan of all options per setting), the exact MDX of one option, and the folding of long lists.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { parseConfig } from '../../scripts/config.ts';
import { extractFlake } from '../../scripts/extract/index.ts';
import { Progress } from '../../scripts/log.ts';
import type { FlakeModel, Host, OptionDoc } from '../../scripts/model/index.ts';
import { holdsAttributes, indexSettings, splitSettingPath } from '../../scripts/model/settings.ts';
import type { RenderContext } from '../../scripts/render/context.ts';
import { renderSite } from '../../scripts/render/index.ts';
import { createRouter } from '../../scripts/render/router.ts';
import { setByField } from '../../scripts/render/set-by.ts';
import { text } from '../../scripts/render/mdx.ts';
import { assertInert, fromMdx, normalizeHtml, pageToHtml } from './page-html.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FLAKE = path.join(ROOT, 'flake-src');
const CONFIG = parseConfig(JSON.parse(readFileSync(path.join(ROOT, 'flake-docs.config.json'), 'utf8')));

/**
 * The reference the index must agree with: every option scanned for every setting, the longest whose
 * path matches (placeholders match any name; a longer setting path only under an attribute-set type).
 */
function scanOption(options: OptionDoc[], h: Host, settingPath: string): OptionDoc | undefined {
  const scan = (parts: string[], cls: string) => {
    let best: OptionDoc | undefined;
    for (const o of options) {
      if (o.loc.length > parts.length || (o.loc.length < parts.length && !holdsAttributes(o))) continue;
      if (!o.loc.every((seg, i) => seg === parts[i] || seg === '<name>' || seg === '*')) continue;
      const literals = (x: OptionDoc) => x.loc.filter((s) => s !== '<name>' && s !== '*').length;
      const better = !best || o.loc.length > best.loc.length || (o.loc.length === best.loc.length && (literals(o) > literals(best) || (o.group.startsWith(`${cls}/`) && !best.group.startsWith(`${cls}/`))));
      if (better) best = o;
    }
    return best;
  };
  const parts = splitSettingPath(settingPath);
  const own = scan(parts, h.class);
  if (own || h.class === 'home' || parts[0] !== 'home-manager' || parts[1] !== 'users' || parts.length < 4) return own;
  return scan(parts.slice(3), 'home');
}

/** The MDX of one option's section on its group page: from its heading to the next. */
function sectionOf(pages: Map<string, string>, o: OptionDoc): string {
  const page = pages.get(`options/${o.group}.md`)!;
  const start = page.indexOf(`## \`${o.name}\`\n`);
  assert.ok(start >= 0, `heading of ${o.name}`);
  const end = page.indexOf('\n## ', start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

/** An option path as host pages show it: each name a string, a break opportunity after each dot. */
const dotted = (p: string) => p.split('.').map((n) => text(n)).join('.<wbr />');

describe('set on these hosts, on the sample flake', () => {
  let model: FlakeModel;
  let pages: Map<string, string>;
  before(async () => {
    model = (await extractFlake(FLAKE, CONFIG, new Progress(true))).model;
    pages = new Map(renderSite(model, CONFIG).map((p) => [p.path, p.content]));
  });

  test('for every option, the hosts the index finds are the hosts a scan of all options finds', () => {
    const index = indexSettings(model.options, model.hosts, model.profiles);
    let matched = 0;
    for (const o of model.options) {
      const expected = model.hosts.flatMap((h) => h.settings.filter((s) => scanOption(model.options, h, s.path) === o).map((s) => `${h.name} ${s.path} ${s.source.file}:${s.source.line}`));
      const found = index.setBy(o).map((u) => `${u.host} ${u.setting.path} ${u.setting.source.file}:${u.setting.source.line}`);
      assert.deepEqual(found, expected, o.name);
      matched += found.length;
    }
    assert.ok(matched > 50, `settings matched to options: ${matched}`);
  });

  test('every option some host sets lists each of those hosts on its page, and no other option says so', () => {
    const index = indexSettings(model.options, model.hosts, model.profiles);
    const router = createRouter(CONFIG.base);
    let listed = 0;
    for (const o of model.options) {
      const section = sectionOf(pages, o);
      const hosts = [...new Set(index.setBy(o).map((u) => u.host))];
      assert.equal(section.includes('<dt data-pagefind-ignore>Set on these hosts</dt>'), hosts.length > 0, o.name);
      for (const h of hosts) assert.ok(section.includes(`<a href="${router.href({ kind: 'host', name: h })}">`), `${o.name} lists ${h}`);
      if (hosts.length) listed++;
    }
    assert.ok(listed >= 40, `options with hosts: ${listed}`);
  });

  test('spot checks against the .nix files', () => {
    const index = indexSettings(model.options, model.hosts, model.profiles);
    const uses = (name: string) => index.setBy(model.options.find((o) => o.name === name)!).map((u) => [u.host, u.profile, u.user, u.setting.path, `${u.setting.source.file}:${u.setting.source.line}`]);
    // profiles/personal.nix:22 `jobs.home = { paths = … }`, hosts/rich-evans/configuration.nix:98-121 `jobs = { nextcloud … }`.
    assert.deepEqual(uses('systems.backups.jobs.<name>.paths'), [
      ['marshmallow', 'personal', null, 'systems.backups.jobs.home.paths', 'profiles/personal.nix:22'],
      ['rich-evans', null, null, 'systems.backups.jobs.nextcloud.paths', 'hosts/rich-evans/configuration.nix:100'],
      ['rich-evans', null, null, 'systems.backups.jobs.containers.paths', 'hosts/rich-evans/configuration.nix:114'],
      ['rich-evans', null, null, 'systems.backups.jobs.laptops.paths', 'hosts/rich-evans/configuration.nix:120'],
      ['total-eclipse', 'personal', null, 'systems.backups.jobs.home.paths', 'profiles/personal.nix:22'],
    ]);
    // `home-manager.users.miscguy.systems.home.dev.languages = …` in two system hosts, the per-host home files that
    // home/miscguy.nix imports when home-manager.users.miscguy = import ../home/miscguy.nix, and the home configuration.
    assert.deepEqual(uses('systems.home.dev.languages'), [
      ['marshmallow', null, 'miscguy', 'home-manager.users.miscguy.systems.home.dev.languages', 'home/hosts/marshmallow.nix:4'],
      ['total-eclipse', null, 'miscguy', 'home-manager.users.miscguy.systems.home.dev.languages', 'hosts/total-eclipse/configuration.nix:23'],
      ['cronut', null, 'miscguy', 'home-manager.users.miscguy.systems.home.dev.languages', 'hosts/cronut/default.nix:32'],
      ['work-macbook', null, 'miscguy', 'home-manager.users.miscguy.systems.home.dev.languages', 'home/hosts/work-macbook.nix:3'],
      ['miscguy@marshmallow', null, null, 'systems.home.dev.languages', 'home/hosts/marshmallow.nix:4'],
    ]);
    // hosts/cronut/default.nix:16 `"Things 3" = 904280696;` under an `attrsOf` option; work-macbook sets it to `{ }`.
    assert.deepEqual(uses('systems.darwin.homebrew.masApps'), [
      ['cronut', null, null, 'systems.darwin.homebrew.masApps."Things 3"', 'hosts/cronut/default.nix:16'],
      ['work-macbook', null, null, 'systems.darwin.homebrew.masApps', 'hosts/work-macbook/default.nix:9'],
    ]);
  });

  test('the exact MDX of systems.backups.enable: two profiles, one shared by two hosts, with its priority and line', () => {
    const section = sectionOf(pages, model.options.find((o) => o.name === 'systems.backups.enable')!);
    const field = section.split('\n').find((l) => l.startsWith('<dt data-pagefind-ignore>Set on these hosts</dt>'));
    assert.equal(
      field,
      fromMdx('<dt data-pagefind-ignore>Set on these hosts</dt><dd data-pagefind-ignore><ul class="fd-set-by">' +
        '<li><a href={"/hosts/marshmallow/"}>{"marshmallow"}</a>{", "}<a href={"/hosts/total-eclipse/"}>{"total-eclipse"}</a>' +
        '{" via profile "}<a href={"/profiles/personal/"}>{"personal"}</a>{": "}<code class="fd-value">{"true"}</code>' +
        '{" "}<span class={"fd-badge fd-badge-default"}>{"mkDefault"}</span>' +
        '{" "}<small><a href={"https://github.com/example/systems/blob/main/flake-src/profiles/personal.nix#L19"}>{"profiles/"}<wbr />{"personal.nix:19"}</a></small></li>' +
        '<li><a href={"/hosts/rich-evans/"}>{"rich-evans"}</a>{" via profile "}<a href={"/profiles/server/"}>{"server"}</a>{": "}<code class="fd-value">{"true"}</code>' +
        '{" "}<small><a href={"https://github.com/example/systems/blob/main/flake-src/profiles/server.nix#L14"}>{"profiles/"}<wbr />{"server.nix:14"}</a></small></li>' +
        '</ul></dd>'),
    );
  });

  test('names under <name> and quoted attribute names are shown before the value', () => {
    const masApps = sectionOf(pages, model.options.find((o) => o.name === 'systems.darwin.homebrew.masApps')!);
    assert.ok(masApps.includes(fromMdx('<a href={"/hosts/cronut/"}>{"cronut"}</a>{": "}<code>{"\\"Things 3\\""}</code>{" = "}<code class="fd-value">{"904280696"}</code>')));
    const languages = sectionOf(pages, model.options.find((o) => o.name === 'systems.home.dev.languages')!);
    assert.ok(languages.includes(fromMdx('<a href={"/hosts/cronut/"}>{"cronut"}</a>{" for user miscguy"}{": "}<code class="fd-value">{"[ \\"nix\\" \\"python\\" ]"}</code>')));
  });

  test('host and profile pages link each setting of a flake option to its entry', () => {
    assert.ok(pages.get('hosts/rich-evans.md')!.includes(fromMdx(`| <a href={"/options/nixos/backups/#systems.backups.jobs.%3Cname%3E.paths"}>${dotted('systems.backups.jobs.nextcloud.paths')}</a><br />`)));
    assert.ok(pages.get('hosts/cronut.md')!.includes(fromMdx(`| <a href={"/options/home/dev/#systems.home.dev.languages"}>${dotted('home-manager.users.miscguy.systems.home.dev.languages')}</a><br />`)));
    assert.ok(pages.get('profiles/server.md')!.includes(fromMdx(`| <a href={"/options/nixos/backups/#systems.backups.enable"}>${dotted('systems.backups.enable')}</a><br />`)));
    // Options of other modules (NixOS' own) stay plain code.
    assert.ok(pages.get('hosts/rich-evans.md')!.includes(`| <code>${dotted('networking.hostName')}</code><br />`));
  });

  test('every option page compiles to inert HTML with a heading per option', () => {
    for (const [file, content] of pages) {
      if (!file.startsWith('options/') || file === 'options/index.md') continue;
      const html = pageToHtml(content);
      assertInert(html, file);
      const names = [...content.matchAll(/^## `(.*)`$/gm)].length;
      assert.equal([...html.matchAll(/<h2 id=/g)].length, names, file);
    }
  });
});

test('past ten definitions the rest is folded into one <details>', () => {
  const o: OptionDoc = { kind: 'option', name: 'my.enable', loc: ['my', 'enable'], type: 'boolean', description: null, readOnly: false, declarations: ['m.nix'], source: { file: 'm.nix', line: 1, column: 1 }, group: 'nixos/m', computed: [] };
  const hosts: Host[] = Array.from({ length: 12 }, (_, i) => ({
    kind: 'host',
    name: `h${String(i + 1).padStart(2, '0')}`,
    class: 'nixos',
    system: null,
    source: { file: 'flake.nix', line: 1, column: 1 },
    modules: [],
    profiles: [],
    users: [],
    secrets: [],
    deploy: [],
    features: [],
    settings: [{ path: 'my.enable', value: 'true', computed: false, conditions: i === 11 ? ['config.x'] : [], priority: null, source: { file: `hosts/h${i + 1}.nix`, line: 2, column: 3 } }],
  }));
  const model = { options: [o], hosts, profiles: [] } as unknown as FlakeModel;
  const ctx: RenderContext = { model, router: createRouter('/'), config: parseConfig({}), settings: indexSettings([o], hosts, []) };
  const field = setByField(ctx, o);
  const li = (i: number, note = '') => `<li><a href={"/hosts/h${String(i).padStart(2, '0')}/"}>{"h${String(i).padStart(2, '0')}"}</a>{": "}<code class="fd-value">{"true"}</code>${note}{" "}<small><code>{"hosts/"}<wbr />{"h${i}.nix:2"}</code></small></li>`;
  assert.equal(
    field,
    fromMdx(
      `<dt data-pagefind-ignore>Set on these hosts</dt><dd data-pagefind-ignore><ul class="fd-set-by">${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => li(i)).join('')}</ul>` +
        `<details><summary>{"2 more"}</summary><ul>${li(11)}${li(12, '{" "}<span class={"fd-badge fd-badge-note"}>{"if config.x"}</span>')}</ul></details></dd>`,
    ),
  );
  assert.equal(setByField(ctx, { ...o, name: 'my.other', loc: ['my', 'other'] }), '');
});

const DIST = path.join(ROOT, 'dist');
const built = existsSync(path.join(DIST, 'options/nixos/backups/index.html'));

describe('set on these hosts, in the built site', { skip: built ? false : 'no built site in dist/ (run npm run build)' }, () => {
  test('the exact HTML of systems.backups.enable: hosts, profile, value, priority and the line, with their spaces', () => {
    const html = readFileSync(path.join(DIST, 'options/nixos/backups/index.html'), 'utf8');
    const start = html.lastIndexOf('<dt', html.indexOf('Set on these hosts</dt>'));
    assert.equal(
      normalizeHtml(html.slice(start, html.indexOf('</dd>', start) + '</dd>'.length)),
      '<dt data-pagefind-ignore="">Set on these hosts</dt><dd data-pagefind-ignore=""><ul class="fd-set-by">' +
        '<li><a href="/hosts/marshmallow/">marshmallow</a>, <a href="/hosts/total-eclipse/">total-eclipse</a> via profile <a href="/profiles/personal/">personal</a>: ' +
        '<code class="fd-value">true</code> <span class="fd-badge fd-badge-default">mkDefault</span> ' +
        '<small><a href="https://github.com/example/systems/blob/main/flake-src/profiles/personal.nix#L19">profiles/<wbr>personal.nix:19</a></small></li>' +
        '<li><a href="/hosts/rich-evans/">rich-evans</a> via profile <a href="/profiles/server/">server</a>: <code class="fd-value">true</code> ' +
        '<small><a href="https://github.com/example/systems/blob/main/flake-src/profiles/server.nix#L14">profiles/<wbr>server.nix:14</a></small></li></ul></dd>',
    );
    // The first option of the page is systems.backups.enable: its list is the page's first.
    assert.ok(html.indexOf('<h2 id="systems.backups.enable">') < start && start < html.indexOf('<h2 id="systems.backups.package">'));
  });
});
