// Rate limits, overloads and usage limits pause the run and make the same call again; a quiet
// agent is stopped by agent.idle_timeout. The clock and the sleep are the test's, so no test waits.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineDeps } from '../../../src/engine/types.js';
import { writeScenario, type FakeTurn } from '../../helpers/fake-claude.js';
import { useTempRepos } from '../../helpers/repo.js';
import { claude, playbook, run } from '../../helpers/engine.js';

const repo = useTempRepos();
const fake = (turns: FakeTurn[]) => writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), turns);

/** A clock that only moves when the engine sleeps; every sleep is recorded. */
function virtualClock(onSleep?: () => void) {
  let offset = 0;
  const sleeps: number[] = [];
  const clock: Pick<EngineDeps, 'now' | 'sleep'> = {
    now: () => new Date(Date.now() + offset),
    sleep: (ms) => {
      sleeps.push(ms);
      offset += ms;
      onSleep?.();
      return Promise.resolve();
    },
  };
  return { clock, sleeps };
}

const RATE_LIMITED: FakeTurn = {
  error:
    'API Error: Request rejected (429) · Number of request tokens has exceeded your per-minute rate limit',
  apiErrorStatus: 429,
  cost: 0,
};
const waiting = (waitOnLimitMs: number | undefined, idleTimeoutMs?: number) =>
  playbook([claude('/mmm-fix', { id: 'fix' })], {
    agent: { ...playbook([]).agent, waitOnLimitMs, idleTimeoutMs },
  });

describe('a call that ends on a limit', () => {
  it('pauses the run, then makes the same call again and commits once', async () => {
    const r = repo();
    const agent = fake([RATE_LIMITED, { write: { 'fixed.txt': 'fixed\n' } }]);
    const { clock, sleeps } = virtualClock();
    const { summary, of } = await run(
      r.dir,
      waiting(6 * 3_600_000),
      {},
      agent.env,
      undefined,
      clock,
    );

    expect(summary.exitCode).toBe(0);
    expect(agent.calls().map((c) => c.prompt)).toEqual(['/mmm-fix', '/mmm-fix']);
    const [paused] = of('run.paused');
    expect(paused).toMatchObject({ reason: 'rate_limit', pause: 1, attempt: 1, stepId: 'fix' });
    expect(paused?.message).toContain('Request rejected (429)');
    expect(Date.parse(paused!.until) - Date.parse(paused!.at)).toBeCloseTo(30_000, -3);
    expect(of('run.continued')).toMatchObject([{ reason: 'rate_limit', pause: 1 }]);
    // The run's state: paused with the step in flight while it waits, then running again.
    expect(of('run.state').map((e) => [e.state, e.reason, e.step?.stepId])).toEqual([
      ['running', 'started', undefined],
      ['paused', 'limit', 'fix'],
      ['running', 'wait_over', undefined],
      ['done', 'max_iterations', undefined],
    ]);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(29_000);
    // One try of the step, one commit.
    expect(of('step.started')).toHaveLength(1);
    expect(of('step.committed')).toHaveLength(1);
    expect(r.git('show', 'HEAD:fixed.txt')).toBe('fixed');
  });

  it('backs off 30s, 60s, ... and gives up when agent.wait_on_limit runs out', async () => {
    const r = repo();
    const agent = fake([
      { ...RATE_LIMITED, error: 'API Error: 529 Overloaded', apiErrorStatus: 529, repeat: true },
    ]);
    const { clock } = virtualClock();
    const { summary, of } = await run(r.dir, waiting(120_000), {}, agent.env, undefined, clock);

    expect(summary.exitCode).toBe(1);
    // Seconds from each pause to its end; the event is stamped a little after the end is worked
    // out, which on a loaded machine can be most of a second.
    const gaps = of('run.paused').map((p) => (Date.parse(p.until) - Date.parse(p.at)) / 1000);
    expect(gaps).toHaveLength(3);
    [30, 60, 30].forEach((want, i) => expect(Math.abs((gaps[i] ?? 0) - want)).toBeLessThan(2));
    expect(of('run.paused').every((p) => p.reason === 'overloaded')).toBe(true);
    expect(agent.calls()).toHaveLength(4);
    expect(summary.message).toContain(
      'API Error: 529 Overloaded; not waiting: mmm waited as long as agent.wait_on_limit (2m) allows',
    );
  });

  it('waits for the reset time a usage limit names', async () => {
    const r = repo();
    const resetAt = Math.floor(Date.now() / 1000) + 2 * 3600;
    const agent = fake([
      { error: `Claude AI usage limit reached|${resetAt}`, cost: 0 },
      { write: { 'done.txt': 'done\n' } },
    ]);
    const { clock } = virtualClock();
    const { summary, of } = await run(
      r.dir,
      waiting(6 * 3_600_000),
      {},
      agent.env,
      undefined,
      clock,
    );

    expect(summary.exitCode).toBe(0);
    expect(of('run.paused')).toMatchObject([
      { reason: 'usage_limit', until: new Date(resetAt * 1000).toISOString() },
    ]);
  });

  it('fails at once, as before, when agent.wait_on_limit is false', async () => {
    const r = repo();
    const agent = fake([RATE_LIMITED, { write: { 'fixed.txt': 'fixed\n' } }]);
    const { summary, of } = await run(r.dir, waiting(undefined), {}, agent.env);
    expect(summary.exitCode).toBe(1);
    expect(of('run.paused')).toEqual([]);
    expect(agent.calls()).toHaveLength(1);
    expect(summary.message).toContain('Request rejected (429)');
  });

  it('ends the run as interrupted when Ctrl-C comes during the wait', async () => {
    const r = repo();
    const agent = fake([RATE_LIMITED, { write: { 'fixed.txt': 'fixed\n' } }]);
    const controller = new AbortController();
    const { clock } = virtualClock(() => controller.abort());
    const { summary, of } = await run(
      r.dir,
      waiting(6 * 3_600_000),
      { signal: controller.signal, interruptedBy: () => 'SIGINT' },
      agent.env,
      undefined,
      clock,
    );
    expect(summary).toMatchObject({ status: 'interrupted', exitCode: 130 });
    expect(of('run.paused')).toHaveLength(1);
    expect(of('run.continued')).toEqual([]);
    expect(agent.calls()).toHaveLength(1);
  });
});

