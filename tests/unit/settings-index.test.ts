/** Matching host settings to the flake's own options: placeholders, attribute-set types, quoting, profiles. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Host, OptionDoc, Profile, Setting } from '../../scripts/model/index.ts';
import { holdsAttributes, indexSettings, splitSettingPath } from '../../scripts/model/settings.ts';

/** An option of `group` at dotted `name` (placeholders included) with type `type`. */
function option(name: string, type: string, group = 'nixos/my'): OptionDoc {
  return {
    kind: 'option',
    name,
    loc: name.split('.'),
    type,
    description: null,
    readOnly: false,
    declarations: [`modules/${group}.nix`],
    source: { file: `modules/${group}.nix`, line: 1, column: 1 },
    group,
    computed: [],
  };
}

/** A setting of `path` written at `file:line`. */
function setting(path: string, value: string, file = 'hosts/a/configuration.nix', line = 1, extra: Partial<Setting> = {}): Setting {
  return { path, value, computed: false, conditions: [], priority: null, source: { file, line, column: 3 }, ...extra };
}

function host(name: string, settings: Setting[], extra: Partial<Host> = {}): Host {
  return { kind: 'host', name, class: 'nixos', system: null, source: { file: 'flake.nix', line: 1, column: 1 }, modules: [], profiles: [], users: [], secrets: [], deploy: [], features: [], settings, ...extra };
}

const OPTIONS = [
  option('my.enable', 'boolean'),
  option('my.jobs', 'attribute set of (submodule)'),
  option('my.jobs.<name>.paths', 'list of string'),
  option('my.jobs.<name>.schedule', 'string'),
  option('my.rules', 'list of (submodule)'),
  option('my.rules.*.action', 'string'),
  option('my.env', 'attribute set of string'),
  option('my.maybeEnv', 'null or (attribute set of string)'),
  option('my.settings', 'JSON value'),
  option('my.tags', 'list of (attribute set of string)'),
  option('my.users.<name>.shell', 'string'),
  option('my.users.root.shell', 'string'),
  option('my.git.email', 'string', 'home/git'),
];

/** The option name a setting path of a nixos host matches, or undefined. */
const matchName = (path: string, cls = 'nixos') => indexSettings(OPTIONS, [], []).match(path, cls)?.option.name;

test('splitSettingPath unquotes quoted names, dots and escapes included', () => {
  assert.deepEqual(splitSettingPath('a."b.c".d'), ['a', 'b.c', 'd']);
  assert.deepEqual(splitSettingPath('x."say \\"hi\\""'), ['x', 'say "hi"']);
  assert.deepEqual(splitSettingPath("services.foo'.enable"), ['services', "foo'", 'enable']);
});

test('<name> and * placeholders match any one name; the deepest option wins', () => {
  assert.equal(matchName('my.jobs.nightly.paths'), 'my.jobs.<name>.paths');
  assert.equal(matchName('my.jobs.nightly.schedule'), 'my.jobs.<name>.schedule');
  assert.equal(matchName('my.rules.first.action'), 'my.rules.*.action');
  // A name the submodule does not declare still defines the attribute-set option above it.
  assert.equal(matchName('my.jobs.nightly.undeclared'), 'my.jobs');
  assert.equal(matchName('my.jobs'), 'my.jobs');
  assert.equal(matchName('my.enable'), 'my.enable');
});

test('a literal name beats a placeholder at the same depth', () => {
  assert.equal(matchName('my.users.root.shell'), 'my.users.root.shell');
  assert.equal(matchName('my.users.alice.shell'), 'my.users.<name>.shell');
});

test('a sub-path counts for an option only when its type holds attributes', () => {
  assert.equal(matchName('my.env.FOO'), 'my.env');
  assert.equal(matchName('my.maybeEnv.FOO'), 'my.maybeEnv');
  assert.equal(matchName('my.settings.server.port'), 'my.settings');
  assert.equal(matchName('my.enable.oops'), undefined);
  assert.equal(matchName('my.tags.x'), undefined);
  assert.equal(matchName('my'), undefined);
  assert.equal(matchName('services.nginx.enable'), undefined);
  assert.equal(holdsAttributes(option('a', 'string or attribute set of string')), true);
  assert.equal(holdsAttributes(option('a', 'list of (string or attribute set of string)')), false);
  assert.equal(holdsAttributes(option('a', 'submodule')), true);
  assert.equal(holdsAttributes(option('a', 'anything')), true);
  assert.equal(holdsAttributes({ ...option('a', 'lib.types.myType'), computed: ['type'] }), true);
});

test('quoted segments are names, not paths', () => {
  assert.equal(matchName('my.env."FOO.BAR"'), 'my.env');
  assert.equal(matchName('my.jobs."night.ly".paths'), 'my.jobs.<name>.paths');
  assert.equal(matchName('"my.enable"'), undefined);
});

test("a system host's home-manager users match home options, for that user", () => {
  const index = indexSettings(OPTIONS, [], []);
  assert.deepEqual(
    (({ option: o, user }) => [o.name, user])(index.match('home-manager.users.alice.my.git.email', 'nixos')!),
    ['my.git.email', 'alice'],
  );
  assert.equal(index.match('home-manager.users.alice.my.git.email', 'home'), undefined);
  assert.equal(index.match('my.git.email', 'home')?.user, null);
});

test('when two module classes declare one name, the host class picks', () => {
  const nixos = option('my.shared', 'string', 'nixos/shared');
  const home = option('my.shared', 'string', 'home/shared');
  const index = indexSettings([nixos, home], [], []);
  assert.equal(index.match('my.shared', 'home')?.option, home);
  assert.equal(index.match('my.shared', 'nixos')?.option, nixos);
  assert.equal(index.match('my.shared', 'system-manager')?.option, nixos);
});

test('setBy keeps conditions and priorities, and names the profile a host imports the definition from', () => {
  const profile: Profile = { kind: 'profile', name: 'server', path: 'profiles/server.nix', hosts: ['a'], imports: [], settings: [] };
  const fromProfile = setting('my.enable', 'true', 'profiles/server.nix', 4, { priority: 'mkDefault' });
  const conditional = setting('my.jobs.nightly.paths', '[ "/srv" ]', 'hosts/a/configuration.nix', 9, { conditions: ['cfg.backups'] });
  // b has the file's settings without importing it as a profile (e.g. a copy of the path): no attribution.
  const notImported = setting('my.enable', 'false', 'profiles/server.nix', 4);
  const hosts = [host('a', [fromProfile, conditional, setting('services.nginx.enable', 'true')], { profiles: ['server'] }), host('b', [notImported])];
  const index = indexSettings(OPTIONS, hosts, [profile]);
  const enable = OPTIONS.find((o) => o.name === 'my.enable')!;
  assert.deepEqual(index.setBy(enable), [
    { host: 'a', profile: 'server', user: null, setting: fromProfile },
    { host: 'b', profile: null, user: null, setting: notImported },
  ]);
  assert.deepEqual(index.setBy(OPTIONS.find((o) => o.name === 'my.jobs.<name>.paths')!), [{ host: 'a', profile: null, user: null, setting: conditional }]);
  assert.deepEqual(index.setBy(OPTIONS.find((o) => o.name === 'my.jobs')!), []);
});
