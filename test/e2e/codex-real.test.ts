// Conformance: the REAL Codex CLI, driven through mmm's adapter, against a scripted Responses API
// server on 127.0.0.1. Proves the flags mmm passes, the sandbox each permission mode maps to,
// tool execution, the tokens mmm records, and what mmm makes of the CLI's failures.
import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAgentAdapter } from '../../src/agents/index.js';
import type { AgentRequest } from '../../src/agents/types.js';
import { exec } from '../../src/infra/exec.js';
import {
  codexModel,
  commandThenText,
  realCodexBin,
  realCodexEnv,
  startResponsesServer,
  type ResponsesScript,
  type ResponsesServer,
} from '../helpers/responses-server.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const codex = getAgentAdapter('codex');
let repo: TempRepo;
let server: ResponsesServer | undefined;
let home: string;

beforeEach(() => {
  repo = makeTempRepo({ 'README.md': '# demo\n' });
  home = mkdtempSync(join(tmpdir(), 'mmm-codex-home-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  repo.cleanup();
});

async function runReal(
  script: ResponsesScript,
  request: Partial<AgentRequest> = {},
  options: Parameters<typeof realCodexEnv>[2] = {},
  extraEnv: Record<string, string> = {},
) {
  server = await startResponsesServer(script);
  const env = { ...process.env, ...realCodexEnv(server, home, options), ...extraEnv };
  return codex.run(
    { prompt: 'Write hello.txt', cwd: repo.dir, model: codexModel, timeoutMs: 60_000, ...request },
    { exec, env },
  );
}

const writeHello = commandThenText(
  () => "printf 'hello from codex\\n' > hello.txt",
  'Wrote hello.txt',
);

describe('the real codex CLI through the adapter', () => {
  it('reports its version in preflight', async () => {
    const info = await codex.preflight({
      exec,
      env: { ...process.env, MMM_CODEX_BIN: realCodexBin, HOME: home },
      cwd: repo.dir,
    });
    expect(info.version).toBe('0.171.0');
  });

  it('runs the command the model asked for in the workspace-write sandbox and reports its tokens', async () => {
    const result = await runReal(writeHello, {
      permissionMode: 'acceptEdits',
      appendSystemPrompt: 'MMM-EXTRA-INSTRUCTIONS',
    });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ ok: true, text: 'Wrote hello.txt', exitCode: 0 });
    expect(readFileSync(join(repo.dir, 'hello.txt'), 'utf8')).toBe('hello from codex\n');
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.models).toEqual([codexModel]);
    expect(result.costUsd).toBeUndefined();
    // Two requests of 1000 input tokens (200 cached) and 100 output tokens each.
    expect(result.usage).toEqual({
      inputTokens: 1600,
      outputTokens: 200,
      cacheReadInputTokens: 400,
      cacheCreationInputTokens: 0,
    });
    const asked = server!.requests();
    expect(asked[0]?.body.model).toBe(codexModel);
    expect(asked[0]?.cwd).toBe(realpathSync(repo.dir));
    expect(asked[0]?.text).toContain('Write hello.txt');
    expect(asked[0]?.text).toContain('MMM-EXTRA-INSTRUCTIONS');
    expect(asked[1]?.toolOutputs[0]).toContain('exited with code 0');
    expect(server!.other).toEqual([]);
  });

  it('keeps the tree as it was under permission_mode default (the read-only sandbox)', async () => {
    const result = await runReal(writeHello, { permissionMode: 'default' });
    expect(result.ok).toBe(true);
    expect(existsSync(join(repo.dir, 'hello.txt'))).toBe(false);
    expect(server!.requests()[1]?.toolOutputs[0]).toMatch(/Read-only file system/);
  });

  it('takes a 1 MB prompt whole, on standard input', async () => {
    // Lines of text, as a prompt that interpolates big step outputs would be: 1,000,000 characters.
    const line = `${'build log line with some words in it '.repeat(3)}\n`;
    const end = 'END-OF-PROMPT-7f3a';
    const body = line.repeat(Math.ceil(1_000_000 / line.length)).slice(0, 1_000_000 - end.length);
    const prompt = `${body}${end}`;
    const result = await runReal(() => 'summarised', { prompt });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ ok: true, text: 'summarised' });
    expect(server!.requests()[0]?.text).toContain(prompt);
    expect(prompt.length).toBe(1_000_000);
  });

  it('says so when a prompt passes the 1,048,576 characters the CLI takes', async () => {
    const result = await runReal(() => 'never asked', { prompt: 'x'.repeat(1_100_000) });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(
      /^codex exited with code 1; Error: .*Input exceeds the maximum length of 1048576 characters/,
    );
    expect(result.unavailable).toBeUndefined();
    expect(server!.requests()).toEqual([]);
  });

  it('sends a prompt that starts with a dash as the prompt, not as an option', async () => {
    const result = await runReal(() => 'fine', { prompt: '--help is not an option here' });
    expect(result.ok).toBe(true);
    expect(server!.requests()[0]?.text).toContain('--help is not an option here');
  });

  it('without its key, fails at once as not logged in, in the CLI words', async () => {
    const result = await runReal(writeHello, {}, { key: false });
    expect(result.ok).toBe(false);
    expect(result.unavailable).toBe('not logged in');
    expect(result.error).toContain('Missing environment variable: `MMM_SCRIPTED_OPENAI_KEY`');
    expect(server!.requests()).toEqual([]);
  });

  it('a key the API refuses (401) is not logged in too', async () => {
    const result = await runReal(() => ({
      status: 401,
      error: {
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        message: 'Incorrect API key provided: sk-mmm.',
      },
    }));
    expect(result.ok).toBe(false);
    expect(result.unavailable).toBe('not logged in');
    expect(result.error).toContain('Incorrect API key provided');
  });

  it('reads a usage limit and the time it resets', async () => {
    const resetsAt = Math.floor(Date.now() / 1000) + 7200;
    const result = await runReal(() => ({
      status: 429,
      error: { type: 'usage_limit_reached', message: 'limit', resets_at: resetsAt },
    }));
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/You.ve hit your usage limit\. Try again at/);
    expect(result.limit?.kind).toBe('usage_limit');
    // The CLI prints the minute only.
    expect(Math.abs((result.limit?.resetsAt?.getTime() ?? 0) - resetsAt * 1000)).toBeLessThan(
      61_000,
    );
  });

  it('fails at once, as unavailable (no network), when nothing answers at its base URL', async () => {
    const started = Date.now();
    const result = await runReal(writeHello, {}, { baseUrl: 'http://127.0.0.1:9' });
    expect(result.ok).toBe(false);
    expect(result.unavailable).toBe('no network');
    expect(result.error).toBe('codex failed: Connection failed: error sending request');
    // Not the CLI's endless "Reconnecting... waiting for network".
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