describe('agent.idle_timeout', () => {
  it('stops an agent that prints nothing and changes nothing, and fails the step', async () => {
    const r = repo();
    const agent = fake([{ sleepMs: 30_000, write: { 'late.txt': 'late\n' } }]);
    const started = Date.now();
    const { summary } = await run(r.dir, waiting(undefined, 1000), {}, agent.env);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(summary.exitCode).toBe(1);
    expect(summary.message).toContain('no output and no file change for 1s: the agent seemed hung');
  });

  /** An agent that works for 3 s, showing life every 0.4 s in the way `each` says. */
  function busyAgent(each: string): Record<string, string> {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-busy-'));
    const bin = join(dir, 'claude');
    const result = JSON.stringify({
      type: 'result',
      subtype: 'success',
      is_error: false,
      result: 'ok',
    });
    writeFileSync(
      bin,
      `#!/bin/sh\n[ "$1" = --version ] && { echo '2.1.197 (Claude Code)'; exit 0; }\ncat >/dev/null\ni=0\nwhile [ $i -lt 8 ]; do i=$((i+1)); ${each}; sleep 0.4; done\necho '${result}'\n`,
    );
    chmodSync(bin, 0o755);
    return { MMM_CLAUDE_BIN: bin };
  }

  it('leaves alone an agent that keeps changing files, however quiet', async () => {
    const r = repo();
    const env = busyAgent('echo $i > progress.txt');
    const { summary } = await run(r.dir, waiting(undefined, 1200), {}, env);
    expect(summary.exitCode).toBe(0);
    expect(r.git('show', 'HEAD:progress.txt')).toBe('8');
  });

  it('leaves alone an agent that keeps printing', async () => {
    const r = repo();
    const env = busyAgent('echo working >&2');
    const { summary } = await run(r.dir, waiting(undefined, 1200), {}, env);
    expect(summary.exitCode).toBe(0);
  });
});
