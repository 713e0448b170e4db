/** Checks that the port asked for with `--port` is free, and says who holds it when it is not. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Resolves to undefined when `port` can be listened on at `host`, else to a sentence saying it is in use
 * (and by which process, when the system tells us cheaply).
 * @param port the TCP port
 * @param host the address the server will listen on
 */
export function checkPort(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') return resolve(`port ${port} cannot be used: ${error.message}`);
      const holder = error.code === 'EADDRINUSE' ? portHolder(port) : undefined;
      resolve(error.code === 'EACCES' ? `port ${port} needs more privileges than this user has` : `port ${port} is already in use${holder ? ` by ${holder}` : ''}`);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** `node (pid 123)` for the process listening on `port`, from Linux's /proc; undefined elsewhere or when hidden. */
export function portHolder(port: number): string | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 is the socket's inode.
      if (fields[3] === '0A' && Number.parseInt(fields[1]?.split(':')[1] ?? '', 16) === port && fields[9]) inodes.add(fields[9]);
    }
  }
  if (!inodes.size) return undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process: not ours to look into
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        return `${name.replace(/[^\w .-]/g, '?')} (pid ${pid})`;
      }
    }
  }
  return 'another process';
}
