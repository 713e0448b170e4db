import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parseConfig, sourceUrl } from '../../scripts/config.ts';

test('an empty configuration gets every default', () => {
  const c = parseConfig({});
  assert.deepEqual(
    { title: c.title, flake: c.flake, base: c.base, roadmap: c.roadmap, strict: c.strict, repository: c.repository },
    { title: 'Systems flake', flake: 'flake-src', base: '/', roadmap: 'docs/tickets.md', strict: false, repository: undefined },
  );
});

test('errors name the key path and say how to fix it', () => {
  assert.throws(
    () => parseConfig({ repository: { url: 'not a url' }, base: 'docs', titel: 'x' }),
    (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(
        e.message,
        [
          'flake-docs.config.json is not valid:',
          '  base: must start and end with "/", such as "/" or "/systems/"',
          '  repository.url: must be the repository web URL, such as "https://github.com/you/systems"',
          '  unknown key "titel" (known keys: title, description, flake, site, base, repository, roadmap, hoursPerDay, startDate, guides, secretPaths, strict, profiles)',
        ].join('\n'),
      );
      return true;
    },
  );
});

test('a wrong type is reported in the user\'s terms', () => {
  assert.throws(() => parseConfig({ strict: 'yes' }), /strict: must be true or false/);
});

test('source links follow the forge of the repository', () => {
  const github = parseConfig({ repository: { url: 'https://github.com/me/systems', flakeDir: 'nix' } });
  assert.equal(sourceUrl(github, 'modules/nixos/backups.nix', 12), 'https://github.com/me/systems/blob/main/nix/modules/nixos/backups.nix#L12');
  const gitlab = parseConfig({ repository: { url: 'https://gitlab.com/me/systems/', branch: 'trunk' } });
  assert.equal(sourceUrl(gitlab, 'flake.nix', 3), 'https://gitlab.com/me/systems/-/blob/trunk/flake.nix#L3');
  const custom = parseConfig({ repository: { url: 'https://git.example/me/s', linkTemplate: 'https://git.example/me/s/{branch}/{path}?l={line}' } });
  assert.equal(sourceUrl(custom, 'a b.nix', 1), 'https://git.example/me/s/main/a%20b.nix?l=1');
  assert.equal(sourceUrl(parseConfig({}), 'flake.nix', 1), undefined);
});

test('URLs must be http(s): a javascript: or data: link is refused with the key and the fix', () => {
  assert.throws(
    () =>
      parseConfig({
        site: 'data:text/html,<script>alert(1)</script>',
        repository: { url: 'javascript:alert(document.cookie)', linkTemplate: 'javascript:alert(1)//{path}' },
      }),
    (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(
        e.message,
        [
          'flake-docs.config.json is not valid:',
          '  site: must start with "https://" or "http://" (not "data:"): an absolute URL such as "https://example.org" (where the site is deployed)',
          '  repository.url: must start with "https://" or "http://" (not "javascript:"): the repository web URL, such as "https://github.com/you/systems"',
          '  repository.linkTemplate: must start with "https://" or "http://", such as "https://git.example/you/systems/src/{branch}/{path}#L{line}"',
        ].join('\n'),
      );
      return true;
    },
  );
  assert.equal(parseConfig({ site: 'http://localhost:4321', repository: { url: 'http://git.lan/me/s' } }).site, 'http://localhost:4321');
});

test('configured paths must stay inside the flake (no absolute paths, no ".." above the root)', () => {
  assert.throws(
    () => parseConfig({ roadmap: '../../../../etc/passwd', guides: '/etc', repository: { url: 'https://github.com/me/s', flakeDir: 'nix/../../up' } }),
    (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(
        e.message,
        [
          'flake-docs.config.json is not valid:',
          '  repository.flakeDir: must stay inside the repository: give the folder of the flake without "..", such as "nix" ("" for the root)',
          '  roadmap: must stay inside the flake: give the roadmap markdown file as a path relative to the flake root, without a leading "/" or "..", such as "docs/tickets.md"',
          '  guides: must stay inside the flake: give the guides folder as a path relative to the flake root, without a leading "/" or "..", such as "docs/guides"',
        ].join('\n'),
      );
      return true;
    },
  );
  for (const bad of ['..', '../x.md', 'docs/../../x.md', '/etc/passwd', 'C:\\x.md', '..\\x.md', 'a\0b']) {
    assert.throws(() => parseConfig({ roadmap: bad }), /roadmap: must stay inside the flake/, bad);
  }
  for (const good of ['docs/tickets.md', './docs/t.md', 'docs/../t.md', '.roadmap.md', 'a..b.md']) assert.equal(parseConfig({ roadmap: good }).roadmap, good);
  assert.equal(parseConfig({ repository: { url: 'https://x.org/a', flakeDir: '/nix/' } }).repository?.flakeDir, '/nix/');
});
