// Where the queue lives: a redis:// URL checked and turned into connection options, and a probe
// that says at once when nothing answers there, instead of a command that waits forever.
import { PreconditionError, UsageError } from '../errors.js';

/** The Redis server of a queue, as `--queue redis://[user:password@]host:port[/db]` names it. */
export interface QueueAddress {
  host: string;
  port: number;
  db: number;
  username?: string | undefined;
  password?: string | undefined;
  tls: boolean;
  /** The URL without its password, for messages. */
  shown: string;
}

const USAGE_HINT =
  'write --queue redis://HOST:PORT or redis://HOST:PORT/DB, e.g. --queue redis://127.0.0.1:6379';

/** Parses `--queue`; a usage error (exit 2) for anything but a redis:// or rediss:// URL. */
export function parseQueueUrl(value: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--queue ${JSON.stringify(value)} is not a URL`, { hint: USAGE_HINT });
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UsageError(`--queue must be a redis:// URL, not ${url.protocol}//…`, {
      hint: USAGE_HINT,
    });
  }
  if (url.hostname === '') {
    throw new UsageError(`--queue ${JSON.stringify(value)} names no host`, { hint: USAGE_HINT });
  }
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(path)) {
    throw new UsageError(`--queue: the database after the port must be a number, not "${path}"`, {
      hint: USAGE_HINT,
    });
  }
  const db = path === '' ? 0 : Number(path);
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  const shown = `${url.protocol}//${url.hostname}:${String(port)}${path === '' ? '' : `/${path}`}`;
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    username,
    password,
    tls: url.protocol === 'rediss:',
    shown,
  };
}

/**
 * ioredis options for one address. Every client reconnects for as long as it lives (Redis
 * restarted, a network blip), and commands wait for the connection instead of failing.
 */
export function redisOptions(address: QueueAddress): Record<string, unknown> {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    username: address.username,
    password: address.password,
    ...(address.tls && { tls: {} }),
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  };
}

/** Says (exit 3) when no Redis answers at the address within a few seconds. */
export async function probeQueue(address: QueueAddress, timeoutMs = 3000): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis({
    ...redisOptions(address),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  let said: string | undefined;
  client.on('error', (error: Error) => (said ??= error.message));
  try {
    // A refused connection is known at once: no need to wait out the timeout.
    const refused = new Promise<never>((_, reject) => client.once('error', reject));
    await Promise.race([client.connect().then(() => client.ping()), refused]);
  } catch (error) {
    const why = said ?? (error instanceof Error ? error.message : String(error));
    // Redis answered, and refused: the password, the user or the database number is wrong.
    if (/WRONGPASS|NOAUTH|NOPERM|DB index is out of range|invalid DB index/i.test(why)) {
      throw new PreconditionError(`Redis at ${address.shown} refused the connection: ${why}`, {
        hint: 'give the password (and user) in the URL, redis://:PASSWORD@HOST:PORT, and a database number the server has (/0 to /15 by default)',
      });
    }
    throw new PreconditionError(`no Redis answers at ${address.shown}: ${why}`, {
      hint: 'start Redis there (redis-server --port PORT), or name the right one with --queue redis://HOST:PORT',
    });
  } finally {
    client.disconnect();
  }
}
