// The Amp, Cursor and Copilot adapters run in-process against each CLI's scripted stand-in
// (test/fixtures/<tool>/fake-*.mjs, printing what the real CLI prints): the arguments each CLI is
// given, the prompt on standard input, the work and tokens of a call, and what each failure is
// taken for (not logged in, a limit that lifts, an error), as the engine and fallback act on it.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getAgentAdapter } from '../../../src/agents/index.js';
import type { AgentRequest } from '../../../src/agents/types.js';
import { exec } from '../../../src/infra/exec.js';
import { writeFakeAgent, type FakeAgentTurn, type FakeTool } from '../../helpers/fake-agent-cli.js';
import { makeTempRepo } from '../../helpers/repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-scripted-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An executable file of `text`, named `name`, in a directory of its own. */
function executable(text: string, name = 'cli.mjs'): string {
  const file = join(tmp(), name);
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return file;
}

/** A stand-in CLI that runs `body` with node, whatever it is asked. */
const nodeScript = (body: string) => executable(`#!/usr/bin/env node\n${body}\n`);

async function call(tool: FakeTool, turn: FakeAgentTurn, request: Partial<AgentRequest> = {}) {
  const repo = makeTempRepo({ 'README.md': '# scripted\n' });
  cleanups.push(repo.cleanup);
  const fake = writeFakeAgent(tool, tmp(), [turn]);
  const result = await getAgentAdapter(tool).run(
    { prompt: 'write a.txt', cwd: repo.dir, timeoutMs: 30_000, ...request },
    { exec, env: { ...process.env, ...fake.env } },
  );
  return { result, calls: fake.calls(), dir: repo.dir };
}

const work: FakeAgentTurn = {
  outcome: 'ok',
  write: { 'a.txt': 'hi\n' },
  result: 'Wrote a.txt',
  usage: { input: 10, output: 2, cacheRead: 3, cacheWrite: 4 },
  model: 'm1',
};

describe.each(['amp', 'cursor', 'copilot'] as const)('the %s adapter', (tool) => {
  it('does the work, gets the prompt whole on standard input, and ends ok', async () => {
    const prompt = `-starts with a dash\n${'x'.repeat(200_000)}`;
    const { result, calls, dir } = await call(tool, work, { prompt, model: 'm1' });
    expect(result).toMatchObject({ ok: true, text: 'Wrote a.txt', exitCode: 0, timedOut: false });
    expect(result.error).toBeUndefined();
    expect(result.unavailable).toBeUndefined();
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('hi\n');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.prompt).toBe(prompt);
    expect(calls[0]?.cwd).toBe(dir);
  });

  it('says "not logged in" when the CLI asks for a login', async () => {
    const { result } = await call(tool, { outcome: 'not-logged-in' });
    expect(result).toMatchObject({ ok: false, unavailable: 'not logged in', exitCode: 1 });
    expect(result.limit).toBeUndefined();
  });

  it.each([
    ['usage-limit', 'usage_limit'],
    ['rate-limit', 'rate_limit'],
  ] as const)('takes a %s for a limit that lifts by itself', async (outcome, kind) => {
    const { result } = await call(tool, { outcome });
    expect(result.ok).toBe(false);
    expect(result.limit?.kind).toBe(kind);
  });

  it('takes any other failure for an error, in the CLI words', async () => {
    const { result } = await call(tool, { outcome: 'error', message: 'disk on fire' });
    expect(result.ok).toBe(false);
    expect(result.limit).toBeUndefined();
    expect(result.unavailable).not.toBe('not logged in');
    expect(result.error).toContain('disk on fire');
  });

  it('finds the CLI given by its variable and reads its version', async () => {
    const fake = writeFakeAgent(tool, tmp(), []);
    const info = await getAgentAdapter(tool).preflight({
      exec,
      env: { ...process.env, ...fake.env },
      cwd: tmp(),
    });
    expect(info.bin).toBe(Object.values(fake.env)[0]);
    expect(info.version).toMatch(/\d/);
  });

  it('refuses to start when the CLI is nowhere, naming it and how to install it', async () => {
    const run = getAgentAdapter(tool).preflight({
      exec,
      env: { PATH: tmp(), HOME: tmp() },
      cwd: tmp(),
    });
    await expect(run).rejects.toThrow(`cannot run the ${tool} agent`);
  });
});

