/**
 * numtide's system-manager: `systemConfigs.<name> = system-manager.lib.makeSystemConfig { modules = [ … ];
 * extraSpecialArgs = { … }; }` configures a non-NixOS Linux machine with NixOS-style modules.
 */
import { ready } from '../values.ts';
import type { Convention } from './types.ts';

/** system-manager's `lib.makeSystemConfig`, a builder of `system-manager` hosts. */
export const systemManager: Convention = {
  name: 'system-manager',
  matches: (name, url) => /system-manager/i.test(`${name} ${url}`),
  contribute: (ctx) => ({ lib: new Map([['makeSystemConfig', ready(ctx.systemBuilder('system-manager', 'makeSystemConfig'))]]) }),
};
