// Which agent runs a claude: step, and with which settings: the playbook's `agent:`, with
// `--agent` over its tool and model, then the step's own `agent:` over that, setting by setting.
// And, when a call fails for a reason that is not the work's, which agent tries next.
import type { AgentResult } from '../agents/types.js';
import type { AgentChoice, AgentSettings, Playbook, Step } from '../playbook/model.js';

/** `claude:opus`, or `claude` without a model: how `--agent` is written and recorded. */
export function formatAgentChoice(choice: AgentChoice): string {
  return choice.model === undefined ? choice.tool : `${choice.tool}:${choice.model}`;
}

/** The playbook's settings with `--agent` over their tool and model. */
function defaults(playbook: Playbook, override: AgentChoice | undefined): AgentSettings {
  const base = playbook.agent;
  if (!override) return base;
  // `--agent claude` keeps the playbook's model for the same tool; another tool starts bare.
  const model = override.model ?? (override.tool === base.tool ? base.model : undefined);
  return { ...base, tool: override.tool, model };
}

/** The settings a step's agent calls use. */
export function agentSettingsFor(
  playbook: Playbook,
  override: AgentChoice | undefined,
  step: Step,
): AgentSettings {
  const own = Object.fromEntries(
    Object.entries(step.agent ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<AgentSettings>;
  // A step that names its tool without a model does not inherit another tool's model.
  const model = own.tool !== undefined && !('model' in own) ? { model: undefined } : {};
  return { ...defaults(playbook, override), ...model, ...own };
}

/** Every agent a step may call: its own, then its fallbacks, in order. */
export function agentChain(settings: AgentSettings): AgentChoice[] {
  return [{ tool: settings.tool, model: settings.model }, ...settings.fallback];
}

/**
 * Why a call failed for a reason that is not the work's (so another agent may do the same work),
 * or undefined when it succeeded, or failed on the work itself (a turn limit, a timeout, a budget).
 */
export function unavailableBecause(result: AgentResult): string | undefined {
  if (result.ok || result.aborted || result.timedOut || result.budgetReached) return undefined;
  if (result.limit) {
    return result.limit.kind === 'usage_limit'
      ? 'usage limit'
      : result.limit.kind === 'overloaded'
        ? 'overloaded'
        : 'rate limit';
  }
  return result.unavailable;
}
