// mmm ui over HTTP: every route, on real repositories whose runs were made by the built bin, and
// the refusals of requests without the token, from another Origin, or without the CSRF token.
import { request } from 'node:http';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../../helpers/bin.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { actionPage, startTestUi, type TestUi } from '../../helpers/ui.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const PLAYBOOKS = {
  'README.md': '# ui\n',
  'ok.yml': [
    'name: ok',
    'steps:',
    // A colour, a cursor move and a title change: the colour is dropped, the rest shown.
    `  - shell: "printf 'hello \\\\033[31mred\\\\033[0m \\\\033[2J\\\\033]0;title\\\\007 done\\\\n'; printf 'export const a: number = 1;\\\\n' > a.ts"`,
    '  - shell: "head -c 100000 /dev/zero | tr \'\\\\0\' x"',
    '',
  ].join('\n'),
  'fail.yml': 'name: fail\nsteps:\n  - shell: "echo broken; exit 1"\n',
  'gated.yml': [
    'name: gated',
    'steps:',
    '  - shell: echo one >> g.txt',
    '    gate: approve',
    '  - shell: echo two > h.txt',
    '',
  ].join('\n'),
};

function repo(): TempRepo {
  const r = makeTempRepo(PLAYBOOKS);
  cleanups.push(r.cleanup);
  return r;
}

async function ui(r: TempRepo, options: Parameters<typeof startTestUi>[1] = {}): Promise<TestUi> {
  const started = await startTestUi(r.dir, options);
  cleanups.push(started.stop);
  return started;
}

const mmm = (args: string[], cwd: string) => startMmm(args, cwd).done;

async function runIds(r: TempRepo): Promise<{ id: string; playbook: string; status: string }[]> {
  const listed = await mmm(['runs', '--json', '-n', '0'], r.dir);
  return listed.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { id: string; playbook: string; status: string });
}

async function runOf(r: TempRepo, playbook: string) {
  const run = (await runIds(r)).find((x) => x.playbook === playbook);
  if (!run) throw new Error(`no run of ${playbook}`);
  return run;
}

