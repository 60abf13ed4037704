import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The scripted fake `claude` executable (test/fixtures/fake-claude/claude). */
export const fakeClaudeDir = fileURLToPath(new URL('../fixtures/fake-claude/', import.meta.url));
export const fakeClaudeBin = join(fakeClaudeDir, 'claude');

/** One scripted turn of the fake agent; see test/fixtures/fake-claude/README.md. */
export interface FakeTurn {
  /** Regex the prompt must match, else the call fails saying so. */
  match?: string;
  /** Regex that picks this turn for a matching prompt, whatever its place in the list. */
  select?: string;
  /** Keep this turn for every later call instead of consuming it. */
  repeat?: boolean;
  write?: Record<string, string>;
  append?: Record<string, string>;
  delete?: string[];
  /** `true` or a commit message: the agent commits its own work. */
  commit?: boolean | string;
  sleepMs?: number;
  stderr?: string;
  silent?: boolean;
  /** Printed instead of a result object. */
  stdout?: string;
  /** Answer is_error with this message (exit 1 unless exitCode is given). */
  error?: string;
  exitCode?: number;
  /** `api_error_status` of the result, as the CLI reports a 429 or 529 it gave up on. */
  apiErrorStatus?: number;
  result?: string;
  /** With `--output-format stream-json`: tool_use blocks printed before the result (not run). */
  toolCalls?: { name: string; input?: Record<string, unknown> }[];
  /** total_cost_usd; 0.01 when not given. */
  cost?: number;
  /** Report the cost as the legacy `cost_usd` field. */
  legacyCost?: boolean;
  usage?: Partial<
    Record<
      'input_tokens' | 'output_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens',
      number
    >
  >;
  sessionId?: string;
  numTurns?: number;
  model?: string;
  subtype?: string;
  permissionDenials?: unknown[];
}

/** One call the fake received, as it recorded it. */
export interface FakeCall {
  /** 1-based number of the call across the scenario. */
  call: number;
  /** Index of the turn it played, or null for the default turn. */
  turn: number | null;
  argv: string[];
  cwd: string;
  prompt: string;
  /** Where the prompt came from: an argument, or standard input (as mmm sends it). */
  promptVia: 'argument' | 'stdin';
  flags: Record<string, string | string[] | true>;
  /** MMM_*, ANTHROPIC_*, CLAUDE_*, IS_SANDBOX, CI, HOME and the names given in recordEnv. */
  env: Record<string, string>;
  pid: number;
}

export interface FakeClaude {
  /** Set these in the environment mmm runs with (MMM_CLAUDE_BIN, PATH, the scenario). */
  env: Record<string, string>;
  scenarioPath: string;
  /** Every call so far, in the order they were made. */
  calls: () => FakeCall[];
}

/** Writes a scenario into `dir` and returns the environment that makes mmm run the fake. */
export function writeScenario(
  dir: string,
  turns: FakeTurn[],
  options: { recordEnv?: string[]; name?: string } = {},
): FakeClaude {
  const scenarioPath = join(dir, `${options.name ?? 'fake-claude'}.scenario.json`);
  writeFileSync(scenarioPath, JSON.stringify({ turns, recordEnv: options.recordEnv ?? [] }));
  const callsPath = `${scenarioPath}.calls.jsonl`;
  return {
    scenarioPath,
    env: {
      MMM_CLAUDE_BIN: fakeClaudeBin,
      MMM_FAKE_CLAUDE_SCENARIO: scenarioPath,
      PATH: `${fakeClaudeDir}${delimiter}${process.env.PATH ?? ''}`,
    },
    calls: () =>
      existsSync(callsPath)
        ? readFileSync(callsPath, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as FakeCall)
            .sort((a, b) => a.call - b.call)
        : [],
  };
}
