// `mmm cook` flags as commander hands them over, checked and turned into values.
import { UsageError } from '../../errors.js';
import type { Gate } from '../../events.js';
import { knownAgentTools } from '../../agents/index.js';
import type { AgentChoice } from '../../playbook/model.js';

/** Flags of `mmm cook`, as commander parses them. */
export interface CookFlags {
  maxIterations?: string | undefined;
  args?: string[] | undefined;
  maxCost?: string | undefined;
  verbose?: boolean | undefined;
  quiet?: boolean | undefined;
  json?: boolean | undefined;
  gate?: string | undefined;
  agent?: string | undefined;
}

/**
 * `--agent claude:opus` → {tool: 'claude', model: 'opus'}; `--agent claude` leaves the model to
 * the playbook (or the CLI). A usage error for a tool mmm has no adapter for.
 */
export function parseAgentChoice(value: string | undefined): AgentChoice | undefined {
  if (value === undefined) return undefined;
  const at = value.indexOf(':');
  const tool = (at < 0 ? value : value.slice(0, at)).trim();
  const model = at < 0 ? undefined : value.slice(at + 1).trim();
  const known = knownAgentTools();
  if (!known.includes(tool)) {
    throw new UsageError(
      `--agent names an unknown agent tool "${tool}" (known tools: ${known.join(', ')})`,
      { hint: 'write --agent TOOL or --agent TOOL:MODEL, e.g. --agent claude:opus' },
    );
  }
  if (model === '') {
    throw new UsageError(`--agent ${value} has an empty model after the colon`, {
      hint: 'write --agent TOOL or --agent TOOL:MODEL, e.g. --agent claude:opus',
    });
  }
  return { tool, model };
}

/** `--gate approve` → 'approve'; a usage error for anything but auto, ack or approve. */
export function parseGate(value: string | undefined): Gate | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto' || value === 'ack' || value === 'approve') return value;
  throw new UsageError(`--gate must be auto, ack or approve, not "${value}"`);
}

/** `-n 3` → 3; a usage error for anything but a whole number of 1 or more. */
export function parseMaxIterations(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`-n/--max-iterations must be a whole number of 1 or more, not "${value}"`);
  }
  return n;
}

/** `--max-cost 2.50` → 2.5 (dollars); 0 allows no agent call at all. */
export function parseMaxCost(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const amount = value.trim().replace(/^\$/, '');
  const n = Number(amount);
  // Plain decimal dollars only: Number() would also take 0x10 or 1e3.
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(amount) || !Number.isFinite(n)) {
    throw new UsageError(`--max-cost must be an amount in US dollars such as 2.50, not "${value}"`);
  }
  return n;
}

/** What the flags set for every run of the invocation, checked: a usage error for a bad value. */
export interface CookSettings {
  maxIterations: number | undefined;
  maxCostUsd: number | undefined;
  args: string[] | undefined;
  json: boolean | undefined;
  quiet: boolean | undefined;
  verbose: boolean | undefined;
  gate: Gate | undefined;
  /** `--agent`: the agent of every claude step that names none of its own. */
  agent: AgentChoice | undefined;
}

/** --quiet and --verbose together are a usage error: they ask for opposite things. */
export function checkOutputFlags(flags: {
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
}): void {
  if (flags.quiet && flags.verbose) {
    throw new UsageError('--quiet and --verbose ask for opposite things; use one of them');
  }
}

export function cookSettings(flags: CookFlags): CookSettings {
  checkOutputFlags(flags);
  return {
    maxIterations: parseMaxIterations(flags.maxIterations),
    maxCostUsd: parseMaxCost(flags.maxCost),
    args: flags.args,
    json: flags.json,
    quiet: flags.quiet,
    verbose: flags.verbose,
    gate: parseGate(flags.gate),
    agent: parseAgentChoice(flags.agent),
  };
}

/** Commander's collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
