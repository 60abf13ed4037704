import { describe, expect, it } from 'vitest';
import {
  firstBackoff,
  planPause,
  waitUntil,
  type PausePlan,
} from '../../../src/engine/limit-wait.js';
import type { AgentLimit } from '../../../src/agents/types.js';

const HOUR = 3_600_000;
const rate: AgentLimit = { kind: 'rate_limit', resetsAt: undefined };
const inSeconds = (plan: PausePlan, now: number) =>
  'until' in plan ? (plan.until - now) / 1000 : plan.giveUp;

describe('planPause', () => {
  const now = 1_000_000;
  const deadline = now + 6 * HOUR;
  it('backs off 30s, doubling, capped at 15m', () =>
    expect(
      [1, 2, 3, 4, 5, 6, 7].map((n) => inSeconds(planPause(rate, n, now, deadline, 6 * HOUR), now)),
    ).toEqual([30, 60, 120, 240, 480, 900, 900]));
  it('waits for the reset time the agent named', () => {
    const limit: AgentLimit = { kind: 'usage_limit', resetsAt: new Date(now + 2 * HOUR) };
    expect(planPause(limit, 1, now, deadline, 6 * HOUR)).toEqual({ until: now + 2 * HOUR });
  });
  it('backs off when the named reset time has passed', () => {
    const limit: AgentLimit = { kind: 'usage_limit', resetsAt: new Date(now - 1000) };
    expect(inSeconds(planPause(limit, 2, now, deadline, 6 * HOUR), now)).toBe(60);
  });
  it('gives up at once on a reset later than wait_on_limit allows', () =>
    expect(
      inSeconds(
        planPause(
          { kind: 'usage_limit', resetsAt: new Date(now + 7 * HOUR) },
          1,
          now,
          deadline,
          6 * HOUR,
        ),
        now,
      ),
    ).toMatch(/later than agent\.wait_on_limit \(6h\) allows/));
  it('never waits past the deadline, and gives up once it is reached', () => {
    expect(inSeconds(planPause(rate, 3, now, now + 10_000, 6 * HOUR), now)).toBe(10);
    expect(inSeconds(planPause(rate, 4, now + 10_000, now + 10_000, 6 * HOUR), now)).toMatch(
      /waited as long as agent\.wait_on_limit \(6h\) allows/,
    );
  });
  it('takes its first backoff from MMM_LIMIT_BACKOFF_MS', () => {
    expect(firstBackoff({ MMM_LIMIT_BACKOFF_MS: '200' })).toBe(200);
    expect(firstBackoff({ MMM_LIMIT_BACKOFF_MS: 'soon' })).toBe(30_000);
    expect(firstBackoff({})).toBe(30_000);
    expect(inSeconds(planPause(rate, 3, now, deadline, 6 * HOUR, 200), now)).toBe(0.8);
  });
});

describe('waitUntil', () => {
  it('sleeps by the injected clock, reading it again at least every minute', async () => {
    let t = 0;
    const sleeps: number[] = [];
    const sleep = (ms: number) => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    };
    await waitUntil(150_000, () => new Date(t), sleep, new AbortController().signal);
    expect(sleeps).toEqual([60_000, 60_000, 30_000]);
  });
  it('stops at once when the run is interrupted', async () => {
    const controller = new AbortController();
    let calls = 0;
    const sleep = () => {
      calls += 1;
      controller.abort();
      return Promise.resolve();
    };
    await waitUntil(Date.now() + HOUR, () => new Date(), sleep, controller.signal);
    expect(calls).toBe(1);
  });
});
