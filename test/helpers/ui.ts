// mmm ui in tests: a server started in-process on a temp repository, and requests that carry (or
// leave out) its token, Origin and CSRF token.
import type { CliContext } from '../../src/actions/context.js';
import { exec } from '../../src/infra/exec.js';
import { locateLedger } from '../../src/ledger/index.js';
import { startUiServer, type UiServer } from '../../src/ui/server.js';
import { capture } from './capture.js';

export interface TestUi {
  server: UiServer;
  base: string;
  cookie: string;
  /** GET with the token's cookie. */
  get: (path: string, headers?: Record<string, string>) => Promise<Response>;
  /** POST a form from the UI's own page: cookie, Origin and the CSRF token of the page. */
  post: (
    path: string,
    fields: Record<string, string>,
    headers?: Record<string, string>,
  ) => Promise<Response>;
  stop: () => Promise<void>;
}

export function testContext(cwd: string, signal = new AbortController().signal): CliContext {
  return {
    cwd,
    env: process.env,
    stdout: capture(),
    stderr: capture(),
    interactive: false,
    signal,
    interruptedBy: () => undefined,
    setExitCode: () => undefined,
  };
}

export async function startTestUi(
  dir: string,
  options: { pollMs?: number; busy?: { busyTimeoutMs?: number; retries?: number } } = {},
): Promise<TestUi> {
  const controller = new AbortController();
  const ctx = testContext(dir, controller.signal);
  const ledger = await locateLedger({ exec }, dir);
  const server = await startUiServer({
    root: dir,
    ledger,
    ctx,
    host: '127.0.0.1',
    port: 0,
    pollMs: options.pollMs ?? 50,
    busy: options.busy,
  });
  const base = `http://127.0.0.1:${server.port}`;
  const cookie = `mmm_ui_${server.port}=${server.token}`;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { headers: { cookie, ...headers }, redirect: 'manual' });
  const post = async (
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        cookie,
        origin: base,
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: new URLSearchParams({ csrf: server.csrf, ...fields }).toString(),
      redirect: 'manual',
    });
  return {
    server,
    base,
    cookie,
    get,
    post,
    stop: async () => {
      controller.abort();
      await server.close();
    },
  };
}

/** Follows an action's page until the action has ended; returns its page. */
export async function actionPage(
  ui: TestUi,
  location: string,
  timeoutMs = 30_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await (await ui.get(location)).text();
    if (!text.includes('data-poll')) return text;
    if (Date.now() > deadline) throw new Error(`the action at ${location} did not end`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
