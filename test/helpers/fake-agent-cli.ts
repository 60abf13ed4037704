// The scripted Amp, Cursor and Copilot CLIs (test/fixtures/<tool>/fake-*.mjs): a scenario of turns
// written to a file, and the environment that makes mmm run the fake, and the calls it recorded.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type FakeTool = 'amp' | 'cursor' | 'copilot';

const BINS: Record<FakeTool, string> = {
  amp: 'amp/fake-amp.mjs',
  cursor: 'cursor/fake-cursor-agent.mjs',
  copilot: 'copilot/fake-copilot.mjs',
};

/** One scripted call: what the agent writes and how the call ends. */
export interface FakeAgentTurn {
  outcome?: 'ok' | 'not-logged-in' | 'usage-limit' | 'rate-limit' | 'error';
  /** Files written relative to the working directory (outcome ok only). */
  write?: Record<string, string>;
  result?: string;
  /** The CLI's words for a failure, instead of the scripted default. */
  message?: string;
  usage?: { input?: number; output?: number; cacheRead?: number; cacheWrite?: number };
  model?: string;
}

export interface FakeAgentCall {
  call: number;
  argv: string[];
  cwd: string;
  /** What arrived on standard input. */
  prompt: string;
}

export function fakeAgentBin(tool: FakeTool): string {
  return fileURLToPath(new URL(`../fixtures/${BINS[tool]}`, import.meta.url));
}

/** Writes the scenario into `dir`; set `env` in the environment mmm runs with. */
export function writeFakeAgent(tool: FakeTool, dir: string, turns: FakeAgentTurn[]) {
  const scenarioPath = join(dir, `fake-${tool}.scenario.json`);
  writeFileSync(scenarioPath, JSON.stringify({ turns }));
  const callsPath = `${scenarioPath}.calls.jsonl`;
  return {
    env: {
      [`MMM_${tool.toUpperCase()}_BIN`]: fakeAgentBin(tool),
      [`MMM_FAKE_${tool.toUpperCase()}_SCENARIO`]: scenarioPath,
    } as Record<string, string>,
    calls: (): FakeAgentCall[] =>
      existsSync(callsPath)
        ? readFileSync(callsPath, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as FakeAgentCall)
        : [],
  };
}
