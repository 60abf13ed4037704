// Pricing the tokens of an agent call whose CLI reports tokens but no money (Codex, ...), so that
// cost budgets hold across agents. The figures are mmm's built-in table (docs/prices.md), with
// the repository's `.mmm/prices.yml` over it model by model. A priced cost is an estimate, and is
// recorded as such (costSource `priced`).
import { PlaybookError } from '../errors.js';
import type { AgentResult, AgentUsage } from '../agents/types.js';
import type { CostSource } from '../events.js';
import { committedFile } from '../git/changes.js';
import type { GitDeps } from '../git/run.js';
import {
  parsePricesFile,
  PRICES_FILE,
  type ModelPrice,
  type PriceTable,
} from '../playbook/prices-file.js';

/** When the built-in table was written (docs/prices.md says from where, and how far to trust it). */
export const PRICES_AS_OF = '2026-12-07';

const openai = (input: number, output: number, cacheRead: number): ModelPrice => ({
  input,
  output,
  cacheRead,
  // OpenAI charges nothing extra for writing its cache; a write the CLI reports is priced as input.
  cacheWrite: input,
});
const priced = (input: number, output: number, cacheRead: number, cacheWrite: number) => ({
  input,
  output,
  cacheRead,
  cacheWrite,
});

/** USD per million tokens. Claude Code reports its own cost: these serve the other CLIs. */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-5.5': openai(5, 30, 0.5),
  'gpt-5.4': openai(2.5, 15, 0.25),
  'gpt-5.4-mini': openai(0.75, 4.5, 0.075),
  'gpt-5.4-nano': openai(0.2, 1.25, 0.02),
  'gpt-5.1': openai(1.25, 10, 0.125),
  'gpt-5.1-codex': openai(1.25, 10, 0.125),
  'gpt-5': openai(1.25, 10, 0.125),
  'gpt-5-codex': openai(1.25, 10, 0.125),
  'gpt-5-mini': openai(0.25, 2, 0.025),
  'claude-opus-4-5': priced(5, 25, 0.5, 6.25),
  'claude-opus-4-1': priced(15, 75, 1.5, 18.75),
  'claude-sonnet-4-5': priced(3, 15, 0.3, 3.75),
  'claude-sonnet-4': priced(3, 15, 0.3, 3.75),
  'claude-haiku-4-5': priced(1, 5, 0.1, 1.25),
  'gemini-2.5-pro': priced(1.25, 10, 0.125, 1.25),
  'gemini-2.5-flash': priced(0.3, 2.5, 0.03, 0.3),
  'gemini-2.5-flash-lite': priced(0.1, 0.4, 0.01, 0.1),
};

/** A dated snapshot of a model (`claude-sonnet-4-5-20250929`, `gpt-5-2025-08-07`). */
const DATED = /^-(?:\d{8}|\d{4}-\d{2}-\d{2})$/;

/** The price of `model`: its own entry, else that of the model it is a dated snapshot of. */
export function findPrice(table: PriceTable, model: string): ModelPrice | undefined {
  if (Object.hasOwn(table, model)) return table[model];
  const base = Object.keys(table)
    .filter((name) => model.startsWith(name) && DATED.test(model.slice(name.length)))
    .sort((a, b) => b.length - a.length)[0];
  return base === undefined ? undefined : table[base];
}

/** What the tokens cost at `price`, in USD. */
export function priceUsage(usage: AgentUsage, price: ModelPrice): number {
  const perToken =
    usage.inputTokens * price.input +
    usage.outputTokens * price.output +
    usage.cacheReadInputTokens * price.cacheRead +
    usage.cacheCreationInputTokens * price.cacheWrite;
  return perToken / 1_000_000;
}

/**
 * The built-in table with `.mmm/prices.yml` (as committed in `commit`) over it. A file with
 * problems stops the run before it starts (exit 2), each problem at file:line:col.
 */
export async function loadPrices(git: GitDeps, cwd: string, commit: string): Promise<PriceTable> {
  const text = await committedFile(git, cwd, commit, PRICES_FILE);
  if (text === undefined) return DEFAULT_PRICES;
  const { prices, problems } = parsePricesFile(text, PRICES_FILE);
  if (problems.length > 0) throw new PlaybookError(problems);
  return { ...DEFAULT_PRICES, ...prices };
}

export interface CallCost {
  costUsd: number | undefined;
  costSource: CostSource;
  /** Why the tokens could not be priced, when they could not. */
  unpriced: string | undefined;
}

/** The cost of a call: as the agent reported it, else its tokens priced, else not reported. */
export function costOfCall(
  table: PriceTable,
  agent: string,
  result: Pick<AgentResult, 'costUsd' | 'usage'>,
  model: string | undefined,
): CallCost {
  if (result.costUsd !== undefined) {
    return { costUsd: result.costUsd, costSource: 'reported', unpriced: undefined };
  }
  const usage = result.usage;
  if (!usage) return { costUsd: undefined, costSource: 'not reported', unpriced: undefined };
  if (model === undefined) {
    return {
      costUsd: undefined,
      costSource: 'not reported',
      unpriced: `${agent} reports tokens but not which model it used, so they cannot be priced and count against no cost budget; set agent.model`,
    };
  }
  const price = findPrice(table, model);
  if (!price) {
    return {
      costUsd: undefined,
      costSource: 'not reported',
      unpriced: `no price for model ${model}: its tokens count against no cost budget; add it to ${PRICES_FILE}`,
    };
  }
  return { costUsd: priceUsage(usage, price), costSource: 'priced', unpriced: undefined };
}
