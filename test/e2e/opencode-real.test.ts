// Conformance: the REAL OpenCode CLI (opencode-ai 1.18.33), driven through mmm's adapter and
// through `mmm cook`, against the scripted Anthropic Messages server on 127.0.0.1: its own write
// tool edits the repository, its events give the text, tokens and cost, its permission rules
// follow permission_mode, and nothing reaches another host.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAgentAdapter } from '../../src/agents/index.js';
import type { AgentRequest } from '../../src/agents/types.js';
import { exec } from '../../src/infra/exec.js';
import { startMmm } from '../helpers/bin.js';
import {
  startModelServer,
  toolThenText,
  type MessagesRequest,
  type ModelScript,
  type ModelServer,
} from '../helpers/model-server.js';
import { opencodeModel, realOpencodeBin, realOpencodeEnv } from '../helpers/opencode-env.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const opencode = getAgentAdapter('opencode');
const SLOW = 180_000;
let repo: TempRepo;
let server: ModelServer | undefined;
let home: string;

beforeEach(() => {
  repo = makeTempRepo({ 'README.md': '# demo\n' });
  home = mkdtempSync(join(tmpdir(), 'mmm-opencode-home-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  repo.cleanup();
  rmSync(home, { recursive: true, force: true });
});

/** The directory opencode says it works in, from its system prompt (`Working directory: …`). */
const cwdOf = (request: MessagesRequest) =>
  /Working directory: (.+?)(?:\\n|")/.exec(JSON.stringify(request.body.system ?? ''))?.[1];

/** The model asks opencode's write tool for greeting.txt where opencode works, then is done. */
const writeGreeting = toolThenText(
  (request) => ({
    name: 'write',
    input: { filePath: join(cwdOf(request) ?? 'no-cwd', 'greeting.txt'), content: 'Hello, Ada!\n' },
  }),
  'Wrote greeting.txt',
);

async function envFor(script: ModelScript): Promise<Record<string, string>> {
  server = await startModelServer(script);
  return realOpencodeEnv(server, home);
}

async function runReal(script: ModelScript, request: Partial<AgentRequest> = {}) {
  const env = { ...process.env, ...(await envFor(script)) };
  return opencode.run(
    {
      prompt: 'Write greeting.txt saying hello to Ada.',
      cwd: repo.dir,
      model: opencodeModel,
      conversationId: `c-${String(Date.now())}`,
      timeoutMs: 120_000,
      ...request,
    },
    { exec, env },
  );
}

/** Processes still running whose arguments hold `marker`. */
const running = (marker: string) =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(marker));

describe('the real opencode CLI through the adapter', () => {
  it('reports its version in preflight', async () => {
    const info = await opencode.preflight({
      exec,
      env: { ...process.env, MMM_OPENCODE_BIN: realOpencodeBin, HOME: home },
      cwd: repo.dir,
    });
    expect(info.version).toBe('1.18.33');
  });

  it(
    'writes the file with its write tool under acceptEdits, reports tokens and cost, and leaves no process behind',
    async () => {
      const conversationId = `mmm-oc-${String(process.pid)}-${String(Date.now())}`;
      const shown: string[] = [];
      const result = await runReal(writeGreeting, {
        permissionMode: 'acceptEdits',
        conversationId,
        onOutput: (chunk, stream) => {
          if (stream === 'stdout') shown.push(chunk);
        },
      });
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({ ok: true, text: 'Wrote greeting.txt', exitCode: 0 });
      expect(result.sessionId).toMatch(/^ses_/);
      expect(result.numTurns).toBe(2);
      // Two steps of 100 in / 20 out at the model's list price ($3 / $15 per million).
      expect(result.usage).toMatchObject({ inputTokens: 200, outputTokens: 40 });
      expect(result.costUsd).toBeCloseTo(0.0012, 6);
      expect(readFileSync(join(repo.dir, 'greeting.txt'), 'utf8')).toBe('Hello, Ada!\n');

      const calls = server!.messages();
      expect(cwdOf(calls[0]!)).toBe(repo.dir);
      expect(calls[0]?.text).toContain('Write greeting.txt saying hello to Ada.');
      expect(calls[0]?.body.model).toBe('claude-sonnet-4-5');
      // The title is given, so opencode makes no uncounted call to name the session.
      expect(calls.every((c) => c.hasTools)).toBe(true);
      expect(server!.blockedConnects).toEqual([]);
      expect(running(conversationId)).toEqual([]);
      // -v shows the tool call and the text, not the raw events.
      expect(shown.join('')).toContain(`[write] {"filePath":"${join(repo.dir, 'greeting.txt')}"`);
      expect(shown.join('')).toContain('Wrote greeting.txt\n');
      expect(shown.join('')).not.toContain('"type":"step_finish"');
    },
    SLOW,
  );

  it(
    'refuses the edit under permission_mode default, and records the denial',
    async () => {
      const result = await runReal(writeGreeting, { permissionMode: 'default' });
      expect(result.permissionDenials).toHaveLength(1);
      expect(existsSync(join(repo.dir, 'greeting.txt'))).toBe(false);
    },
    SLOW,
  );

  it(
    'runs plan mode as the plan agent, which may not edit',
    async () => {
      const result = await runReal(writeGreeting, { permissionMode: 'plan' });
      expect(result.ok).toBe(true);
      expect(result.permissionDenials).toHaveLength(1);
      expect(existsSync(join(repo.dir, 'greeting.txt'))).toBe(false);
    },
    SLOW,
  );

  it(
    'takes a 1 MB prompt whole, on standard input',
    async () => {
      const line = `${'build log line with some words in it '.repeat(3)}\n`;
      const body = line.repeat(Math.ceil((1024 * 1024) / line.length));
      const prompt = `Summarise this log.\n${body}END-OF-PROMPT-7f3a`;
      const result = await runReal(() => 'summarised', { prompt });
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({ ok: true, text: 'summarised' });
      expect(server!.messages()[0]?.text).toContain(prompt);
      expect(prompt.length).toBeGreaterThan(1024 * 1024);
    },
    SLOW,
  );

  it(
    'is stopped at its time limit with everything it started',
    async () => {
      const conversationId = `mmm-oc-slow-${String(process.pid)}-${String(Date.now())}`;
      // The model never answers in time.
      const result = await runReal(
        () => new Promise((resolve) => setTimeout(() => resolve('late'), 90_000)),
        {
          conversationId,
          timeoutMs: 20_000,
        },
      );
      expect(result).toMatchObject({ ok: false, timedOut: true, unavailable: undefined });
      expect(result.error).toMatch(/^opencode timed out after 20s/);
      expect(running(conversationId)).toEqual([]);
    },
    SLOW,
  );

  it(
    'fails with the API error the CLI reported',
    async () => {
      const result = await runReal(() => ({
        status: 400,
        error: { type: 'invalid_request_error', message: 'scripted refusal for mmm' },
      }));
      expect(result).toMatchObject({ ok: false, unavailable: undefined, limit: undefined });
      expect(result.error).toBe('opencode failed: APIError: scripted refusal for mmm (HTTP 400)');
    },
    SLOW,
  );
});

describe('mmm cook with tool: opencode', () => {
  const playbook = (extra: string[] = []) =>
    [
      'name: opencode-real',
      'agent:',
      '  tool: opencode',
      `  model: ${opencodeModel}`,
      '  permission_mode: acceptEdits',
      ...extra,
      'steps:',
      '  - claude: Write greeting.txt saying hello to Ada.',
      '',
    ].join('\n');

  it(
    'commits the file the agent wrote, and records its tokens and cost in the ledger',
    async () => {
      const env = await envFor(writeGreeting);
      repo.write('pb.yml', playbook());
      repo.git('add', 'pb.yml');
      repo.git('commit', '-m', 'playbook');
      const cooked = await startMmm(['cook', 'pb.yml', '--json'], repo.dir, env).done;
      expect(cooked.stderr).not.toContain('rror');
      expect(cooked.status).toBe(0);
      // The step's commit, under the run's provenance record.
      expect(repo.git('show', '--name-only', '--format=', 'HEAD~1')).toBe('greeting.txt');
      expect(repo.git('show', 'HEAD~1:greeting.txt')).toBe('Hello, Ada!');
      const runs = await startMmm(['runs', '--json'], repo.dir, env).done;
      const runId = (JSON.parse(runs.stdout.trim().split('\n')[0] ?? '{}') as { id: string }).id;
      const shown = await startMmm(['runs', 'show', runId, '--json'], repo.dir, env).done;
      const detail = JSON.parse(shown.stdout) as {
        run: { agentCalls: number; costUsd: number; tokens: { input: number; output: number } };
        conversations: { agent: string; sessionId: string }[];
      };
      // Two steps of 100 in / 20 out, priced by opencode at $3 / $15 per million.
      expect(detail.run).toMatchObject({ agentCalls: 1, tokens: { input: 200, output: 40 } });
      expect(detail.run.costUsd).toBeCloseTo(0.0012, 6);
      expect(detail.conversations[0]).toMatchObject({ agent: 'opencode' });
      expect(detail.conversations[0]?.sessionId).toMatch(/^ses_/);
      expect(server!.blockedConnects).toEqual([]);
    },
    SLOW,
  );

  it(
    'fails the step with opencode’s words when it has no API key, and falls back as for an agent not logged in',
    async () => {
      // Unset, not empty: opencode sends an empty key as a key.
      const { ANTHROPIC_API_KEY: _key, ...env } = await envFor(writeGreeting);
      repo.write(
        'pb.yml',
        playbook([`  fallback: [{ tool: opencode, model: anthropic/claude-haiku-4-5 }]`]),
      );
      repo.git('add', 'pb.yml');
      repo.git('commit', '-m', 'playbook');
      const head = repo.git('rev-parse', 'HEAD');
      const cooked = await startMmm(['cook', 'pb.yml', '--json'], repo.dir, env).done;
      expect(cooked.status).toBe(1);
      expect(cooked.stdout).toContain('Anthropic API key is missing');
      const events = cooked.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(events.find((e) => e.type === 'agent.fallback')).toMatchObject({
        from: `opencode:${opencodeModel}`,
        to: 'opencode:anthropic/claude-haiku-4-5',
        reason: 'not logged in',
      });
      expect(events.filter((e) => e.type === 'agent.call')).toHaveLength(2);
      expect(repo.git('rev-parse', 'HEAD')).toBe(head);
      expect(server!.messages()).toEqual([]);
    },
    SLOW,
  );
});
