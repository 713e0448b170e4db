/**
 * The built site in dist/ (npm test builds it first): options.json as nixosOptionsDoc writes it, every
 * option on its page under its own anchor, untrusted text escaped, diagrams as SVG, no secret material.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const DIST = path.resolve(import.meta.dirname, '../../dist');
const read = (rel: string) => readFileSync(path.join(DIST, rel), 'utf8');
const built = existsSync(path.join(DIST, 'index.html'));

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f));
}

describe('dist/', { skip: built ? false : 'no built site in dist/ (run npm run build)' }, () => {
  test('options.json holds nixosOptionsDoc entries, keys sorted as builtins.toJSON writes them', () => {
    const options = JSON.parse(read('options.json'));
    assert.deepEqual(options['systems.backups.package'], {
      declarations: ['modules/nixos/backups.nix'],
      default: { _type: 'literalExpression', text: 'pkgs.restic' },
      description: 'The restic package to use.',
      line: 67,
      loc: ['systems', 'backups', 'package'],
      readOnly: false,
      type: 'package',
    });
    assert.deepEqual(options['systems.backups.jobs.<name>.paths'], {
      declarations: ['modules/nixos/backups.nix'],
      // Declared without a default: current nixpkgs shows the type's empty value.
      default: { _type: 'literalExpression', text: '[ ]' },
      description: 'Paths (files and directories) this backup job saves.',
      example: { _type: 'literalExpression', text: '[ "/var/lib/nextcloud/data" "/srv/photos" ]' },
      line: 10,
      loc: ['systems', 'backups', 'jobs', '<name>', 'paths'],
      readOnly: false,
      type: 'list of string',
    });
    assert.equal(options['systems.monitoring.ports'].default.text.split('\n')[0], '{');
    assert.deepEqual(Object.keys(options['systems.backups.enable']), ['declarations', 'default', 'description', 'example', 'line', 'loc', 'readOnly', 'type']);
  });

  test('every option of options.json has its heading, with the option name as id, on its group page', () => {
    const options = JSON.parse(read('options.json')) as Record<string, { declarations: string[] }>;
    const model = JSON.parse(read('flake.json'));
    assert.equal(Object.keys(options).length, model.options.length);
    for (const o of model.options as { name: string; group: string }[]) {
      const html = read(`options/${o.group}/index.html`);
      const id = o.name.replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;').replace(/"/g, '&#34;');
      assert.ok(html.includes(`<h2 id="${id}">`) || html.includes(`id="${o.name}"`), `heading for ${o.name} in options/${o.group}/`);
    }
  });

  test('fact lists keep the spaces between badges, text and links', () => {
    const html = read('tickets/SEC-2/index.html');
    assert.match(html, /<dd><span class="fd-badge fd-badge-danger">Blocked<\/span> Waiting on <span class="fd-id"><a href="\/tickets\/SEC-1\/">SEC-1<\/a><\/span><\/dd>/);
    assert.match(html, /<dd>High <span class="fd-muted">\(Required for system stability\/security\)<\/span><\/dd>/);
  });

  test('the diagnostics page counts what the build found, in words that agree with the counts', () => {
    const html = read('diagnostics/index.html');
    const model = JSON.parse(read('flake.json')) as { diagnostics: { severity: string }[] };
    const warnings = model.diagnostics.filter((d) => d.severity === 'warning').length;
    assert.match(html, new RegExp(`found \\d+ errors?, ${warnings} warning${warnings === 1 ? '' : 's'}, \\d+ notes?\\.`));
  });

  test('flake.json carries a schema version and the whole model', () => {
    const model = JSON.parse(read('flake.json'));
    assert.equal(model.schemaVersion, 2);
    assert.deepEqual(Object.keys(model), ['schemaVersion', 'generator', 'flake', 'inputs', 'hosts', 'profiles', 'options', 'secrets', 'roadmap', 'guides', 'commands', 'hiddenOptions', 'diagnostics']);
    assert.ok(!JSON.stringify(model).includes(path.resolve(DIST, '..')), 'no absolute paths of this machine');
  });

  test('markdown from the flake is rendered and sanitized', () => {
    const html = read('options/nixos/backups/index.html');
    assert.match(html, /restic/);
    assert.ok(!/<script>alert/.test(html));
  });

  test('diagrams are inline SVG in both themes with no mermaid script, or left to the browser when built without one', () => {
    const html = read('roadmap/graph/index.html');
    if (/<pre class="mermaid"/.test(html)) {
      // Built without Chromium (or FLAKE_DOCS_MERMAID=client): the source is kept and a loader script comes along.
      assert.match(html, /<pre class="mermaid" data-mermaid-source="flowchart/);
      assert.match(html, /<script[^>]*src="[^"]*MermaidClient[^"]*"/);
      return;
    }
    assert.match(html, /<figure class="mermaid-diagram"><button type="button" class="fd-diagram-open" hidden>View full size<\/button><div class="mermaid-light"><svg/);
    assert.match(html, /<div class="mermaid-dark"><svg/);
    assert.ok(!/<script[^>]*src="[^"]*mermaid/i.test(html));
  });

  test('no secret value and no encrypted payload anywhere in the site', () => {
    for (const file of allFiles(DIST)) {
      if (!/\.(html|json|js|txt|xml)$/.test(file)) continue;
      const text = readFileSync(file, 'utf8');
      assert.ok(!text.includes('ENC[AES256_GCM'), file);
      assert.ok(!text.includes('BEGIN AGE ENCRYPTED FILE'), file);
      assert.ok(!text.includes('REDACTED'), `${file} holds a sops value`);
    }
  });

  test('the search index was built', () => {
    assert.ok(existsSync(path.join(DIST, 'pagefind', 'pagefind.js')));
    assert.ok(readdirSync(path.join(DIST, 'pagefind', 'fragment')).length > 50);
  });
});

describe('links', { skip: built ? false : 'no built site in dist/' }, () => {
  test('every internal link of every page leads to a page, and every anchor to an id on it', () => {
    const pages = allFiles(DIST).filter((f) => f.endsWith('.html'));
    const ids = new Map<string, Set<string>>();
    const idsOf = (file: string) => {
      let set = ids.get(file);
      if (!set) {
        const html = readFileSync(file, 'utf8');
        set = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeEntities(m[1]!)));
        ids.set(file, set);
      }
      return set;
    };
    const broken: string[] = [];
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      for (const m of html.matchAll(/<a\s[^>]*?href="(\/[^"]*)"/g)) {
        const href = decodeEntities(m[1]!);
        if (href.startsWith('//') || href.startsWith('/_astro/') || href.startsWith('/pagefind/')) continue;
        const [pathname, hash] = href.split('#') as [string, string | undefined];
        const target = path.join(DIST, decodeURI(pathname), pathname.endsWith('/') ? 'index.html' : '');
        if (!existsSync(target)) {
          broken.push(`${path.relative(DIST, page)} → ${href} (no page)`);
          continue;
        }
        if (hash && hash !== '_top' && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(hash))) {
          broken.push(`${path.relative(DIST, page)} → ${href} (no anchor)`);
        }
      }
    }
    assert.deepEqual([...new Set(broken)], []);
  });
});

function decodeEntities(s: string): string {
  return s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCharCode(parseInt(n, 16))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}
