// Conformance, when the real GitHub Copilot CLI is at hand (MMM_COPILOT_REAL_BIN, the `copilot`
// binary of npm @github/copilot): the CLI is pointed at the scripted Anthropic Messages server on
// 127.0.0.1 as a model provider of one's own (BYOK, offline), and run through `mmm cook` and the
// adapter. The CLI is not a dependency of mmm, so without the variable these tests are skipped.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getAgentAdapter } from '../../src/agents/index.js';
import { exec } from '../../src/infra/exec.js';
import { startMmm } from '../helpers/bin.js';
import { startModelServer, type ModelScript, type ModelServer } from '../helpers/model-server.js';
import { makeTempRepo } from '../helpers/repo.js';

const realBin = process.env.MMM_COPILOT_REAL_BIN;
const copilot = getAgentAdapter('copilot');
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(script: ModelScript): Promise<ModelServer> {
  const s = await startModelServer(script);
  cleanups.push(() => s.close());
  return s;
}

/** The real CLI against `s`, isolated in a temporary home, no GitHub credentials, offline. */
function realEnv(s: ModelServer | undefined): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'mmm-copilot-home-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  const provider: Record<string, string> = s
    ? {
        COPILOT_PROVIDER_BASE_URL: s.url,
        COPILOT_PROVIDER_TYPE: 'anthropic',
        COPILOT_PROVIDER_API_KEY: 'sk-ant-mmm-test-dummy',
        // A model the CLI has no catalog entry for takes the limits given here.
        COPILOT_MODEL: 'mmm-scripted-model',
        COPILOT_PROVIDER_MAX_PROMPT_TOKENS: '2000000',
        COPILOT_PROVIDER_MAX_OUTPUT_TOKENS: '1000',
        COPILOT_OFFLINE: 'true',
        HTTPS_PROXY: s.url,
        HTTP_PROXY: s.url,
      }
    : {
        COPILOT_PROVIDER_BASE_URL: '',
        HTTPS_PROXY: 'http://127.0.0.1:9',
        HTTP_PROXY: 'http://127.0.0.1:9',
      };
  return {
    MMM_COPILOT_BIN: realBin ?? '',
    HOME: home,
    COPILOT_HOME: join(home, '.copilot'),
    XDG_CONFIG_HOME: join(home, '.config'),
    COPILOT_AUTO_UPDATE: 'false',
    COPILOT_GITHUB_TOKEN: '',
    GH_TOKEN: '',
    GITHUB_TOKEN: '',
    NO_PROXY: '127.0.0.1,localhost',
    ...provider,
  };
}

/** The scripted model: create greeting.txt in `dir` with the CLI's `create` tool, then say so. */
const createGreeting =
  (dir: string): ModelScript =>
  (request) => {
    if (request.toolResults.length > 0) {
      return {
        content: [{ type: 'text', text: 'Wrote greeting.txt.' }],
        usage: { input_tokens: 1200, output_tokens: 30, cache_read_input_tokens: 500 },
      };
    }
    const path = join(dir, 'greeting.txt');
    return {
      content: [{ type: 'tool_use', name: 'create', input: { path, file_text: 'hello\n' } }],
      usage: { input_tokens: 1000, output_tokens: 20, cache_creation_input_tokens: 300 },
    };
  };

describe.runIf(realBin)('the real copilot CLI', () => {
  it('writes the file with its own tool; mmm cook commits it and records its tokens', async () => {
    const r = makeTempRepo({
      'README.md': '# copilot\n',
      'pb.yml':
        'name: real-copilot\nagent: {tool: copilot, permission_mode: acceptEdits}\nsteps:\n  - claude: write the greeting\n',
    });
    cleanups.push(r.cleanup);
    const s = await server(createGreeting(r.dir));
    const cooked = await startMmm(['cook', 'pb.yml', '--json'], r.dir, realEnv(s)).done;
    expect(cooked.stderr).not.toMatch(/internal error/i);
    expect(cooked.status).toBe(0);
    expect(readFileSync(join(r.dir, 'greeting.txt'), 'utf8')).toBe('hello\n');
    expect(r.git('show', '--stat', '--format=', 'HEAD~1')).toContain('greeting.txt');
    const call = cooked.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => e.type === 'agent.call');
    expect(call).toMatchObject({
      agent: 'copilot',
      ok: true,
      response: 'Wrote greeting.txt.',
      model: 'mmm-scripted-model',
      usage: {
        inputTokens: 2200,
        outputTokens: 50,
        cacheReadInputTokens: 500,
        cacheCreationInputTokens: 300,
      },
    });
    expect(s.messages()[0]?.text).toContain('write the greeting');
    expect(s.blockedConnects).toEqual([]);
  });

  it('takes a 1 MB prompt whole, on standard input', async () => {
    const s = await server(() => 'summarised');
    const line = 'a line of a long build log, as interpolated step output would be\n';
    const prompt = `Summarise this log.\n${line.repeat(Math.ceil((1024 * 1024) / line.length))}END-7f3a`;
    const dir = mkdtempSync(join(tmpdir(), 'mmm-copilot-cwd-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const result = await copilot.run(
      { prompt, cwd: dir, timeoutMs: 120_000 },
      { exec, env: { ...process.env, ...realEnv(s) } },
    );
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('summarised');
    expect(s.messages()[0]?.text).toContain(prompt);
  });

  it('without credentials: a clear failure in its words, exit 1, recorded as not logged in', async () => {
    const r = makeTempRepo({
      'README.md': '# copilot\n',
      'pb.yml': 'name: no-login\nagent: {tool: copilot}\nsteps:\n  - claude: write the greeting\n',
    });
    cleanups.push(r.cleanup);
    const env = realEnv(undefined);
    const cooked = await startMmm(['cook', 'pb.yml'], r.dir, env).done;
    expect(cooked.status).toBe(1);
    expect(cooked.stderr).toContain('No authentication information found');
    const result = await copilot.run(
      { prompt: 'hello', cwd: r.dir, timeoutMs: 60_000 },
      { exec, env: { ...process.env, ...env } },
    );
    expect(result).toMatchObject({ ok: false, unavailable: 'not logged in' });
  });
});
