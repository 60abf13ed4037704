// `mmm ui` as a command: its flags, where it refuses to start, the warning of --host, and how
// Ctrl-C ends it. Always with --no-open: no test opens a browser of the machine's.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { makeTempRepo } from '../helpers/repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function repo() {
  const r = makeTempRepo();
  cleanups.push(r.cleanup);
  return r;
}

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-ui-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts mmm ui and waits for its address; `stop` sends SIGINT and returns how it ended. */
async function serve(cwd: string, args: string[], env: Record<string, string> = {}) {
  const { child, done } = startMmm(['ui', ...args], cwd, env);
  // A test that fails before it stops the server must not leave it running.
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/\S+/.exec(out);
      if (m) resolve(m[0]);
    });
    void done.then((f) => reject(new Error(`mmm ui ended ${f.status}: ${f.stderr}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGINT');
      return done;
    },
  };
}

describe('mmm ui', () => {
  it('prints a loopback address with a token, serves it, and ends with exit 130 on Ctrl-C', async () => {
    const r = repo();
    const ui = await serve(r.dir, ['--no-open']);
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    const first = await fetch(ui.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await fetch(new URL('/', ui.url), { headers: { cookie } })).status).toBe(200);
    const ended = await ui.stop();
    expect(ended.status).toBe(130);
    expect(ended.stderr).toContain(`mmm ui serves the runs of ${r.dir}`);
    expect(ended.stderr).not.toContain('warning');
  });

  it('warns when it serves beyond this machine (--host)', async () => {
    const r = repo();
    const ui = await serve(r.dir, ['--no-open', '--host', '0.0.0.0']);
    const ended = await ui.stop();
    expect(ended.stderr).toContain('warning: serving on 0.0.0.0, not only this machine');
  });

  it('refuses a bad --port (exit 2), a port in use and a directory outside a repository (exit 3)', async () => {
    const r = repo();
    const bad = await startMmm(['ui', '--no-open', '--port', 'eighty'], r.dir).done;
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--port must be a port number from 0 to 65535, not "eighty"');

    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const busy = await startMmm(['ui', '--no-open', '--port', String(port)], r.dir).done;
      expect(busy.status).toBe(3);
      expect(busy.stderr).toContain(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
    } finally {
      taken.close();
    }

    const outside = await startMmm(['ui', '--no-open'], scratch()).done;
    expect(outside.status).toBe(3);
  });
});
