// Starts the UI's HTTP server on Node's http module through Hono's adapter.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { CliContext } from '../actions/context.js';
import { PreconditionError } from '../errors.js';
import type { LedgerPaths } from '../ledger/index.js';
import { createUiApp } from './app.js';
import { createJobBook } from './jobs.js';
import { ledgerReader } from './reader.js';
import { newToken } from './security.js';

export interface UiServerOptions {
  root: string;
  ledger: LedgerPaths;
  ctx: CliContext;
  host: string;
  /** 0 lets the system choose a free port. */
  port: number;
  /** How often live pages look at the ledger, in ms. Default 250. */
  pollMs?: number;
  /** How long each read waits for a lock, and how often it tries (see ledgerReader). */
  busy?: { busyTimeoutMs?: number; retries?: number } | undefined;
}

export interface UiServer {
  /** The address to open, with the token. */
  url: string;
  port: number;
  token: string;
  /** The token every form that changes something carries. */
  csrf: string;
  /** Stops serving, ends the live streams, and waits for actions started from the UI. */
  close: () => Promise<void>;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1', '[::1]'];

export function isLoopback(host: string): boolean {
  return LOOPBACK.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const token = newToken();
  const csrf = newToken();
  const reader = ledgerReader(options.ledger, options.busy);
  const jobs = createJobBook({ ...options.ctx, cwd: options.root });
  let port = options.port;
  const host = urlHost(options.host);
  const app = createUiApp({
    root: options.root,
    ctx: { ...options.ctx, cwd: options.root },
    token,
    csrf,
    port: () => port,
    hosts: isLoopback(options.host) ? ['127.0.0.1', 'localhost', '[::1]', host] : undefined,
    reader,
    jobs,
    pollMs: options.pollMs ?? 250,
  });
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new PreconditionError(
          `mmm ui cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`,
          {
            cause: error,
            hint:
              error.code === 'EADDRINUSE'
                ? 'another program uses that port: give another with --port, or leave --port out to take a free one'
                : 'check the --host and --port given',
          },
        ),
      );
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/?token=${token}`,
    port,
    token,
    csrf,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // The live streams never end by themselves.
      server.closeAllConnections();
      await closed;
      await jobs.settled();
      reader.close();
    },
  };
}
