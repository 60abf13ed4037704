// A redis-server of a test's own on a random 127.0.0.1 port, without persistence, never the
// machine's; stopped (and restarted on the same port) by the test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

export const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

/** A free port on 127.0.0.1, as the system hands one out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let said = '';
    socket.on('data', (d: Buffer) => {
      said += d.toString();
      if (said.includes('PONG')) {
        socket.destroy();
        resolve(true);
      }
    });
    socket.on('error', () => resolve(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 500);
  });
}

export interface TestRedis {
  port: number;
  url: string;
  /** SIGKILL: everything it held is gone (no persistence). */
  kill: () => Promise<void>;
  /** A new redis-server on the same port. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    if (await ping(port)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer on port ${String(port)}`);
}

function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child = await launch(port);
  const kill = async () => {
    child.kill('SIGKILL');
    await ended(child);
  };
  return {
    port,
    url: `redis://127.0.0.1:${String(port)}`,
    kill,
    restart: async () => {
      child = await launch(port);
    },
    stop: kill,
  };
}
