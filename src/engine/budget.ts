// Budgets are checked before each agent call: the run stops cleanly instead of overspending.
import type { RunContext } from './context.js';
import { formatDuration } from '../infra/format.js';
import { formatCost } from '../infra/format.js';

export interface BudgetCheck {
  /** Set when the next agent call must not be made: which limit, in words. */
  exceeded: string | undefined;
  /** Dollars left under the tightest cost limit, passed down to the agent. */
  remainingUsd: number | undefined;
}

export function checkBudget(ctx: RunContext): BudgetCheck {
  const { budget } = ctx.playbook;
  const { costUsd, agentCalls } = ctx.totals;
  const costLimits: [string, number | undefined][] = [
    ['budget.max_cost_usd', budget.maxCostUsd],
    ['--max-cost', ctx.options.maxCostUsd],
  ];
  let remainingUsd: number | undefined;
  for (const [name, limit] of costLimits) {
    if (limit === undefined) continue;
    if (costUsd >= limit) {
      return {
        exceeded: `budget reached: ${formatCost(costUsd)} spent of ${name} ${formatCost(limit)}`,
        remainingUsd: 0,
      };
    }
    remainingUsd = Math.min(remainingUsd ?? Infinity, limit - costUsd);
  }
  if (budget.maxAgentCalls !== undefined && agentCalls + 1 > budget.maxAgentCalls) {
    return {
      exceeded: `budget reached: ${agentCalls} agent calls made of budget.max_agent_calls ${budget.maxAgentCalls}`,
      remainingUsd,
    };
  }
  const elapsed = ctx.deps.now().getTime() - ctx.startedAt.getTime();
  if (budget.maxDurationMs !== undefined && elapsed >= budget.maxDurationMs) {
    return {
      exceeded: `budget reached: ${formatDuration(elapsed)} elapsed of budget.max_duration ${formatDuration(budget.maxDurationMs)}`,
      remainingUsd,
    };
  }
  return { exceeded: undefined, remainingUsd };
}
