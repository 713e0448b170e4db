// Says which Node the npm scripts will use: npm itself may run on an older system Node, whose
// engine warnings about packages that need Node 22 are expected and silenced in .npmrc.
const system = process.env.npm_node_execpath ? ` (npm itself runs on ${process.env.npm_node_execpath})` : '';
console.log(`flake-docs: npm scripts run on Node ${process.version} from node_modules${system}`);
if (Number(process.versions.node.split('.')[0]) < 22) {
  console.log('flake-docs: warning: Node 22 was not installed into node_modules; run npm install again, or use Node 22 or 24');
}

// The command line's bundle, made now rather than by the first build (see flake-docs.mjs).
if (Number(process.versions.node.split('.')[0]) >= 22) {
  const { spawnSync } = await import('node:child_process');
  const made = spawnSync(process.execPath, [new URL('./flake-docs.mjs', import.meta.url).pathname, '--bundle-only'], { stdio: 'inherit' });
  if (made.status !== 0) console.log('flake-docs: warning: could not bundle the command line now; the first command will');
}