describe('what each adapter reports of a call', () => {
  it('amp: its tokens and conversation id, the model as its mode', async () => {
    const { result, calls } = await call('amp', work, { model: 'smart' });
    expect(result.usage).toEqual({
      inputTokens: 10,
      outputTokens: 2,
      cacheCreationInputTokens: 4,
      cacheReadInputTokens: 3,
    });
    expect(result.sessionId).toBe('T-00000000-0000-4000-8000-000000000001');
    expect(calls[0]?.argv).toEqual([
      '--stream-json',
      '--no-ide',
      '--no-notifications',
      '--no-color',
      '--mode',
      'smart',
      '--execute',
    ]);
  });

  it('amp: a usage limit keeps the words it was given', async () => {
    const { result } = await call('amp', { outcome: 'usage-limit' });
    expect(result.error).toBe(
      'amp failed (error_during_execution): Usage limit reached for your plan.',
    );
  });

  it('cursor: the model it ran, and the workspace trusted', async () => {
    const { result, calls } = await call('cursor', work, { model: 'm1' });
    expect(result.models).toEqual(['m1']);
    expect(result.sessionId).toBe('00000000-0000-4000-9000-000000000001');
    expect(calls[0]?.argv).toEqual([
      '--print',
      '--output-format',
      'stream-json',
      '--trust',
      '--model',
      'm1',
    ]);
  });

  it('copilot: tokens from its usage file, and the tools its permission mode allows', async () => {
    const { result, calls } = await call('copilot', work, {
      model: 'm1',
      permissionMode: 'acceptEdits',
    });
    expect(result.usage).toEqual({
      inputTokens: 10,
      outputTokens: 2,
      cacheCreationInputTokens: 4,
      cacheReadInputTokens: 3,
    });
    expect(result.models).toEqual(['m1']);
    const argv = calls[0]?.argv ?? [];
    expect(argv.slice(0, 8)).toEqual([
      '--output-format',
      'json',
      '--no-auto-update',
      '--no-ask-user',
      '--no-color',
      '--model',
      'm1',
      '--allow-tool=write',
    ]);
    // The usage file is mmm's own, gone once the call is over.
    expect(argv[8]).toBe('--usage-output-file');
    expect(argv[9]).toMatch(/usage\.json$/);
    expect(existsSync(argv[9] ?? '')).toBe(false);
  });

  it('copilot: a failure names the kind the CLI gave it', async () => {
    expect((await call('copilot', { outcome: 'usage-limit' })).result.error).toBe(
      'copilot failed (quota): scripted usage-limit',
    );
    expect((await call('copilot', { outcome: 'error' })).result.error).toBe(
      'copilot failed (query): scripted error',
    );
  });
});

