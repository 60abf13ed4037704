import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerSink, openLedger, type RunExport } from '../../../src/ledger/index.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { makeRunEvents } from '../../helpers/make-events.js';
import { mmm } from '../../helpers/ledger-cli.js';

let repo: TempRepo;
beforeEach(() => {
  repo = makeTempRepo();
});
afterEach(() => repo.cleanup());

/** NDJSON output as objects. */
const jsonLines = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

function record(...runs: Parameters<typeof makeRunEvents>[0][]) {
  const ledger = openLedger(repo.dir);
  for (const run of runs) ledger.recordEvents(makeRunEvents(run));
  ledger.close();
}

describe('mmm runs without recorded runs', () => {
  it('says so, exits 0 and creates nothing', async () => {
    const result = await mmm(repo.dir, ['runs']);
    expect(result).toMatchObject({ code: 0, stdout: 'no runs recorded yet\n' });
    expect(existsSync(join(repo.dir, '.mmm'))).toBe(false);
    expect((await mmm(repo.dir, ['runs', 'ls', '--json'])).stdout).toBe('');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('exits 3 outside a git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-norepo-'));
    try {
      const result = await mmm(dir, ['runs']);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/not a git repository/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 for a run that is asked for by id', async () => {
    const result = await mmm(repo.dir, ['runs', 'show', 'abc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no run matches 'abc'/);
  });
});

describe('mmm runs ls', () => {
  it('lists runs newest first with short ids, playbook, session, status, steps, commits, cost', async () => {
    record(
      { runId: '20250301-aaaa1111', start: '2025-03-01T10:00:00Z' },
      { runId: '20250302-bbbb2222', start: '2025-03-02T10:00:00Z', session: 'wt-1', fail: true },
    );
    const { code, stdout } = await mmm(repo.dir, ['runs']);
    expect(code).toBe(0);
    const [head, first, second, extra] = stdout.trimEnd().split('\n');
    expect(head).toMatch(/^RUN\s+STARTED\s+PLAYBOOK\s+SESSION\s+STATUS\s+STEPS\s+COMMITS\s+COST$/);
    expect(first).toMatch(
      /^20250302\s.*examples\/improve\.yml\s+wt-1\s+failed\s+1\/2 \(1 failed\)\s+2\s+\$0\.75$/,
    );
    expect(second).toMatch(/^20250301\s.*examples\/improve\.yml\s+-\s+done\s+2\/3\s+2\s+\$0\.75$/);
    expect(extra).toBeUndefined();
  });

  it('prints one JSON object per run with --json', async () => {
    record({ runId: 'r-one' }, { runId: 'r-two', start: '2025-04-01T00:00:00Z' });
    const { stdout } = await mmm(repo.dir, ['runs', '--json']);
    const runs = jsonLines(stdout);
    expect(runs.map((r) => [r.id, r.status, r.commits, r.costUsd])).toEqual([
      ['r-two', 'done', 2, 0.75],
      ['r-one', 'done', 2, 0.75],
    ]);
  });

  it('limits the list and says how to see all', async () => {
    record({ runId: 'a1' }, { runId: 'b1' }, { runId: 'c1' });
    const limited = await mmm(repo.dir, ['runs', 'ls', '--limit', '2']);
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(limited.stderr).toMatch(/--limit 0 shows all/);
    const all = await mmm(repo.dir, ['runs', '-n', '0']);
    expect(all.stdout.trimEnd().split('\n')).toHaveLength(4);
    expect((await mmm(repo.dir, ['runs', '-n', 'x'])).code).toBe(2);
  });

  it('takes only a plain whole number for -n, as cook -n does, and exits 2 naming the flag', async () => {
    record({ runId: 'a1' }, { runId: 'b1' }, { runId: 'c1' });
    for (const bad of ['9223372036854775807', '0x10', '1e3', '-5', '1.5', '', 'abc']) {
      const result = await mmm(repo.dir, ['runs', '-n', bad]);
      expect(result.stderr).toContain(
        `-n/--limit must be a whole number of runs (0 for all), not "${bad}"`,
      );
      expect(result).toMatchObject({ code: 2, stdout: '' });
    }
    for (const [good, rows] of [
      ['2', 3],
      ['002', 3],
      [String(Number.MAX_SAFE_INTEGER), 4],
    ] as const) {
      const result = await mmm(repo.dir, ['runs', '-n', good]);
      expect(result.code).toBe(0);
      expect(result.stdout.trimEnd().split('\n')).toHaveLength(rows);
    }
  });

  it('finds the main repository’s ledger from a linked worktree and a subdirectory', async () => {
    record({ runId: 'from-main' });
    const wt = join(mkdtempSync(join(tmpdir(), 'mmm-wt-')), 'session');
    repo.git('worktree', 'add', '-q', '-b', 'mmm/session', wt);
    mkdirSync(join(repo.dir, 'sub'));
    for (const cwd of [wt, join(repo.dir, 'sub')]) {
      const { stdout } = await mmm(cwd, ['runs', '--json']);
      expect(JSON.parse(stdout).id).toBe('from-main');
    }
    expect(existsSync(join(wt, '.mmm'))).toBe(false);
  });
});

describe('run ids', () => {
  beforeEach(() => record({ runId: 'abc123-one' }, { runId: 'abc456-two' }, { runId: 'def789' }));

  it('accepts any unique prefix', async () => {
    const { code, stdout } = await mmm(repo.dir, ['runs', 'show', 'abc4', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).run.id).toBe('abc456-two');
  });

  it('lists the candidates of an ambiguous prefix and exits 2', async () => {
    const { code, stderr } = await mmm(repo.dir, ['runs', 'show', 'abc']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/ambiguous/);
    expect(stderr).toContain('abc123-one');
    expect(stderr).toContain('abc456-two');
    expect(stderr).not.toContain('def789');
  });

  it('names an unknown run and exits 2', async () => {
    const { code, stderr } = await mmm(repo.dir, ['runs', 'events', 'zzz']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no run matches 'zzz'/);
  });
});

describe('mmm runs show', () => {
  it('shows steps, attempts, commits and cost per step', async () => {
    record({ runId: 'run-show' });
    const { code, stdout } = await mmm(repo.dir, ['runs', 'show', 'run-show']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^run\s+run-show$/m);
    expect(stdout).toMatch(/^status\s+done \(max_iterations\), exit 0$/m);
    expect(stdout).toMatch(/^cost\s+\$0\.75 over 2 agent call\(s\)/m);
    // The test step: tried twice, its on_failure handler made a commit for $0.50.
    expect(stdout).toMatch(
      /^\s+1\s+2\s+step\s+2\s+ok\s+0\s+4\.0s\s+0\s+\+0 -0\s+0\s+-\s+test: npm test$/m,
    );
    expect(stdout).toMatch(
      /^\s+1\s+2\s+on_failure\s+1\s+ok\s+0\s+2\.0s\s+1\s+\+12 -3\s+1\s+\$0\.50\s+\/mmm-fix-test$/m,
    );
    expect(stdout).toMatch(/^\s+1\s+2\s+step\s+1\s+failed\s+1\s+.*npm test — exit code 1$/m);
    expect(stdout).toMatch(
      /^Commits\n\s+0000000\s+it1 \/mmm-code-review\s+\+12 -3\s+mmm\(improve\)/m,
    );
  });
});

describe('mmm runs events', () => {
  it('prints the recorded events in order, as text or NDJSON', async () => {
    record({ runId: 'run-ev' });
    const text = await mmm(repo.dir, ['runs', 'events', 'run-ev']);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(18);
    expect(lines[0]).toMatch(
      /^\s+1\s+\d\d:\d\d:\d\d\s+run\.started\s+examples\/improve\.yml on main/,
    );
    expect(lines.at(-2)).toMatch(/run\.state\s+done \(max_iterations\)$/);
    expect(lines.at(-1)).toMatch(/run\.finished\s+completed \(max_iterations\), exit 0/);
    const json = await mmm(repo.dir, ['runs', 'events', 'run-ev', '--json']);
    const events = jsonLines(json.stdout);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(events[3]).toMatchObject({ type: 'agent.call', prompt: '/mmm-code-review prompt 1' });
  });

  it('--follow prints events as a running run writes them and stops at run.finished', async () => {
    const events = makeRunEvents({ runId: 'run-live' });
    const writer = createLedgerSink(openLedger(repo.dir), { flushIntervalMs: 5 });
    for (const e of events.slice(0, 3)) writer.sink(e);
    writer.flush();
    let next = 3;
    // Each time the follower prints, the "run" writes one more event.
    const onStdout = (all: string) => {
      const printed = all.split('\n').length - 1;
      if (printed === next && next < events.length) writer.sink(events[next++]!);
    };
    const result = await mmm(
      repo.dir,
      ['runs', 'events', 'run-live', '--follow', '--json', '--interval', '10'],
      {
        onStdout,
      },
    );
    writer.close();
    expect(result.code).toBe(0);
    const seqs = jsonLines(result.stdout).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
  });

  it('--follow stops when interrupted', async () => {
    const events = makeRunEvents({ runId: 'run-stuck' });
    record();
    const ledger = openLedger(repo.dir);
    ledger.recordEvents(events.slice(0, 2));
    ledger.close();
    const controller = new AbortController();
    const result = await mmm(repo.dir, ['runs', 'events', 'run-stuck', '-f', '--interval', '10'], {
      signal: controller.signal,
      onStdout: (all) => {
        if (all.split('\n').length > 2) controller.abort();
      },
    });
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('exits 2 for an --interval that is not a whole number of milliseconds, naming the flag', async () => {
    record({ runId: 'run-i' });
    for (const bad of ['abc', '-5', '0', '1.5', '0x10', '1e3', '3600001']) {
      for (const follow of [['-f'], []]) {
        const result = await mmm(repo.dir, [
          'runs',
          'events',
          'run-i',
          ...follow,
          '--interval',
          bad,
        ]);
        expect(result.stderr).toContain(
          `--interval must be a whole number of milliseconds from 1 to 3600000, not "${bad}"`,
        );
        expect(result).toMatchObject({ code: 2, stdout: '' });
      }
    }
  });
});

describe('a mistyped runs command', () => {
  it('is named as such, with the closest command, not taken as arguments of ls', async () => {
    const result = await mmm(repo.dir, ['runs', 'shw', '1a']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('mmm runs has no command `shw`; did you mean `show`?');
  });
});

describe('a run whose process is gone', () => {
  it('is marked crashed naming the step in flight, and --follow stops on it instead of waiting forever', async () => {
    const ledger = openLedger(repo.dir);
    ledger.recordEvents(makeRunEvents({ runId: 'run-dead' }).slice(0, 4));
    ledger.close();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const db = new BetterSqlite3(join(repo.dir, '.mmm', 'mmm.db'));
    db.prepare('UPDATE runs SET pid = ?').run(gone);
    db.close();
    const listed = await mmm(repo.dir, ['runs']);
    expect(listed.stdout).toMatch(/^run-dead\s.*\scrashed\s/m);
    const shown = await mmm(repo.dir, ['runs', 'show', 'run-dead']);
    expect(shown.stdout).toMatch(/^status\s+crashed$/m);
    expect(shown.stdout).toMatch(
      /^in flight\s+step 1 \(review: \/mmm-code-review\) of iteration 1, try 1, from HEAD 0000000$/m,
    );
    expect(shown.stdout).toMatch(/^\s+1\s+1\s+step\s+1\s+no outcome\s/m);
    const [json] = jsonLines((await mmm(repo.dir, ['runs', '--json'])).stdout);
    expect(json).toMatchObject({
      status: 'crashed',
      inFlight: { iteration: 1, stepIndex: 0, stepId: 'review', role: 'step', attempt: 1 },
    });
    const followed = await mmm(repo.dir, ['runs', 'events', 'run-dead', '-f', '--interval', '10']);
    expect(followed.code).toBe(0);
    const lines = followed.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(
      new RegExp(
        `run\\.state\\s+crashed \\(process_gone\\): its process \\(pid ${gone}\\) ended without recording an end; step in flight: it1 #1 /mmm-code-review$`,
      ),
    );
  });

  it('is marked crashed once, and --follow of it while it still shows running ends', async () => {
    const ledger = openLedger(repo.dir);
    ledger.recordEvents(makeRunEvents({ runId: 'run-dies' }).slice(0, 4));
    ledger.close();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const db = new BetterSqlite3(join(repo.dir, '.mmm', 'mmm.db'));
    try {
      // Following starts while the run is alive (its pid is this process), then it dies.
      const stop = AbortSignal.timeout(5000);
      const followed = mmm(repo.dir, ['runs', 'events', 'run-dies', '-f', '--interval', '10'], {
        signal: stop,
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      db.prepare('UPDATE runs SET pid = ?').run(gone);
      const [a, b] = await Promise.all([followed, mmm(repo.dir, ['runs'])]);
      expect(stop.aborted).toBe(false);
      expect(a.stderr).toMatch(/run run-dies crashed: its process ended without recording an end/);
      expect(b.stdout).toMatch(/^run-dies\s.*\scrashed\s/m);
      const states = db
        .prepare("SELECT count(*) AS n FROM events WHERE run_id = ? AND type = 'run.state'")
        .get('run-dies') as { n: number };
      expect(states.n).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('a run that crashed and was resumed', () => {
  it('is followed past its crash, to the end of the resumed run', async () => {
    const events = makeRunEvents({ runId: 'run-again' });
    const started = events[0]!;
    if (started.type !== 'run.started') throw new Error('makeRunEvents starts with run.started');
    const ledger = openLedger(repo.dir);
    ledger.recordEvents(events.slice(0, 4));
    const at = new Date().toISOString();
    ledger.recordEvents([
      {
        runId: 'run-again',
        at,
        type: 'run.state',
        state: 'crashed',
        reason: 'process_gone',
        message: 'its process ended without recording an end',
        step: undefined,
      },
      {
        ...started,
        at,
        type: 'run.resumed',
        from: 'crashed',
        iteration: 1,
        atStepIndex: 1,
        label: 'npm test',
        headAt: '0'.repeat(40),
        savedRef: undefined,
        playbookChanged: false,
      },
      {
        runId: 'run-again',
        at,
        type: 'run.state',
        state: 'running',
        reason: 'resumed',
        message: undefined,
        step: undefined,
      },
    ]);
    const stop = AbortSignal.timeout(5000);
    const followed = mmm(repo.dir, ['runs', 'events', 'run-again', '-f', '--interval', '10'], {
      signal: stop,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    ledger.recordEvents(events.slice(-1));
    ledger.close();
    const result = await followed;
    expect(stop.aborted).toBe(false);
    expect(result.stdout).toMatch(/run\.resumed/);
    expect(result.stdout).toMatch(/run\.finished/);
    expect(result.stderr).not.toMatch(/crashed: its process ended/);
  });
});

describe('a run whose pid another process holds now', () => {
  (process.platform === 'linux' ? it : it.skip)(
    'is marked crashed, and --follow stops on it',
    async () => {
      const ledger = openLedger(repo.dir);
      ledger.recordEvents(makeRunEvents({ runId: 'run-reused' }).slice(0, 4));
      ledger.close();
      // A live process, started long after the run did: the pid was given to it once the run died.
      const other = spawn('sleep', ['60'], { stdio: 'ignore' });
      try {
        const db = new BetterSqlite3(join(repo.dir, '.mmm', 'mmm.db'));
        const stat = readFileSync(`/proc/${other.pid}/stat`, 'utf8');
        const start = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
        db.prepare('UPDATE runs SET pid = ?, pid_start = ?').run(other.pid, start - 500);
        db.close();
        const listed = await mmm(repo.dir, ['runs']);
        expect(listed.stdout).toMatch(/^run-reus\s.*\scrashed\s/m);
        const stop = AbortSignal.timeout(5000);
        const followed = await mmm(
          repo.dir,
          ['runs', 'events', 'run-reused', '-f', '--interval', '10'],
          { signal: stop },
        );
        expect(stop.aborted).toBe(false);
        expect(followed.stdout).toMatch(/run\.state\s+crashed \(process_gone\)/);
      } finally {
        other.kill('SIGKILL');
      }
    },
  );
});

describe('mmm runs export', () => {
  it('writes one JSON document with prompts, responses and outputs', async () => {
    const big = 'y'.repeat(80 * 1024);
    record({ runId: 'run-x', testOutput: big });
    const { code, stdout } = await mmm(repo.dir, ['runs', 'export', 'run-x']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as RunExport;
    expect(doc).toMatchObject({ format: 'mmm-run-export', version: 1, run: { id: 'run-x' } });
    expect(doc.agentCalls.map((c) => [c.prompt, c.response])).toEqual([
      ['/mmm-code-review prompt 1', 'response 1'],
      ['/mmm-fix-test prompt 2', 'response 2'],
    ]);
    const spilled = doc.outputs.find((o) => o.path !== null);
    expect(spilled).toMatchObject({ path: '.mmm/runs/run-x/i1-s1-step-a1.out', content: big });
    expect(doc.events).toHaveLength(18);
    const compact = await mmm(repo.dir, ['runs', 'export', 'run-x', '--json']);
    expect(compact.stdout.trimEnd().split('\n')).toHaveLength(1);
  });
});
