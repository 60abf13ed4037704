import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAgentAdapter } from '../../../src/agents/index.js';
import { ExitCode, PreconditionError, UsageError } from '../../../src/errors.js';
import { exec } from '../../../src/infra/exec.js';
import { fakeClaudeBin, writeScenario, type FakeTurn } from '../../helpers/fake-claude.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';

const claude = getAgentAdapter('claude');
let repo: TempRepo;
let scratch: string;

beforeEach(() => {
  repo = makeTempRepo();
  scratch = mkdtempSync(join(tmpdir(), 'mmm-fake-'));
});
afterEach(() => repo.cleanup());

function setup(turns: FakeTurn[]) {
  const fake = writeScenario(scratch, turns);
  const env = { ...process.env, ...fake.env };
  const run = (prompt: string, extra: Partial<Parameters<typeof claude.run>[0]> = {}) =>
    claude.run({ prompt, cwd: repo.dir, ...extra }, { exec, env });
  return { fake, env, run };
}

describe('claude adapter run (against the scripted fake)', () => {
  it('returns the text, cost, usage and session of a success', async () => {
    const { run } = setup([{ result: 'all done', cost: 0.25, sessionId: 'abc', numTurns: 4 }]);
    const r = await run('/mmm-lint');
    expect(r).toMatchObject({
      ok: true,
      text: 'all done',
      costUsd: 0.25,
      sessionId: 'abc',
      numTurns: 4,
    });
    expect(r.usage?.inputTokens).toBe(100);
  });

  it('sends the prompt and the settings as flags', async () => {
    const { run, fake } = setup([{}]);
    await run('-starts with a dash', {
      model: 'opus',
      permissionMode: 'acceptEdits',
      allowedTools: ['Bash(npm test *)', 'Write'],
      maxTurns: 3,
      env: { MMM_STEP: 'review' },
    });
    const [call] = fake.calls();
    expect(call).toMatchObject({
      prompt: '-starts with a dash',
      promptVia: 'stdin',
      cwd: repo.dir,
      flags: {
        '-p': true,
        '--output-format': 'stream-json',
        '--verbose': true,
        '--model': 'opus',
        '--permission-mode': 'acceptEdits',
        '--allowedTools': ['Bash(npm test *)', 'Write'],
        '--max-turns': '3',
      },
      env: { MMM_STEP: 'review' },
    });
  });

  it('leaves the files the agent wrote and the commits it made', async () => {
    const { run } = setup([
      { write: { 'a.txt': 'one\n' }, commit: 'agent: add a' },
      { write: { 'b.txt': 'two\n' } },
    ]);
    expect((await run('first')).ok).toBe(true);
    expect(repo.git('log', '-1', '--format=%s')).toBe('agent: add a');
    expect((await run('second')).ok).toBe(true);
    expect(readFileSync(join(repo.dir, 'b.txt'), 'utf8')).toBe('two\n');
    expect(repo.git('status', '--porcelain')).toBe('?? b.txt');
  });

  it("fails with the agent's own message", async () => {
    const { run } = setup([{ error: 'Not logged in · Please run /login' }]);
    const r = await run('x');
    expect(r).toMatchObject({ ok: false, error: 'Not logged in · Please run /login', exitCode: 1 });
  });

  it('stops a hanging agent at the timeout and says so', async () => {
    const { run } = setup([{ sleepMs: 30_000 }]);
    const r = await run('x', { timeoutMs: 500 });
    expect(r).toMatchObject({ ok: false, timedOut: true });
    expect(r.error).toMatch(/timed out after 500ms/);
  });

  it('reports an interrupted call', async () => {
    const { run } = setup([{ sleepMs: 30_000 }]);
    const controller = new AbortController();
    const pending = run('x', { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    expect(await pending).toMatchObject({
      ok: false,
      aborted: true,
      error: 'claude was interrupted',
    });
  });

  it('fails clearly on output that is not JSON', async () => {
    const { run } = setup([
      { stdout: 'Segmentation fault?\n', stderr: 'warning: low memory\n', exitCode: 2 },
    ]);
    const r = await run('x');
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/code 2 without a result object.*low memory.*Segmentation fault/);
  });

  it('fails when the prompt is not what the scenario expected', async () => {
    const { run } = setup([{ match: '^/mmm-code-review' }]);
    expect((await run('/mmm-lint')).error).toMatch(/expected a prompt matching/);
  });

  it('answers success with no changes once the scenario is used up', async () => {
    const { run, fake } = setup([]);
    expect((await run('anything')).ok).toBe(true);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(fake.calls()[0]?.turn).toBeNull();
  });

  it('gives each of several parallel calls its own turn', async () => {
    const turns = Array.from({ length: 6 }, (_, i) => ({ write: { [`f${i}.txt`]: `${i}` } }));
    const { run, fake } = setup(turns);
    await Promise.all(turns.map((_, i) => run(`call ${i}`)));
    expect(
      fake
        .calls()
        .map((c) => c.turn)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('picks a turn by prompt when it has select', async () => {
    const { run } = setup([{ result: 'first' }, { select: 'review', result: 'reviewed' }]);
    expect((await run('/mmm-code-review')).text).toBe('reviewed');
    expect((await run('/mmm-lint')).text).toBe('first');
  });
});

describe('claude adapter preflight', () => {
  const deps = (env: NodeJS.ProcessEnv) => ({ exec, env, cwd: repo.dir });

  it('finds claude through MMM_CLAUDE_BIN and reads its version', async () => {
    const info = await claude.preflight(deps({ ...process.env, MMM_CLAUDE_BIN: fakeClaudeBin }));
    expect(info).toEqual({ bin: fakeClaudeBin, version: '2.1.197' });
  });

  it('finds claude on PATH', async () => {
    const { env } = setup([]);
    const info = await claude.preflight(deps({ ...process.env, PATH: env.PATH }));
    expect(info.bin).toBe(fakeClaudeBin);
  });

  it('runs a .mjs agent script through node', async () => {
    const script = join(scratch, 'agent.mjs');
    writeFileSync(script, "console.log('9.9.9 (Claude Code)')\n");
    expect((await claude.preflight(deps({ MMM_CLAUDE_BIN: script }))).version).toBe('9.9.9');
  });

  it('says how to install claude when it is missing (exit 3)', async () => {
    const error = await claude.preflight(deps({ PATH: scratch })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionError);
    expect((error as PreconditionError).exitCode).toBe(ExitCode.precondition);
    expect((error as PreconditionError).hint).toMatch(
      /npm install -g @anthropic-ai\/claude-code.*MMM_CLAUDE_BIN/,
    );
  });

  it('names a wrong MMM_CLAUDE_BIN', async () => {
    const error = await claude
      .preflight(deps({ MMM_CLAUDE_BIN: '/nope/claude' }))
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/MMM_CLAUDE_BIN points at \/nope\/claude/);
  });
});

describe('getAgentAdapter', () => {
  it('lists the known tools for an unknown one', () => {
    expect(() => getAgentAdapter('no-such-agent')).toThrow(UsageError);
    expect(() => getAgentAdapter('no-such-agent')).toThrow(
      /unknown agent tool "no-such-agent"; known tools: claude\b/,
    );
  });
});
