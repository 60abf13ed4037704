import { describe, expect, it } from 'vitest';
import { checkBudget } from '../../../src/engine/budget.js';
import type { RunContext } from '../../../src/engine/context.js';
import type { Budget } from '../../../src/playbook/model.js';

function ctx(
  budget: Partial<Budget>,
  spent: { costUsd?: number; agentCalls?: number; elapsedMs?: number; maxCostUsd?: number },
): RunContext {
  const start = new Date('2026-01-01T00:00:00Z');
  return {
    playbook: {
      budget: {
        maxCostUsd: undefined,
        maxAgentCalls: undefined,
        maxDurationMs: undefined,
        ...budget,
      },
    },
    options: { maxCostUsd: spent.maxCostUsd },
    totals: { costUsd: spent.costUsd ?? 0, agentCalls: spent.agentCalls ?? 0 },
    startedAt: start,
    deps: { now: () => new Date(start.getTime() + (spent.elapsedMs ?? 0)) },
  } as unknown as RunContext;
}

describe('budget checks before an agent call', () => {
  it('allows the call and passes the tightest remaining cost down', () => {
    expect(checkBudget(ctx({ maxCostUsd: 5 }, { costUsd: 1, maxCostUsd: 2 }))).toEqual({
      exceeded: undefined,
      remainingUsd: 1,
    });
    expect(checkBudget(ctx({}, {}))).toEqual({ exceeded: undefined, remainingUsd: undefined });
  });

  it('refuses once the spent cost reached a limit, naming it', () => {
    expect(checkBudget(ctx({ maxCostUsd: 1 }, { costUsd: 1 })).exceeded).toMatch(
      /\$1\.00 spent of budget\.max_cost_usd \$1\.00/,
    );
    expect(checkBudget(ctx({}, { costUsd: 0.5, maxCostUsd: 0.5 })).exceeded).toMatch(/--max-cost/);
  });

  it('refuses the call past max_agent_calls and after max_duration', () => {
    expect(checkBudget(ctx({ maxAgentCalls: 2 }, { agentCalls: 1 })).exceeded).toBeUndefined();
    expect(checkBudget(ctx({ maxAgentCalls: 2 }, { agentCalls: 2 })).exceeded).toMatch(
      /2 agent calls made of budget\.max_agent_calls 2/,
    );
    expect(checkBudget(ctx({ maxDurationMs: 60_000 }, { elapsedMs: 61_000 })).exceeded).toMatch(
      /1m 1s elapsed of budget\.max_duration 1m/,
    );
  });
});

describe('budgets exactly at a limit', () => {
  it('allows the last agent call max_agent_calls permits, with no other limit set', () => {
    expect(checkBudget(ctx({ maxAgentCalls: 3 }, { agentCalls: 2 })).exceeded).toBeUndefined();
    expect(checkBudget(ctx({}, { agentCalls: 1_000 })).exceeded).toBeUndefined();
  });

  it('stops the moment max_duration has elapsed, measured from the run start', () => {
    const minute = { maxDurationMs: 60_000 };
    expect(checkBudget(ctx(minute, { elapsedMs: 59_999 })).exceeded).toBeUndefined();
    expect(checkBudget(ctx(minute, { elapsedMs: 60_000 })).exceeded).toBe(
      'budget reached: 1m elapsed of budget.max_duration 1m',
    );
    expect(checkBudget(ctx({}, { elapsedMs: 10 * 86_400_000 })).exceeded).toBeUndefined();
  });
});
