// `mmm agents` through the built bin: what is installed and logged in, asked of each CLI, with
// nothing spent: the scripted fake, the real Claude Code CLI, and none at all.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { knownAgentTools } from '../../src/agents/index.js';
import { startMmm } from '../helpers/bin.js';
import { writeFakeAgent } from '../helpers/fake-agent-cli.js';
import { writeScenario } from '../helpers/fake-claude.js';
import { realGeminiBin } from '../helpers/gemini-server.js';
import { realClaudeBin } from '../helpers/model-server.js';
import { realOpencodeBin } from '../helpers/opencode-env.js';
import { realCodexBin } from '../helpers/responses-server.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
function dir(): string {
  const made = mkdtempSync(join(tmpdir(), 'mmm-agents-'));
  cleanups.push(() => rmSync(made, { recursive: true, force: true }));
  return made;
}
/**
 * Each test asks of the CLIs it names (MMM_<TOOL>_BIN); every other one is absent, so that the
 * real CLIs on the PATH of `npm test` (node_modules/.bin) are not started by every test.
 */
const absent = Object.fromEntries(
  knownAgentTools().map((tool) => [`MMM_${tool.toUpperCase()}_BIN`, '/nonexistent/mmm-test-bin']),
);
const agents = (env: Record<string, string>) =>
  startMmm(['agents', '--json'], dir(), { ...absent, ...env }).done;
/** The line of `mmm agents --json` for one tool (claude unless named). */
const parsed = (stdout: string, tool = 'claude') =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((r) => r.tool === tool) ?? {};