describe('whether each CLI has credentials, asked without a model call', () => {
  it('amp: a key in the environment, a key amp login stored, or none', async () => {
    const amp = getAgentAdapter('amp');
    const home = tmp();
    const status = (env: NodeJS.ProcessEnv) => amp.authStatus({ exec, env, cwd: home });
    expect(await status({ AMP_API_KEY: 'k', HOME: home })).toEqual({
      loggedIn: true,
      detail: 'api key from AMP_API_KEY',
    });
    const stored = join(home, '.local/share/amp/secrets.json');
    expect(await status({ AMP_API_KEY: '  ', HOME: home })).toEqual({
      loggedIn: false,
      detail: `no AMP_API_KEY and no ${stored}`,
    });
    mkdirSync(join(home, '.local/share/amp'), { recursive: true });
    writeFileSync(stored, '{}');
    expect(await status({ HOME: home })).toEqual({
      loggedIn: true,
      detail: `key stored by amp login (${stored})`,
    });
    const data = tmp();
    expect(await status({ HOME: home, XDG_DATA_HOME: data })).toEqual({
      loggedIn: false,
      detail: `no AMP_API_KEY and no ${join(data, 'amp/secrets.json')}`,
    });
  });

  it('cursor: what cursor-agent status says', async () => {
    const fake = writeFakeAgent('cursor', tmp(), []);
    const status = await getAgentAdapter('cursor').authStatus({
      exec,
      env: { ...process.env, ...fake.env },
      cwd: tmp(),
    });
    expect(status).toEqual({
      loggedIn: true,
      detail: 'cursor-agent status: Logged in as dev@example.com',
    });
  });

  it('cursor: a key in the environment, or what cursor-agent status says, or that it said nothing readable', async () => {
    const cursor = getAgentAdapter('cursor');
    const status = (env: NodeJS.ProcessEnv) => cursor.authStatus({ exec, env, cwd: tmp() });
    expect(await status({ ...process.env, CURSOR_API_KEY: 'key' })).toEqual({
      loggedIn: true,
      detail: 'api key from CURSOR_API_KEY',
    });
    const says = (body: string) => ({
      ...process.env,
      CURSOR_API_KEY: ' ',
      MMM_CURSOR_BIN: nodeScript(body),
    });
    expect(await status(says("console.log('Not logged in'); process.exit(1);"))).toEqual({
      loggedIn: false,
      detail: 'cursor-agent status: not logged in',
    });
    expect(await status(says("console.error('Error: Authentication required');"))).toEqual({
      loggedIn: false,
      detail: 'cursor-agent status: not logged in',
    });
    expect(await status(says("console.log('Logged in as a@b.c'); process.exit(3);"))).toEqual({
      loggedIn: undefined,
      detail: 'cursor-agent status said nothing readable (exit 3)',
    });
    expect(await status(says("console.log('  \\nhello');"))).toEqual({
      loggedIn: undefined,
      detail: 'cursor-agent status said nothing readable (exit 0)',
    });
    expect(await status(says("console.log('  Logged in as x\\nplan: pro');"))).toEqual({
      loggedIn: true,
      detail: 'cursor-agent status: Logged in as x',
    });
  });

  it('cursor: each permission mode as its flags', async () => {
    const argv = async (permissionMode: string) =>
      (await call('cursor', work, { permissionMode })).calls[0]?.argv.slice(4);
    expect(await argv('plan')).toEqual(['--mode', 'plan']);
    expect(await argv('bypassPermissions')).toEqual(['--force']);
    expect(await argv('default')).toEqual([]);
  });

  it('copilot: a token in the environment, a model provider of its own, or unknown', async () => {
    const copilot = getAgentAdapter('copilot');
    const home = tmp();
    const status = (env: NodeJS.ProcessEnv) => copilot.authStatus({ exec, env, cwd: home });
    for (const name of ['COPILOT_GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN']) {
      expect(await status({ HOME: home, [name]: 'ghp_x' })).toEqual({
        loggedIn: true,
        detail: `token from ${name}`,
      });
    }
    expect(
      await status({ HOME: home, GH_TOKEN: ' ', COPILOT_PROVIDER_BASE_URL: 'http://127.0.0.1:1' }),
    ).toEqual({
      loggedIn: true,
      detail: 'own model provider (COPILOT_PROVIDER_BASE_URL)',
    });
    const unknown = await status({ HOME: home });
    expect(unknown.loggedIn).toBeUndefined();
    expect(unknown.detail).toBe(
      'no token in the environment; a /login kept by the CLI cannot be checked without a call',
    );
  });
});

