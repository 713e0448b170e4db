import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRouter } from '../../scripts/render/router.ts';

test('option links point at the group page with the option name as anchor', () => {
  const r = createRouter('/');
  assert.equal(r.href({ kind: 'option', name: 'systems.backups.jobs.<name>.paths', group: 'nixos/backups' }), '/options/nixos/backups/#systems.backups.jobs.%3Cname%3E.paths');
  assert.equal(r.slug({ kind: 'optionGroup', group: 'nixos/backups' }), 'options/nixos/backups');
});

test('tickets keep their id in the URL; hosts are slugified; the base is prefixed', () => {
  const r = createRouter('/systems/');
  assert.equal(r.href({ kind: 'ticket', id: 'INFRA-2' }), '/systems/tickets/INFRA-2/');
  assert.equal(r.href({ kind: 'host', name: 'rich-evans' }), '/systems/hosts/rich-evans/');
  assert.equal(r.href({ kind: 'host', name: 'Work MacBook' }), '/systems/hosts/work-macbook/');
  assert.equal(createRouter('/docs').href({ kind: 'roadmap' }), '/docs/roadmap/');
});
