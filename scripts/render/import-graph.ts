/**
 * A host's import graph, collapsed by folder when the host imports more modules than a graph can show
 * readably: one node per folder with its module count, arrows between folders that import each other,
 * each node linked to that folder's part of the module table below the graph.
 */
import type { ModuleRef } from '../model/index.ts';

/** Hosts with more modules than this get the folder graph instead of one node per module. */
export const MAX_GRAPH_MODULES = 40;

/** One node of the folder graph. */
export interface FolderNode {
  /** The folder (`modules/net/`), or a label for modules that are not files. */
  folder: string;
  /** Indexes into the host's module list, in order. */
  modules: number[];
}

/** The folder graph: its nodes in first-seen order and its arrows with how many imports each stands for. */
export interface FolderGraph {
  nodes: FolderNode[];
  /** `from` is null for the configuration itself. */
  edges: { from: string | null; to: string; count: number }[];
}

/** The first `depth` folders of a file path, with a trailing slash; `./` for a file at the top. */
function folderAt(file: string, depth: number): string {
  const dirs = file.split('/').slice(0, -1).slice(0, depth);
  return dirs.length ? `${dirs.join('/')}/` : './';
}

function groupOf(m: ModuleRef, depth: number): string {
  if (m.kind === 'file') return folderAt(m.path, depth);
  if (m.kind === 'external') return 'modules of flake inputs';
  if (m.kind === 'inline') return 'inline modules';
  return 'computed at evaluation time';
}

/**
 * Groups a host's modules by folder, as deep as keeps the groups within `max` (shallower folders when
 * there are too many).
 * @param modules the host's modules, as in the model
 * @param max the most nodes the graph may have
 */
export function folderGraph(modules: ModuleRef[], max = MAX_GRAPH_MODULES): FolderGraph {
  let deepest = 1;
  for (const m of modules) if (m.kind === 'file') deepest = Math.max(deepest, m.path.split('/').length - 1);
  let depth = deepest;
  // Each module's group is asked for several times per depth: worked out once (a host of 1,000 modules).
  const memo = new Map<ModuleRef, string>();
  let memoDepth = depth;
  const groupAt = (m: ModuleRef, d: number): string => {
    if (d !== memoDepth) {
      memo.clear();
      memoDepth = d;
    }
    let g = memo.get(m);
    if (g === undefined) memo.set(m, (g = groupOf(m, d)));
    return g;
  };
  const countAt = (d: number) => new Set(modules.map((m) => groupAt(m, d))).size;
  while (depth > 1 && countAt(depth) > max) depth--;
  const nodes = new Map<string, FolderNode>();
  modules.forEach((m, i) => {
    const key = groupAt(m, depth);
    const node = nodes.get(key) ?? { folder: key, modules: [] };
    node.modules.push(i);
    nodes.set(key, node);
  });
  const fileGroup = new Map<string, string>();
  for (const m of modules) if (m.kind === 'file') fileGroup.set(m.path, groupAt(m, depth));
  const edges = new Map<string, { from: string | null; to: string; count: number }>();
  for (const m of modules) {
    const to = groupAt(m, depth);
    const from = m.importedFrom === null ? null : (fileGroup.get(m.importedFrom) ?? null);
    if (from === to) continue;
    const key = `${from ?? ''}\0${to}`;
    const edge = edges.get(key) ?? { from, to, count: 0 };
    edge.count++;
    edges.set(key, edge);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** The anchor of each folder's part of the module table (`imports-modules-net`), unique on the page. */
export function folderAnchors(nodes: FolderNode[]): Map<string, string> {
  const used = new Set<string>();
  const anchors = new Map<string, string>();
  for (const { folder } of nodes) {
    const base = `imports-${folder.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'top'}`;
    let anchor = base;
    for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
    used.add(anchor);
    anchors.set(folder, anchor);
  }
  return anchors;
}