describe('what the process itself did, laid over what the CLI printed', () => {
  const amp = getAgentAdapter('amp');
  const request = (cwd: string): AgentRequest => ({ prompt: 'p', cwd, timeoutMs: 30_000 });

  it('a CLI that does not answer in time is stopped: an error saying so, no limit, not unavailable', async () => {
    const bin = nodeScript(
      "console.log(JSON.stringify({type:'result',is_error:true,result:'429 rate limit'})); setTimeout(() => {}, 60_000);",
    );
    const cwd = tmp();
    const result = await amp.run(
      { ...request(cwd), timeoutMs: 1_000 },
      { exec, env: { ...process.env, MMM_AMP_BIN: bin } },
    );
    expect(result).toMatchObject({ ok: false, timedOut: true, aborted: false });
    expect(result.error).toBe(
      "amp timed out after 1s and was stopped (raise agent.timeout or the step's timeout)",
    );
    expect(result.limit).toBeUndefined();
    expect(result.unavailable).toBeUndefined();
  });

  it('a call interrupted by mmm says so', async () => {
    const bin = nodeScript('setTimeout(() => {}, 60_000);');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await amp.run(
      { ...request(tmp()), signal: controller.signal },
      { exec, env: { ...process.env, MMM_AMP_BIN: bin } },
    );
    expect(result).toMatchObject({ ok: false, aborted: true, error: 'amp was interrupted' });
    expect(result.unavailable).toBeUndefined();
  });

  it('a CLI that cannot start is unavailable, naming the file', async () => {
    const bin = executable('#!/nonexistent/interpreter\n', 'amp');
    const result = await amp.run(request(tmp()), {
      exec,
      env: { ...process.env, MMM_AMP_BIN: bin },
    });
    expect(result).toMatchObject({ ok: false, unavailable: 'could not start' });
    expect(result.error).toMatch(new RegExp(`^could not start amp \\(${bin}\\): `));
  });

  it('a variable that names no executable file is refused before anything runs', async () => {
    const missing = join(tmp(), 'no-such-amp');
    await expect(
      amp.run(request(tmp()), { exec, env: { ...process.env, MMM_AMP_BIN: ` ${missing} ` } }),
    ).rejects.toThrow(
      `cannot run the amp agent: MMM_AMP_BIN points at ${missing}, which is not an executable file`,
    );
  });

  it('a --version that fails is refused in preflight with what the CLI said', async () => {
    const bin = nodeScript("process.stderr.write('licence expired\\n'); process.exit(3);");
    await expect(
      amp.preflight({ exec, env: { ...process.env, MMM_AMP_BIN: bin }, cwd: tmp() }),
    ).rejects.toThrow(
      `cannot run the amp agent: \`${bin} --version\` failed (exit 3): licence expired`,
    );
    const quiet = nodeScript('process.exit(2);');
    await expect(
      amp.preflight({ exec, env: { ...process.env, MMM_AMP_BIN: quiet }, cwd: tmp() }),
    ).rejects.toThrow(`\`${quiet} --version\` failed (exit 2)`);
  });

  it('reads the first version number the CLI printed, or none', async () => {
    const versioned = nodeScript("console.log('amp CLI v2.10.3-beta.1 (built 1.2.3)');");
    const none = nodeScript("console.log('amp CLI, a dev build');");
    const env = (bin: string) => ({ exec, env: { ...process.env, MMM_AMP_BIN: bin }, cwd: tmp() });
    expect((await amp.preflight(env(versioned))).version).toBe('2.10.3-beta.1');
    expect((await amp.preflight(env(none))).version).toBeUndefined();
  });

  it('shows -v what the CLI does as it arrives, its events rendered as text and tool calls', async () => {
    const fake = writeFakeAgent('amp', tmp(), [work]);
    const repo = makeTempRepo({ 'README.md': '# x\n' });
    cleanups.push(repo.cleanup);
    const shown: string[] = [];
    await amp.run(
      { ...request(repo.dir), onOutput: (chunk, from) => shown.push(`${from}:${chunk}`) },
      { exec, env: { ...process.env, ...fake.env } },
    );
    const out = shown
      .filter((s) => s.startsWith('stdout:'))
      .map((s) => s.slice(7))
      .join('');
    expect(out).toContain('[create_file] {"path":"a.txt","content":"hi\\n"}\nWrote a.txt\n');
    expect(out).not.toContain('"type"');
  });
});
