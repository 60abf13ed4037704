// `mmm init --agent <tool>`: the commands also where another agent CLI reads a project's custom
// commands, checked as files and, for Gemini CLI, by the REAL CLI expanding one (offline, against
// the scripted Gemini API server).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toGeminiToml, toOpenCodeMarkdown } from '../../../src/actions/init/agent-commands.js';
import { getAgentAdapter } from '../../../src/agents/index.js';
import { exec } from '../../../src/infra/exec.js';
import {
  geminiModel,
  realGeminiEnv,
  startGeminiServer,
  type GeminiServer,
} from '../../helpers/gemini-server.js';
import { makeFixtureRepo, runInit as init } from '../../helpers/init-project.js';
import type { TempRepo } from '../../helpers/repo.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function repo(): TempRepo {
  const r = makeFixtureRepo('node-basic');
  cleanups.push(r.cleanup);
  return r;
}

const commandsIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('mmm init --agent', () => {
  it('writes every command for Gemini CLI and OpenCode too, and says why none for codex', async () => {
    const r = repo();
    const done = await init(r.dir, '--agent', 'gemini,opencode', '--agent', 'codex');
    expect(done.code).toBe(0);
    const claude = commandsIn(join(r.dir, '.claude', 'commands'));
    expect(claude.length).toBeGreaterThan(10);
    expect(commandsIn(join(r.dir, '.gemini', 'commands'))).toEqual(
      claude.map((f) => f.replace(/\.md$/, '.toml')),
    );
    expect(commandsIn(join(r.dir, '.opencode', 'commands'))).toEqual(claude);
    expect(done.stdout).toContain('installed  .gemini/commands/mmm-fix-test.toml');
    expect(done.stdout).toContain('installed  .opencode/commands/mmm-fix-test.md');
    expect(done.stdout).toMatch(/^codex: reads custom prompts only from ~\/\.codex\/prompts/m);
    expect(done.stdout).toContain('git add .claude/commands .gemini/commands .opencode/commands');
    expect(existsSync(join(r.dir, '.codex'))).toBe(false);

    const opencode = readFileSync(join(r.dir, '.opencode/commands/mmm-fix-test.md'), 'utf8');
    expect(opencode).toMatch(/^---\ndescription: "Make failing tests or checks pass[^"]*"\n---\n/);
    expect(opencode).toContain('Failure: $ARGUMENTS');
    expect(opencode).not.toContain('allowed-tools');

    // Run again: nothing changes.
    const again = await init(r.dir, '--agent', 'gemini,opencode');
    expect(again.stdout).toContain('Nothing to do');
  });

  it('refuses an unknown tool with exit 2, listing the known ones, and writes nothing', async () => {
    const r = repo();
    const refused = await init(r.dir, '--agent', 'gemini,vim');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--agent: unknown agent tool vim');
    expect(refused.stderr).toMatch(/known agent tools: .*claude.*gemini.*opencode/);
    expect(existsSync(join(r.dir, '.claude'))).toBe(false);
    expect(existsSync(join(r.dir, '.gemini'))).toBe(false);
  });

  it('says claude reads .claude/commands itself', async () => {
    const done = await init(repo().dir, '--agent', 'claude');
    expect(done.stdout).toContain('claude: reads .claude/commands itself');
  });
});

describe('the command file formats', () => {
  const md =
    '---\ndescription: "Say \\"hi\\""\nargument-hint: "<who>"\n---\n\nHello $ARGUMENTS \\d\n';
  it("writes Gemini's TOML: description, the prompt as a literal string, {{args}}", () =>
    expect(toGeminiToml(md)).toBe(
      `description = "Say \\"hi\\""\nprompt = '''\n\nHello {{args}} \\d\n'''\n`,
    ));
  it("falls back to a basic string when the prompt holds '''", () =>
    expect(toGeminiToml("x ''' y")).toBe(`prompt = "x ''' y"\n`));
  it("writes OpenCode's Markdown with the description only", () =>
    expect(toOpenCodeMarkdown(md)).toBe(
      '---\ndescription: "Say \\"hi\\""\n---\n\nHello $ARGUMENTS \\d\n',
    ));
});

describe('an installed command under the real Gemini CLI', () => {
  it('expands /mmm-fix-test with its arguments from .gemini/commands', async () => {
    const r = repo();
    expect((await init(r.dir, '--agent', 'gemini')).code).toBe(0);
    const server: GeminiServer = await startGeminiServer(() => 'looked');
    const home = mkdtempSync(join(tmpdir(), 'mmm-gemini-home-'));
    cleanups.push(async () => {
      await server.close();
      rmSync(home, { recursive: true, force: true });
    });
    // The prompt reaches the CLI as typed (no mmm expansion here): the CLI reads the TOML file.
    const result = await getAgentAdapter('gemini').run(
      {
        prompt: '/mmm-fix-test not ok 1 - add sums two numbers',
        cwd: r.dir,
        model: geminiModel,
        timeoutMs: 90_000,
        onOutput: () => {},
      },
      { exec, env: { ...process.env, ...realGeminiEnv(server, home) } },
    );
    expect(result.error).toBeUndefined();
    const told = server.requests[0]?.text ?? '';
    expect(told).toContain('# Fix failing tests');
    expect(told).toContain('Failure: not ok 1 - add sums two numbers');
  }, 120_000);
});
