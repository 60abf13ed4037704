// Conformance: the REAL Claude Code CLI, driven through mmm's adapter, against a scripted model
// server on 127.0.0.1. Proves the flags mmm passes, slash-command expansion, tool execution and
// the result fields mmm records, without network or credentials.
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAgentAdapter } from '../../src/agents/index.js';
import type { AgentRequest } from '../../src/agents/types.js';
import { exec } from '../../src/infra/exec.js';
import {
  pricedModel,
  realClaudeBin,
  realClaudeEnv,
  startModelServer,
  toolThenText,
  type ModelScript,
  type ModelServer,
} from '../helpers/model-server.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const COMMAND = `---
description: Write a greeting file
argument-hint: <name>
---
Create the file greeting.txt saying hello to $ARGUMENTS.
`;
const EXPANDED = 'Create the file greeting.txt saying hello to Ada Lovelace.';

const claude = getAgentAdapter('claude');
let repo: TempRepo;
let server: ModelServer | undefined;
let home: string;

beforeEach(() => {
  repo = makeTempRepo({ 'README.md': '# demo\n', '.claude/commands/mmm-hello.md': COMMAND });
  home = mkdtempSync(join(tmpdir(), 'mmm-claude-home-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  repo.cleanup();
});

async function runReal(script: ModelScript, request: Partial<AgentRequest> = {}) {
  server = await startModelServer(script);
  const env = { ...process.env, ...realClaudeEnv(server, home) };
  delete env.IS_SANDBOX;
  return claude.run(
    {
      prompt: '/mmm-hello Ada Lovelace',
      cwd: repo.dir,
      model: pricedModel,
      timeoutMs: 45_000,
      ...request,
    },
    { exec, env },
  );
}

const writeGreeting = toolThenText(
  (request) => ({
    name: 'Write',
    input: {
      file_path: join(request.cwd ?? 'cwd-not-found', 'greeting.txt'),
      content: request.text.includes(EXPANDED)
        ? 'Hello, Ada Lovelace!\n'
        : 'command not expanded\n',
    },
  }),
  'Wrote greeting.txt',
);

describe('the real claude CLI through the adapter', () => {
  it('reports its version in preflight', async () => {
    const info = await claude.preflight({
      exec,
      env: { ...process.env, MMM_CLAUDE_BIN: realClaudeBin, HOME: home },
      cwd: repo.dir,
    });
    expect(info.version).toBe('2.1.197');
  });

  it('expands the slash command, writes the file with its Write tool and reports cost', async () => {
    const result = await runReal(writeGreeting, {
      permissionMode: 'acceptEdits',
      allowedTools: ['Write'],
    });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ ok: true, text: 'Wrote greeting.txt', exitCode: 0 });
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.models).toContain(pricedModel);
    expect(result.usage?.outputTokens).toBeGreaterThan(0);

    const calls = server!.messages();
    expect(calls[0]?.text).toContain(EXPANDED);
    expect(calls[0]?.cwd).toBe(realpathSync(repo.dir));
    expect(calls[0]?.body.model).toBe(pricedModel);
    expect(calls.at(-1)?.toolResults[0]?.isError).toBe(false);
    expect(readFileSync(join(repo.dir, 'greeting.txt'), 'utf8')).toBe('Hello, Ada Lovelace!\n');
    expect(server!.blockedConnects).toEqual([]);
  });

  it('reads the stream of events: the same tool called 3 times in a row is reported, the result kept', async () => {
    const readme = join(repo.dir, 'README.md');
    const shown: string[] = [];
    // One Read of README.md per round, three rounds (each adds a tool_use and its result), then text.
    const result = await runReal(
      (request) =>
        request.body.messages.length < 6
          ? { content: [{ type: 'tool_use', name: 'Read', input: { file_path: readme } }] }
          : 'Read it three times.',
      {
        permissionMode: 'acceptEdits',
        allowedTools: ['Read'],
        onOutput: (chunk) => shown.push(chunk),
      },
    );
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('Read it three times.');
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.repeatedToolCalls).toEqual([
      { tool: 'Read', input: JSON.stringify({ file_path: readme }), times: 3 },
    ]);
    expect(shown.join('')).toContain(`[Read] {"file_path":"${readme}"}`);
    expect(shown.join('')).not.toContain('"type":"result"');
  });

  it('records the denial when the permission mode does not allow the edit', async () => {
    const result = await runReal(writeGreeting, { permissionMode: 'default' });
    expect(result.ok).toBe(true);
    expect(result.permissionDenials).toHaveLength(1);
    expect(server!.messages().at(-1)?.toolResults[0]?.isError).toBe(true);
  });

  it('fails with the API error the CLI reported', async () => {
    const result = await runReal(() => ({
      status: 400,
      error: { type: 'invalid_request_error', message: 'scripted refusal for mmm' },
    }));
    expect(result.ok).toBe(false);
    expect(result.error).toContain('scripted refusal for mmm');
  });

  it('sends a prompt that starts with a dash as the prompt, not as an option', async () => {
    const result = await runReal(() => 'fine', { prompt: '--help is not an option here' });
    expect(result.ok).toBe(true);
    expect(server!.messages()[0]?.text).toContain('--help is not an option here');
  });

  it('takes a 1 MB prompt whole, on standard input (far past the 128 KiB argument limit)', async () => {
    // Lines of text, as a prompt that interpolates big step outputs would be.
    const line = `${'build log line with some words in it '.repeat(3)}\n`;
    const body = line.repeat(Math.ceil((1024 * 1024) / line.length));
    const prompt = `Summarise this log.\n${body}END-OF-PROMPT-7f3a`;
    const result = await runReal(() => 'summarised', { prompt });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ ok: true, text: 'summarised' });
    const told = server!.messages()[0]?.text ?? '';
    // Whole, to the marker at its very end.
    expect(told).toContain(prompt);
    expect(prompt.length).toBeGreaterThan(1024 * 1024);
  });

  it('reports a budget stop when the call passes the --max-budget-usd it was given', async () => {
    const result = await runReal(writeGreeting, {
      permissionMode: 'acceptEdits',
      allowedTools: ['Write'],
      maxBudgetUsd: 0.000001,
    });
    expect(result.ok).toBe(false);
    expect(result.budgetReached).toBe(true);
    expect(result.error).toMatch(/--max-budget-usd/);
  });

  it.runIf(process.getuid?.() === 0)(
    'explains that bypassPermissions is refused as root',
    async () => {
      const result = await runReal(writeGreeting, { permissionMode: 'bypassPermissions' });
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/as root.*permission_mode: acceptEdits.*IS_SANDBOX=1/);
    },
  );
});
