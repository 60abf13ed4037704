// A run's state in the ledger as a user sees it through the built bin: killed mid-step, stopped by
// Ctrl-C, stopped by the budget.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { writeScenario } from '../helpers/fake-claude.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const mmm = (args: string[], cwd: string, env?: Record<string, string>) =>
  startMmm(args, cwd, env).done;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# states\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}

/** A playbook whose second step sleeps, writing the sleeper's pid to `marker` first. */
function sleepyPlaybook(marker: string): string {
  return [
    'name: sleepy',
    'steps:',
    '  - shell: echo one > one.txt',
    '    id: first',
    `  - shell: sleep 30 & echo $! > ${marker}; wait`,
    '    id: nap',
  ].join('\n');
}

/** Starts `mmm cook pb.yml` and returns once its second step is sleeping. */
async function cookUntilAsleep(r: TempRepo, marker: string) {
  const running = startMmm(['cook', 'pb.yml'], r.dir);
  for (let i = 0; i < 400 && !existsSync(marker); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const sleeper = Number(readFileSync(marker, 'utf8').trim());
  cleanups.push(() => {
    try {
      process.kill(sleeper, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  return running;
}

function theRun(stdout: string): { id: string; status: string } {
  const lines = stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as { id: string; status: string };
}

describe('run states', () => {
  it('a run killed mid-step is marked crashed by the next mmm, naming the step in flight', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'mmm-state-')), 'pid');
    const r = repo({
      'pb.yml': sleepyPlaybook(marker),
      'other.yml': 'steps:\n  - shell: "true"\n',
    });
    const { child, done } = await cookUntilAsleep(r, marker);
    child.kill('SIGKILL');
    expect((await done).status).toBeNull();

    // The next cook marks it, before anyone asks for the list.
    expect((await mmm(['cook', 'other.yml'], r.dir)).status).toBe(0);
    const db = new BetterSqlite3(join(r.dir, '.mmm', 'mmm.db'), { readonly: true });
    const states = db.prepare('SELECT status FROM runs ORDER BY started_at').all();
    db.close();
    expect(states).toEqual([{ status: 'crashed' }, { status: 'done' }]);

    const listed = await mmm(['runs', '--json', '-n', '1'], r.dir);
    const done2 = theRun(listed.stdout);
    expect(done2.status).toBe('done');
    const all = (await mmm(['runs', '--json'], r.dir)).stdout.trimEnd().split('\n');
    const crashed = JSON.parse(all[1] ?? '') as { id: string; status: string };
    expect(crashed.status).toBe('crashed');

    const shown = await mmm(['runs', 'show', crashed.id], r.dir);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/^status\s+crashed$/m);
    expect(shown.stdout).toMatch(
      /^in flight\s+step 2 \(nap\) of iteration 1, try 1, from HEAD [0-9a-f]{7}$/m,
    );
    expect(shown.stdout).toMatch(
      /^message\s+its process \(pid \d+\) ended without recording an end$/m,
    );
    const events = await mmm(['runs', 'events', crashed.id], r.dir);
    expect(events.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /run\.state\s+crashed \(process_gone\): .*; step in flight: it1 #2 nap$/,
    );
  });

  it('a run stopped by SIGINT is interrupted, naming the step it cut short', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'mmm-state-')), 'pid');
    const r = repo({ 'pb.yml': sleepyPlaybook(marker) });
    const { child, done } = await cookUntilAsleep(r, marker);
    child.kill('SIGINT');
    expect((await done).status).toBe(130);

    const run = theRun((await mmm(['runs', '--json'], r.dir)).stdout);
    expect(run.status).toBe('interrupted');
    const shown = await mmm(['runs', 'show', run.id], r.dir);
    expect(shown.stdout).toMatch(/^status\s+interrupted \(interrupted\), exit 130$/m);
    expect(shown.stdout).toMatch(
      /^in flight\s+step 2 \(nap\) of iteration 1, try 1, from HEAD [0-9a-f]{7}$/m,
    );
    const events = await mmm(['runs', 'events', run.id], r.dir);
    expect(events.stdout).toMatch(/run\.state\s+running \(started\)/);
    expect(events.stdout).toMatch(
      /run\.state\s+interrupted \(interrupted\): interrupted by SIGINT; step in flight: it1 #2 nap$/m,
    );
  });

  it('a run stopped by its budget is stopped', async () => {
    const r = repo({ 'pb.yml': 'steps:\n  - claude: /mmm-lint\n' });
    const fake = writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), []);
    expect((await mmm(['cook', 'pb.yml', '--max-cost', '0'], r.dir, fake.env)).status).toBe(4);
    const run = theRun((await mmm(['runs', '--json'], r.dir)).stdout);
    expect(run).toMatchObject({ status: 'stopped', reason: 'budget', inFlight: null });
    const shown = await mmm(['runs', 'show', run.id], r.dir);
    expect(shown.stdout).toMatch(/^status\s+stopped \(budget\), exit 4$/m);
    expect(shown.stdout).not.toMatch(/^in flight/m);
    const events = await mmm(['runs', 'events', run.id], r.dir);
    expect(events.stdout).toMatch(
      /run\.state\s+stopped \(budget\): .*stopped before the next agent call$/m,
    );
  });
});
