// agent.wait_on_limit: when an agent call ends on a rate limit, an overload or a usage limit, the
// run waits, then makes the same call again. The policy is pure; the wait uses the engine's
// injected clock and sleep, so tests need not wait.
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { AgentLimit } from '../agents/types.js';
import { formatDuration } from '../infra/format.js';

/** The first backoff when the agent names no reset time; it doubles on each pause of one call. */
export const FIRST_BACKOFF_MS = 30_000;
export const MAX_BACKOFF_MS = 15 * 60_000;
/** The clock is read again at least this often during a wait (a machine may sleep meanwhile). */
const WAKE_MS = 60_000;

export type PausePlan = { until: number } | { giveUp: string };

/**
 * When to make the call again after its `pause`-th limit (1-based), or why not to: the reset time
 * the agent named when it is still ahead, else the backoff; never past `deadline`, the moment
 * agent.wait_on_limit runs out for this call.
 */
export function planPause(
  limit: AgentLimit,
  pause: number,
  now: number,
  deadline: number,
  waitOnLimitMs: number,
  firstBackoffMs = FIRST_BACKOFF_MS,
): PausePlan {
  const allowed = `agent.wait_on_limit (${formatDuration(waitOnLimitMs)})`;
  const reset = limit.resetsAt?.getTime();
  if (reset !== undefined && reset > deadline) {
    return {
      giveUp: `it lifts at ${limit.resetsAt?.toISOString() ?? ''}, later than ${allowed} allows; raise agent.wait_on_limit or run again then`,
    };
  }
  if (now >= deadline) return { giveUp: `mmm waited as long as ${allowed} allows` };
  const backoff = Math.min(
    firstBackoffMs * 2 ** (pause - 1),
    Math.max(MAX_BACKOFF_MS, firstBackoffMs),
  );
  const until = reset !== undefined && reset > now ? reset : now + backoff;
  return { until: Math.min(until, deadline) };
}

/** MMM_LIMIT_BACKOFF_MS, when set to a positive number, replaces the first backoff of 30 s. */
export function firstBackoff(env: NodeJS.ProcessEnv): number {
  const ms = Number(env.MMM_LIMIT_BACKOFF_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : FIRST_BACKOFF_MS;
}

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Real time; an abort ends the sleep at once (it resolves, the caller looks at the signal). */
export const realSleep: Sleep = (ms, signal) =>
  sleepFor(ms, undefined, { signal, ref: true }).catch(() => undefined);

/** Waits until the clock says `until`, or the signal aborts. */
export async function waitUntil(
  until: number,
  now: () => Date,
  sleep: Sleep,
  signal: AbortSignal,
): Promise<void> {
  for (;;) {
    const left = until - now().getTime();
    if (left <= 0 || signal.aborted) return;
    await sleep(Math.min(left, WAKE_MS), signal);
  }
}
