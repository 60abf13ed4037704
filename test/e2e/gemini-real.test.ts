// Conformance: the REAL Gemini CLI, driven through mmm's adapter and through `mmm cook`, against
// a scripted Gemini API server on 127.0.0.1. Proves the flags mmm passes, the prompt on stdin
// (1 MB), tool execution, the tokens recorded, and the CLI's words without credentials or quota.
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAgentAdapter } from '../../src/agents/index.js';
import type { AgentRequest } from '../../src/agents/types.js';
import { exec } from '../../src/infra/exec.js';
import { startMmm } from '../helpers/bin.js';
import { writeScenario } from '../helpers/fake-claude.js';
import {
  callThenText,
  geminiModel,
  realGeminiBin,
  realGeminiEnv,
  startGeminiServer,
  type GeminiScript,
  type GeminiServer,
} from '../helpers/gemini-server.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const COMMAND = `---
description: Write a greeting file
---
Create the file greeting.txt saying hello to $ARGUMENTS.
`;
const EXPANDED = 'Create the file greeting.txt saying hello to Ada Lovelace.';

const gemini = getAgentAdapter('gemini');
let repo: TempRepo;
let server: GeminiServer | undefined;
let home: string;

beforeEach(() => {
  repo = makeTempRepo({ 'README.md': '# demo\n', '.claude/commands/mmm-hello.md': COMMAND });
  home = mkdtempSync(join(tmpdir(), 'mmm-gemini-home-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  repo.cleanup();
  rmSync(home, { recursive: true, force: true });
});

async function envFor(script: GeminiScript, key?: string) {
  server = await startGeminiServer(script);
  return realGeminiEnv(server, home, key);
}

async function runReal(script: GeminiScript, request: Partial<AgentRequest> = {}) {
  const env = { ...process.env, ...(await envFor(script)) };
  return gemini.run(
    {
      prompt: 'Write the greeting.',
      cwd: repo.dir,
      model: geminiModel,
      timeoutMs: 90_000,
      ...request,
    },
    { exec, env },
  );
}

const writeGreeting = callThenText(
  (request) => ({
    name: 'write_file',
    args: {
      file_path: join(realpathSync(repo.dir), 'greeting.txt'),
      content: request.text.includes(EXPANDED) ? 'Hello, Ada Lovelace!\n' : 'not expanded\n',
    },
  }),
  'Wrote greeting.txt',
);

describe('the real gemini CLI through the adapter', () => {
  it('reports its version in preflight', async () => {
    const info = await gemini.preflight({
      exec,
      env: { ...process.env, MMM_GEMINI_BIN: realGeminiBin, HOME: home },
      cwd: repo.dir,
    });
    expect(info.version).toBe('0.61.0');
  }, 60_000);

  it('writes the file with its write_file tool in auto_edit mode and reports tokens, no cost', async () => {
    const shown: string[] = [];
    const conversationId = '5f0c7a52-2f57-4d0e-9d8e-6a1f3b2c4d5e';
    const result = await runReal(writeGreeting, {
      prompt: EXPANDED,
      permissionMode: 'acceptEdits',
      conversationId,
      onOutput: (chunk) => shown.push(chunk),
    });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ ok: true, text: 'Wrote greeting.txt', exitCode: 0 });
    expect(result.sessionId).toBe(conversationId);
    expect(result.costUsd).toBeUndefined();
    expect(result.models).toEqual([geminiModel]);
    // Two requests of 100 prompt and 20 answer tokens each (the scripted usage).
    expect(result.usage).toEqual({
      inputTokens: 200,
      outputTokens: 40,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
    });
    expect(readFileSync(join(repo.dir, 'greeting.txt'), 'utf8')).toBe('Hello, Ada Lovelace!\n');
    expect(server!.requests[0]?.model).toBe(geminiModel);
    expect(server!.requests.at(-1)?.functionResponses[0]?.name).toBe('write_file');
    expect(shown.join('')).toContain('[write_file] {"file_path":');
    expect(server!.blockedConnects).toEqual([]);
  }, 120_000);

  it('records the refused write when the approval mode takes edit tools away', async () => {
    const result = await runReal(writeGreeting, { permissionMode: 'default' });
    expect(result.ok).toBe(true);
    expect(result.permissionDenials).toHaveLength(1);
    expect(() => readFileSync(join(repo.dir, 'greeting.txt'))).toThrow();
  }, 120_000);

  it('takes a 1 MB prompt whole, on standard input', async () => {
    const line = `${'build log line with some words in it '.repeat(3)}\n`;
    const body = line.repeat(Math.ceil((1024 * 1024) / line.length));
    const prompt = `Summarise this log.\n${body}END-OF-PROMPT-7f3a`;
    // The CLI echoes the prompt as its first event and exits with process.exit(), which drops
    // stdout still queued: a model that answered within milliseconds could cut the echo (and the
    // result after it). A real model takes longer than writing a megabyte; so does this one.
    const slowly: GeminiScript = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return 'summarised';
    };
    const result = await runReal(slowly, { prompt, onOutput: () => {} });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ ok: true, text: 'summarised' });
    expect(server!.requests[0]?.text).toContain(prompt);
    expect(prompt.length).toBeGreaterThan(1024 * 1024);
    // The CLI echoes the prompt as an event: it is not kept as the call's output.
    expect(result.raw.length).toBeLessThan(10_000);
  }, 120_000);

  it('sends a prompt that starts with a dash as the prompt, not as an option', async () => {
    const result = await runReal(() => 'fine', { prompt: '--help is not an option here' });
    expect(result.ok).toBe(true);
    expect(server!.requests[0]?.text).toContain('--help is not an option here');
  }, 120_000);

  it('fails with the API error the CLI reported', async () => {
    const result = await runReal(() => ({
      status: 400,
      error: { code: 400, message: 'scripted refusal for mmm', status: 'INVALID_ARGUMENT' },
    }));
    expect(result).toMatchObject({ ok: false, limit: undefined, unavailable: undefined });
    expect(result.error).toContain('scripted refusal for mmm');
  }, 120_000);

  it('reports a quota answer (429 RESOURCE_EXHAUSTED) as a rate limit', async () => {
    const result = await runReal(() => ({
      status: 429,
      error: { code: 429, message: 'Quota exceeded for requests', status: 'RESOURCE_EXHAUSTED' },
    }));
    expect(result).toMatchObject({ ok: false, limit: { kind: 'rate_limit' } });
    expect(result.error).toContain('Quota exceeded for requests');
  }, 120_000);
});

describe('mmm cook with agent tool gemini', () => {
  const playbook = [
    'name: greet',
    'agent:',
    '  tool: gemini',
    `  model: ${geminiModel}`,
    '  permission_mode: acceptEdits',
    'steps:',
    '  - claude: /mmm-hello Ada Lovelace',
    '    commit_required: true',
    '',
  ].join('\n');

  it('runs the step through the real CLI, commits its file and records the tokens', async () => {
    const env = await envFor(writeGreeting);
    repo.write('pb.yml', playbook);
    repo.git('add', '.');
    repo.git('commit', '-qm', 'playbook');
    const cooked = await startMmm(['cook', 'pb.yml', '--json'], repo.dir, env).done;
    expect(cooked.stderr).not.toContain('internal error');
    expect(cooked.status).toBe(0);
    // mmm wrote the slash command out: the model got the command's text.
    expect(server!.requests[0]?.text).toContain(EXPANDED);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD~1')).toBe('greeting.txt');
    expect(readFileSync(join(repo.dir, 'greeting.txt'), 'utf8')).toBe('Hello, Ada Lovelace!\n');

    const runId = repo.git('log', '-1', '--format=%(trailers:key=Mmm-Run,valueonly)', 'HEAD~1');
    const shown = await startMmm(['runs', 'show', '--json', runId], repo.dir, env).done;
    const run = JSON.parse(shown.stdout) as { agentCalls?: unknown; tokens?: unknown };
    expect(JSON.stringify(run)).toContain('"agent":"gemini"');
    expect(shown.stdout).toMatch(/"input(?:Tokens)?": ?200/);
    expect(shown.stdout).toMatch(/"output(?:Tokens)?": ?40/);
  }, 180_000);

  it('fails the step in the CLI words without credentials, and passes the call to a fallback as not logged in', async () => {
    const env = await envFor(writeGreeting, '');
    repo.write('pb.yml', playbook);
    repo.git('add', '.');
    repo.git('commit', '-qm', 'playbook');
    const cooked = await startMmm(['cook', 'pb.yml'], repo.dir, env).done;
    expect(cooked.status).toBe(1);
    expect(cooked.stderr + cooked.stdout).toMatch(
      /gemini is not logged in \(exit 41\): When using Gemini API, you must specify the GEMINI_API_KEY/,
    );
    expect(server!.requests).toEqual([]);

    // Not logged in is a reason to pass the call on: with a fallback agent, it makes the call.
    const fake = writeScenario(home, [{ write: { 'greeting.txt': 'from the fallback\n' } }]);
    repo.write(
      'pb.yml',
      playbook.replace(
        '  permission_mode: acceptEdits\n',
        '  permission_mode: acceptEdits\n  fallback: [{ tool: claude }]\n',
      ),
    );
    repo.git('commit', '-qam', 'fallback');
    const passed = await startMmm(['cook', 'pb.yml', '--json'], repo.dir, { ...env, ...fake.env })
      .done;
    expect(passed.status).toBe(0);
    const fallback = passed.stdout
      .split('\n')
      .filter((l) => l.includes('"agent.fallback"'))
      .map((l) => JSON.parse(l) as { from: string; to: string; reason: string; message: string });
    expect(fallback).toEqual([
      expect.objectContaining({
        from: `gemini:${geminiModel}`,
        reason: 'not logged in',
        message: expect.stringContaining('GEMINI_API_KEY') as unknown,
      }),
    ]);
    expect(fake.calls()).toHaveLength(1);
  }, 180_000);
});