describe('mmm agents', () => {
  it('says the claude CLI is installed, its version, and whether it is logged in; no call is made', async () => {
    const fake = writeScenario(dir(), []);
    const yes = await agents(fake.env);
    expect(yes.status).toBe(0);
    expect(parsed(yes.stdout)).toMatchObject({
      tool: 'claude',
      installed: true,
      version: '2.1.197',
      loggedIn: true,
      detail: 'api_key from ANTHROPIC_API_KEY',
    });
    const no = await agents({ ...fake.env, MMM_FAKE_CLAUDE_LOGGED_IN: '0' });
    expect(parsed(no.stdout)).toMatchObject({ loggedIn: false, detail: 'none' });
    expect(fake.calls()).toEqual([]);
  });

  it('asks the real Claude Code CLI, which has no credentials in an empty home', async () => {
    const home = dir();
    const env = { MMM_CLAUDE_BIN: realClaudeBin, HOME: home, CLAUDE_CONFIG_DIR: join(home, 'c') };
    const none = await agents({ ...env, ANTHROPIC_API_KEY: '' });
    expect(parsed(none.stdout)).toMatchObject({ installed: true, loggedIn: false });
    const keyed = await agents({ ...env, ANTHROPIC_API_KEY: 'sk-ant-mmm-test-dummy' });
    expect(parsed(keyed.stdout)).toMatchObject({
      loggedIn: true,
      detail: 'api_key from ANTHROPIC_API_KEY',
    });
  });

  it('asks nothing of the real Gemini CLI: its version, and the key in its environment', async () => {
    const env = { MMM_GEMINI_BIN: realGeminiBin, HOME: dir(), GEMINI_CLI_HOME: dir() };
    const none = await agents({ ...env, GEMINI_API_KEY: '' });
    expect(parsed(none.stdout, 'gemini')).toMatchObject({
      installed: true,
      version: '0.61.0',
      loggedIn: false,
    });
    const keyed = await agents({ ...env, GEMINI_API_KEY: 'mmm-test-dummy-key' });
    expect(parsed(keyed.stdout, 'gemini')).toMatchObject({
      loggedIn: true,
      detail: 'api key from GEMINI_API_KEY',
    });
  });

  it('asks the real opencode CLI which credentials it has: none in an empty home, then a key in the environment', async () => {
    const home = dir();
    const env = {
      MMM_OPENCODE_BIN: realOpencodeBin,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CACHE_HOME: join(home, 'cache'),
      XDG_STATE_HOME: join(home, 'state'),
      OPENCODE_DISABLE_AUTOUPDATE: '1',
      OPENCODE_DISABLE_MODELS_FETCH: '1',
    };
    const none = await agents(env);
    expect(parsed(none.stdout, 'opencode')).toMatchObject({
      installed: true,
      version: '1.18.33',
      loggedIn: false,
    });
    const keyed = await agents({ ...env, ANTHROPIC_API_KEY: 'sk-ant-mmm-test-dummy' });
    expect(parsed(keyed.stdout, 'opencode')).toMatchObject({
      loggedIn: true,
      detail: 'Anthropic ANTHROPIC_API_KEY',
    });
  });

  it('says plainly when the CLI is not installed, with exit 0', async () => {
    const missing = await agents({ MMM_CLAUDE_BIN: join(dir(), 'nowhere', 'claude') });
    expect(missing.status).toBe(0);
    expect(parsed(missing.stdout)).toMatchObject({ installed: false, bin: null, loggedIn: null });
    expect(String(parsed(missing.stdout).detail)).toContain('MMM_CLAUDE_BIN points at');
    const table = await startMmm(['agents'], dir(), { MMM_CLAUDE_BIN: '/nowhere/claude' }).done;
    expect(table.stdout).toMatch(
      /^AGENT +INSTALLED +VERSION +LOGGED IN +DETAIL\nclaude +no +- +- +cannot run/,
    );
  });

  it('lists amp, cursor and copilot: installed, their versions, and what their credentials say', async () => {
    const home = dir();
    const env = {
      HOME: home,
      XDG_DATA_HOME: join(home, 'data'),
      ...writeFakeAgent('amp', dir(), []).env,
      ...writeFakeAgent('cursor', dir(), []).env,
      ...writeFakeAgent('copilot', dir(), []).env,
      AMP_API_KEY: '',
      CURSOR_API_KEY: '',
      COPILOT_GITHUB_TOKEN: '',
      GH_TOKEN: '',
      GITHUB_TOKEN: '',
      COPILOT_PROVIDER_BASE_URL: '',
    };
    const none = await agents({ ...env, MMM_FAKE_CURSOR_LOGGED_IN: '0' });
    expect(none.status).toBe(0);
    expect(parsed(none.stdout, 'amp')).toMatchObject({
      installed: true,
      version: '0.0.1790142911-g7618fb',
      loggedIn: false,
    });
    expect(parsed(none.stdout, 'cursor')).toMatchObject({
      installed: true,
      version: '2026.09.15-d2fe57e',
      loggedIn: false,
    });
    expect(parsed(none.stdout, 'copilot')).toMatchObject({
      installed: true,
      version: '1.0.102',
      loggedIn: null,
    });
    const keyed = await agents({ ...env, AMP_API_KEY: 'k', GH_TOKEN: 't' });
    expect(parsed(keyed.stdout, 'amp')).toMatchObject({
      loggedIn: true,
      detail: 'api key from AMP_API_KEY',
    });
    expect(parsed(keyed.stdout, 'cursor')).toMatchObject({ loggedIn: true });
    expect(parsed(keyed.stdout, 'copilot')).toMatchObject({
      loggedIn: true,
      detail: 'token from GH_TOKEN',
    });
  });

  it('asks the real Codex CLI: CODEX_API_KEY, else `codex login status`', async () => {
    const home = dir();
    const env = { MMM_CODEX_BIN: realCodexBin, HOME: home, CODEX_HOME: join(home, '.codex') };
    mkdirSync(env.CODEX_HOME);
    const none = await agents({ ...env, CODEX_API_KEY: '' });
    expect(parsed(none.stdout, 'codex')).toMatchObject({
      installed: true,
      version: '0.171.0',
      loggedIn: false,
      detail: 'none',
    });
    const keyed = await agents({ ...env, CODEX_API_KEY: 'sk-mmm-test-dummy' });
    expect(parsed(keyed.stdout, 'codex')).toMatchObject({
      loggedIn: true,
      detail: 'api key from CODEX_API_KEY',
    });
  });
});
