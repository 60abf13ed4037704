// `mmm cook` with `agent: { tool: amp | cursor | copilot }`, through the built bin and each CLI's
// scripted stand-in (test/fixtures/<tool>/fake-*.mjs), which prints what the real CLI prints:
// the work is committed, the prompt arrives whole on standard input, tokens reach the ledger, and
// "not logged in" or a usage limit hands the same step to the next agent of agent.fallback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { writeFakeAgent, type FakeAgentTurn, type FakeTool } from '../helpers/fake-agent-cli.js';
import { writeScenario } from '../helpers/fake-claude.js';
import { makeTempRepo } from '../helpers/repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
function tmp(): string {
  const made = mkdtempSync(join(tmpdir(), 'mmm-more-agents-'));
  cleanups.push(() => rmSync(made, { recursive: true, force: true }));
  return made;
}
function repo(playbook: string) {
  const r = makeTempRepo({ 'README.md': '# agents\n', 'pb.yml': playbook });
  cleanups.push(r.cleanup);
  return r;
}
const fake = (tool: FakeTool, turns: FakeAgentTurn[]) => writeFakeAgent(tool, tmp(), turns);
const mmm = (args: string[], cwd: string, env: Record<string, string>) =>
  startMmm(args, cwd, env).done;
const events = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const playbook = (tool: string, command: string, agent = '') =>
  [
    `name: ${tool}-run`,
    `agent: {tool: ${tool}${agent}}`,
    'steps:',
    `  - claude: ${JSON.stringify(command)}`,
    '',
  ].join('\n');

/** The flags each tool is run with, before any setting of the playbook. */
const BASE_FLAGS: Record<FakeTool, string[]> = {
  amp: ['--stream-json', '--no-ide', '--no-notifications', '--no-color', '--execute'],
  cursor: ['--print', '--output-format', 'stream-json', '--trust'],
  copilot: ['--output-format', 'json', '--no-auto-update', '--no-ask-user', '--no-color'],
};

describe.each(['amp', 'cursor', 'copilot'] as const)('agent tool %s', (tool) => {
  it('commits what the agent wrote, the prompt sent on standard input, tokens in the ledger', async () => {
    const r = repo(playbook(tool, 'write the greeting'));
    const agent = fake(tool, [
      {
        write: { 'greeting.txt': 'hello\n' },
        result: 'Wrote greeting.txt.',
        usage: { input: 1200, output: 34, cacheRead: 500 },
      },
    ]);
    const cooked = await mmm(['cook', 'pb.yml', '--json'], r.dir, agent.env);
    expect(cooked.stderr).not.toMatch(/internal error/i);
    expect(cooked.status).toBe(0);
    expect(r.git('log', '-1', '--skip=1', '--format=%s')).toBe(
      `mmm(${tool}-run): claude: write the greeting`,
    );
    expect(r.git('show', '--stat', '--format=', 'HEAD~1')).toContain('greeting.txt');
    const [call] = agent.calls();
    expect(call?.prompt).toBe('write the greeting');
    expect(call?.argv.slice(0, BASE_FLAGS[tool].length)).toEqual(BASE_FLAGS[tool]);
    expect(call?.argv.join(' ')).not.toContain('write the greeting');
    const agentCall = events(cooked.stdout).find((e) => e.type === 'agent.call');
    expect(agentCall).toMatchObject({ agent: tool, ok: true, response: 'Wrote greeting.txt.' });
    if (tool === 'cursor') {
      // Cursor's documented result carries no tokens.
      expect(agentCall?.usage).toBeUndefined();
    } else {
      expect(agentCall?.usage).toMatchObject({
        inputTokens: 1200,
        outputTokens: 34,
        cacheReadInputTokens: 500,
      });
    }
    expect(agentCall?.costUsd).toBeUndefined();
    const runs = await mmm(['runs', '--json'], r.dir, agent.env);
    const id = String(events(runs.stdout)[0]?.id);
    const shown = await mmm(['runs', 'show', id, '--json'], r.dir, agent.env);
    expect(shown.status).toBe(0);
    if (tool !== 'cursor') expect(shown.stdout).toMatch(/"input"\s*:\s*1200/);
  });

  it('sends a 1 MB prompt whole on standard input', async () => {
    const line = 'a line of a long build log, as interpolated step output would be\n';
    const body = line.repeat(Math.ceil((1024 * 1024) / line.length));
    const r = repo(playbook(tool, `Summarise this log.\n${body}END-7f3a`));
    const agent = fake(tool, [{ result: 'summarised' }]);
    const cooked = await mmm(['cook', 'pb.yml'], r.dir, agent.env);
    expect(cooked.status).toBe(0);
    const prompt = agent.calls()[0]?.prompt ?? '';
    expect(prompt.length).toBeGreaterThan(1024 * 1024);
    expect(prompt.endsWith('END-7f3a')).toBe(true);
  });

  it('fails the step with the CLI words when it is not logged in (exit 1), and changes nothing', async () => {
    const r = repo(playbook(tool, 'write the greeting'));
    const head = r.git('rev-parse', 'HEAD');
    const agent = fake(tool, [{ outcome: 'not-logged-in' }]);
    const cooked = await mmm(['cook', 'pb.yml', '--json'], r.dir, agent.env);
    expect(cooked.status).toBe(1);
    const words = {
      amp: 'No API key found',
      cursor: 'Authentication required',
      copilot: 'No authentication information found',
    };
    expect(cooked.stdout + cooked.stderr).toContain(words[tool]);
    expect(cooked.stderr).not.toMatch(/internal error/i);
    expect(r.git('rev-parse', 'main')).toBe(head);
  });

  it.each([
    ['not-logged-in', 'not logged in'],
    ['usage-limit', 'usage limit'],
  ] as const)('hands the step to the next agent on %s', async (outcome, reason) => {
    const r = repo(playbook(tool, 'write the greeting', ', fallback: [{tool: claude}]'));
    const agent = fake(tool, [{ outcome }]);
    const claude = writeScenario(tmp(), [{ write: { 'greeting.txt': 'from claude\n' } }]);
    const cooked = await mmm(['cook', 'pb.yml', '--json'], r.dir, { ...agent.env, ...claude.env });
    expect(cooked.status).toBe(0);
    expect(events(cooked.stdout).find((e) => e.type === 'agent.fallback')).toMatchObject({
      from: tool,
      to: 'claude',
      reason,
    });
    expect(claude.calls()).toHaveLength(1);
    expect(r.git('show', '--stat', '--format=', 'HEAD~1')).toContain('greeting.txt');
  });
});

const SHOWN_CALL: Record<FakeTool, string> = {
  amp: '[create_file] {"path":"greeting.txt","content":"hello\\n"}',
  cursor: '[writeToolCall] {"path":"greeting.txt","fileText":"hello\\n"}',
  copilot: '[create] {"path":"greeting.txt","file_text":"hello\\n"}',
};

describe.each(['amp', 'cursor', 'copilot'] as const)('agent tool %s, shown with -v', (tool) => {
  it('shows the agent text and tool calls, not raw JSON events', async () => {
    const r = repo(playbook(tool, 'write the greeting'));
    const agent = fake(tool, [{ write: { 'greeting.txt': 'hello\n' }, result: 'Wrote it.' }]);
    const cooked = await mmm(['cook', 'pb.yml', '-v'], r.dir, agent.env);
    expect(cooked.status).toBe(0);
    const shown = cooked.stdout + cooked.stderr;
    expect(shown).toContain(SHOWN_CALL[tool]);
    expect(shown).toContain('Wrote it.');
    expect(shown).not.toContain('"type":');
  });
});
