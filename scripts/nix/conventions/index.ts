/**
 * The host conventions of input libraries, one file each, consulted by `inputValue` for every input
 * whose name or URL names the library. The next convention is one more file and one more entry here.
 */
import { blueprint } from './blueprint.ts';
import { clanCore } from './clan-core.ts';
import { colmena } from './colmena.ts';
import { deployRs } from './deploy-rs.ts';
import { easyHosts } from './easy-hosts.ts';
import { ezConfigs } from './ez-configs.ts';
import { flakeUtils } from './flake-utils.ts';
import { flakeUtilsPlus } from './flake-utils-plus.ts';
import { haumea } from './haumea.ts';
import { importTree } from './import-tree.ts';
import { libAggregate } from './lib-aggregate.ts';
import { nixosUnified } from './nixos-unified.ts';
import { snowfall } from './snowfall.ts';
import { systemManager } from './system-manager.ts';
import type { Convention } from './types.ts';

export type * from './types.ts';

/** Every convention, in the order they are applied (later ones win on a shared attribute name). */
export const CONVENTIONS: Convention[] = [flakeUtils, flakeUtilsPlus, libAggregate, systemManager, colmena, deployRs, importTree, haumea, clanCore, snowfall, easyHosts, ezConfigs, nixosUnified, blueprint];