/** A raw request, so that the Host header can be anything. */
function rawGet(port: number, path: string, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('who may use mmm ui', () => {
  it('refuses every request without the token, and keeps the token in an HttpOnly SameSite=Strict cookie', async () => {
    const r = repo();
    const u = await ui(r);
    for (const path of ['/', '/runs/x', '/approvals', '/sessions', '/assets/app.css', '/live']) {
      const bare = await fetch(`${u.base}${path}`, { redirect: 'manual' });
      expect(bare.status, path).toBe(403);
      expect(await bare.text()).toContain('needs the token');
    }
    expect((await fetch(`${u.base}/?token=wrong`, { redirect: 'manual' })).status).toBe(403);
    const wrongCookie = await fetch(`${u.base}/`, {
      headers: { cookie: `mmm_ui_${u.server.port}=${u.server.token.slice(1)}x` },
    });
    expect(wrongCookie.status).toBe(403);

    const first = await fetch(`${u.base}/sessions?all=1&token=${u.server.token}`, {
      redirect: 'manual',
    });
    expect(first.status).toBe(303);
    // The token leaves the address; the other parameters stay.
    expect(first.headers.get('location')).toBe('/sessions?all=1');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`mmm_ui_${u.server.port}=${u.server.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const next = await fetch(`${u.base}/sessions?all=1`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(next.status).toBe(200);
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const r = repo();
    const u = await ui(r);
    const port = u.server.port;
    expect(await rawGet(port, '/', { host: `evil.example:${port}`, cookie: u.cookie })).toBe(403);
    expect(await rawGet(port, '/', { host: `localhost:${port}`, cookie: u.cookie })).toBe(200);
  });

  it('refuses a change without the Origin of the page, or without its CSRF token, and changes nothing', async () => {
    const r = repo();
    expect((await mmm(['cook', 'gated.yml'], r.dir)).status).toBe(5);
    const run = await runOf(r, 'gated.yml');
    const u = await ui(r);
    const path = `/approvals/${run.id}/approve`;
    const noOrigin = await fetch(`${u.base}${path}`, {
      method: 'POST',
      headers: { cookie: u.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${u.server.csrf}`,
      redirect: 'manual',
    });
    expect(noOrigin.status).toBe(403);
    expect(await noOrigin.text()).toContain('Origin missing');
    const otherOrigin = await u.post(path, {}, { origin: 'http://evil.example' });
    expect(otherOrigin.status).toBe(403);
    const noCsrf = await fetch(`${u.base}${path}`, {
      method: 'POST',
      headers: {
        cookie: u.cookie,
        origin: u.base,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'comment=x',
      redirect: 'manual',
    });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.text()).toContain('CSRF');
    expect((await u.post(path, { csrf: 'not-it' })).status).toBe(403);
    const noToken = await fetch(`${u.base}${path}`, {
      method: 'POST',
      headers: { origin: u.base, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${u.server.csrf}`,
      redirect: 'manual',
    });
    expect(noToken.status).toBe(403);
    expect((await runOf(r, 'gated.yml')).status).toBe('paused');
    // The forms of the page carry the token the server checks.
    expect(await (await u.get('/approvals')).text()).toContain(
      `name="csrf" value="${u.server.csrf}"`,
    );
  });
});

describe('the pages', () => {
  it('says there are no runs before the first, and serves its assets', async () => {
    const r = repo();
    const u = await ui(r);
    const page = await (await u.get('/')).text();
    expect(page).toContain('No runs recorded in this repository yet');
    const css = await u.get('/assets/app.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await (await u.get('/assets/highlight.css')).text()).toContain('.hljs');
    const js = await u.get('/assets/app.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).toContain('EventSource');
    expect((await u.get('/assets/nothing.js')).status).toBe(404);
  });

  it('lists runs paused first, then newest first, filtered by status and playbook, page by page', async () => {
    const r = repo();
    expect((await mmm(['cook', 'gated.yml'], r.dir)).status).toBe(5);
    expect((await mmm(['cook', 'ok.yml'], r.dir)).status).toBe(0);
    expect((await mmm(['cook', 'fail.yml'], r.dir)).status).toBe(1);
    const u = await ui(r);
    const page = await (await u.get('/')).text();
    const order = [...page.matchAll(/<td data-label="Playbook">([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(order).toEqual(['gated.yml', 'fail.yml', 'ok.yml']);
    expect(page).toMatch(/<td data-label="Steps ok\/failed\/skipped" class="num">0\/1\/0<\/td>/);
    expect(page).toContain('1–3 of 3');
    const failed = await (await u.get('/?status=failed')).text();
    expect([...failed.matchAll(/data-label="Playbook">([^<]+)</g)].map((m) => m[1])).toEqual([
      'fail.yml',
    ]);
    const ok = await (await u.get('/?playbook=ok.yml')).text();
    expect([...ok.matchAll(/data-label="Playbook">([^<]+)</g)].map((m) => m[1])).toEqual([
      'ok.yml',
    ]);
    expect(await (await u.get('/?page=2')).text()).toContain('No runs match');
  });

  it("shows a run's steps, its outputs on demand with terminal sequences neutralised, and its diffs highlighted", async () => {
    const r = repo();
    expect((await mmm(['cook', 'ok.yml'], r.dir)).status).toBe(0);
    const run = await runOf(r, 'ok.yml');
    const u = await ui(r);
    const page = await (await u.get(`/runs/${run.id.slice(0, 8)}`)).text();
    expect(page).toContain('<h2>Timeline</h2>');
    expect(page).toContain('<h2>Budget</h2>');
    expect(page).toContain('run.finished');
    expect(page).toMatch(/The manifest committed with the run/);
    const outputs = [...page.matchAll(/data-src="(\/runs\/[^"]+\/outputs\/\d+)"/g)].map(
      (m) => m[1] ?? '',
    );
    expect(outputs).toHaveLength(2);
    const first = await (await u.get(outputs[0] ?? '', { 'x-mmm-fragment': '1' })).text();
    expect(first).toBe('hello red ^[[2J^[]0;title^G done\n');
    // 100,000 bytes come 64 KiB at a time.
    const big = await u.get(outputs[1] ?? '', { 'x-mmm-fragment': '1' });
    expect((await big.text()).length).toBe(65536);
    expect(big.headers.get('x-mmm-next-offset')).toBe('65536');
    const rest = await u.get(`${outputs[1] ?? ''}?offset=65536`, { 'x-mmm-fragment': '1' });
    expect((await rest.text()).length).toBe(100000 - 65536);
    expect(rest.headers.get('x-mmm-next-offset')).toBeNull();
    // Without script, the link opens a page of its own.
    expect(await (await u.get(`${outputs[1] ?? ''}?offset=0`)).text()).toContain('Next 64 KiB');

    const diffs = [...page.matchAll(/data-src="(\/runs\/[^"]+\/diff\?[^"]+)"/g)].map((m) =>
      (m[1] ?? '').replaceAll('&amp;', '&'),
    );
    expect(diffs.length).toBeGreaterThan(0);
    const diff = await (await u.get(diffs[0] ?? '', { 'x-mmm-fragment': '1' })).text();
    expect(diff).toMatch(/<h4>\s*a\.ts <small class="muted">ts<\/small>\s*<\/h4>/);
    expect(diff).toContain('<span class="hljs-keyword">export</span>');
    expect(diff).not.toContain('<html');
    expect(await (await u.get(diffs[0] ?? '')).text()).toContain('<html');
  });

  it('answers 404 for an unknown run, output, diff or action', async () => {
    const r = repo();
    expect((await mmm(['cook', 'fail.yml'], r.dir)).status).toBe(1);
    const run = await runOf(r, 'fail.yml');
    const u = await ui(r);
    const page = await (await u.get(`/runs/${run.id}`)).text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('step_failed');
    expect((await u.get('/runs/ffffffff')).status).toBe(404);
    expect((await u.get(`/runs/${run.id}/outputs/999`)).status).toBe(404);
    expect((await u.get(`/runs/${run.id}/diff?from=HEAD&to=main`)).status).toBe(404);
    expect(
      (await u.get(`/runs/${run.id}/diff?from=${'a'.repeat(40)}&to=${'b'.repeat(40)}`)).status,
    ).toBe(404);
    expect((await u.get('/actions/nothing')).status).toBe(404);
    expect((await u.get('/live?run=ffffffff')).status).toBe(404);
  });

  it('approves a pending proposal as mmm approve does: the change lands and the run goes on', async () => {
    const r = repo();
    expect((await mmm(['cook', 'gated.yml'], r.dir)).status).toBe(5);
    const run = await runOf(r, 'gated.yml');
    const u = await ui(r);
    const page = await (await u.get('/approvals')).text();
    expect(page).toContain(`refs/mmm/${run.id}/proposals/1`);
    expect(page).toMatch(/<h4>\s*g\.txt/);
    expect(page).toContain('No policy rule was broken');
    const posted = await u.post(`/approvals/${run.id}/approve`, {
      step: '1',
      comment: 'looks right',
    });
    expect(posted.status).toBe(303);
    const done = await actionPage(u, posted.headers.get('location') ?? '');
    expect(done).toContain(`mmm approve ${run.id} --step 1 --comment &quot;looks right&quot;`);
    expect(done).toContain('Approved proposal 1');
    expect(done).toContain('exit code 0');
    expect((await runOf(r, 'gated.yml')).status).toBe('done');
    expect(r.git('show', 'HEAD:h.txt')).toBe('two');
    expect(await (await u.get('/approvals')).text()).toContain('Nothing waits for a decision');
  });

  it('refuses to approve at another step, as mmm approve --step does', async () => {
    const r = repo();
    expect((await mmm(['cook', 'gated.yml'], r.dir)).status).toBe(5);
    const run = await runOf(r, 'gated.yml');
    const u = await ui(r);
    const posted = await u.post(`/approvals/${run.id}/approve`, { step: '2' });
    const text = await actionPage(u, posted.headers.get('location') ?? '');
    expect(text).toContain('waits at step 1');
    expect(text).toContain('exit code 3');
    expect((await runOf(r, 'gated.yml')).status).toBe('paused');
  });

  it('rejects a proposal with a reason, as mmm reject does', async () => {
    const r = repo();
    expect((await mmm(['cook', 'gated.yml'], r.dir)).status).toBe(5);
    const run = await runOf(r, 'gated.yml');
    const u = await ui(r);
    const posted = await u.post(`/approvals/${run.id}/reject`, { step: '1', reason: 'not this' });
    const text = await actionPage(u, posted.headers.get('location') ?? '');
    expect(text).toContain('--reason &quot;not this&quot;');
    expect(text).toContain('exit code 0');
    expect((await runOf(r, 'gated.yml')).status).toBe('stopped');
    const runPage = await (await u.get(`/runs/${run.id}`)).text();
    expect(runPage).toContain('not this');
  });

  it('lists sessions and merges and cleans them as mmm worktree merge|clean do', async () => {
    const r = repo();
    expect((await mmm(['cook', 'ok.yml', '--worktree'], r.dir)).status).toBe(0);
    const u = await ui(r);
    const page = await (await u.get('/sessions')).text();
    const name = /<tr id="session-([^"]+)"/.exec(page)?.[1] ?? '';
    expect(name).toMatch(/^ok-/);
    const ahead = r.git('rev-list', '--count', `main..mmm/${name}`);
    expect(Number(ahead)).toBeGreaterThan(0);
    expect(page).toContain(`data-label="Ahead" class="num">${ahead}<`);
    expect(page).toMatch(/data-label="Behind" class="num">0</);

    // Not merged yet: clean refuses without --force, with the command's own words.
    const refused = await u.post(`/sessions/${name}/clean`, {});
    const refusal = await actionPage(u, refused.headers.get('location') ?? '');
    expect(refusal).toContain('exit code 3');
    expect(refusal).toContain('not merged into main');

    const tip = r.git('rev-parse', `mmm/${name}`);
    const merged = await u.post(`/sessions/${name}/merge`, {});
    const text = await actionPage(u, merged.headers.get('location') ?? '');
    expect(text).toContain(`Merged ${name} into main (fast-forward to ${tip.slice(0, 7)})`);
    expect(r.git('rev-parse', 'main')).toBe(tip);

    const cleaned = await u.post(`/sessions/${name}/clean`, {});
    expect(await actionPage(u, cleaned.headers.get('location') ?? '')).toContain(`Cleaned ${name}`);
    expect(await (await u.get('/sessions')).text()).toContain('No worktree sessions');
    expect(await (await u.get('/sessions?all=1')).text()).toContain(`session-${name}`);

    const unknown = await u.post('/sessions/nobody/merge', {});
    const unknownText = await actionPage(u, unknown.headers.get('location') ?? '');
    expect(unknownText).toContain('no session named nobody');
    expect(unknownText).toContain('exit code 2');
  });

  it("streams a run's events, and tells the list pages when anything was recorded", async () => {
    const r = repo();
    expect((await mmm(['cook', 'fail.yml'], r.dir)).status).toBe(1);
    const run = await runOf(r, 'fail.yml');
    const u = await ui(r);
    const controller = new AbortController();
    const stream = await fetch(`${u.base}/live?run=${run.id}&after=0`, {
      headers: { cookie: u.cookie },
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body?.getReader();
    let text = '';
    while (!text.includes('run.finished') && reader) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toContain('event: event');
    expect(text).toMatch(/id: 1\n/);
    expect(text).toContain('"type":"run.started"');
    controller.abort();

    const all = new AbortController();
    const changes = await fetch(`${u.base}/live`, {
      headers: { cookie: u.cookie },
      signal: all.signal,
    });
    const changeReader = changes.body?.getReader();
    const cooked = mmm(['cook', 'fail.yml'], r.dir);
    let seen = '';
    while (!seen.includes('event: change') && changeReader) {
      const chunk = await changeReader.read();
      if (chunk.done) break;
      seen += new TextDecoder().decode(chunk.value);
    }
    expect(seen).toContain('event: change');
    all.abort();
    await cooked;
  });

  it('keeps answering while another process holds the database: it waits, and says so when it cannot', async () => {
    const r = repo();
    expect((await mmm(['cook', 'fail.yml'], r.dir)).status).toBe(1);
    const u = await ui(r, { busy: { busyTimeoutMs: 50, retries: 3 } });
    const hold = () => {
      const db = new BetterSqlite3(join(r.dir, '.mmm', 'mmm.db'));
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
      db.exec('UPDATE runs SET message = message');
      db.exec('COMMIT');
      return db;
    };
    let db = hold();
    const busy = await u.get('/');
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('2');
    expect(await busy.text()).toContain('the run ledger is busy');
    db.close();
    expect((await u.get('/')).status).toBe(200);

    // Released while the page waits: the page is served.
    await u.stop();
    const slow = await startTestUi(r.dir, { busy: { busyTimeoutMs: 50, retries: 20 } });
    cleanups.push(slow.stop);
    db = hold();
    const pending = slow.get('/');
    setTimeout(() => db.close(), 200);
    expect((await pending).status).toBe(200);
  });
});
