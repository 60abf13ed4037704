// What the scripted model servers share: an HTTP server on 127.0.0.1 at a random port that is also
// the agent CLI's refusing proxy, reading request bodies, and writing JSON and server-sent events.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

export interface LocalServerOptions {
  /** Answers a request whose handler threw (the response may have begun). */
  onError(res: ServerResponse, error: unknown): void;
  /** Called with each CONNECT's target before it is refused. */
  onConnect(target: string): void;
}

/**
 * Serves `handle` on 127.0.0.1 at a random port. Every CONNECT is refused with 403, so as an agent
 * CLI's HTTP(S) proxy it lets the CLI reach no other host.
 */
export async function listenLocal(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  options: LocalServerOptions,
): Promise<LocalServer> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => options.onError(res, error));
  });
  server.on('connect', (req, socket) => {
    options.onConnect(req.url ?? '');
    socket.on('error', () => {});
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The whole body of a request, as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Starts a 200 event stream; the function returned writes one event, `type` named both in its
 * `event:` line and in its data. End the response when done.
 */
export function startEvents(res: ServerResponse): (type: string, data: object) => void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  return (type, data) => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  };
}

/** Environment that sends the CLI's HTTP(S) traffic through `url`, but not to 127.0.0.1 itself. */
export function proxyEnv(url: string): Record<string, string> {
  return {
    HTTPS_PROXY: url,
    HTTP_PROXY: url,
    https_proxy: url,
    http_proxy: url,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
}
