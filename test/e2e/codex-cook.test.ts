// `mmm cook` with `agent: { tool: codex }` through the built bin and the REAL Codex CLI against the
// scripted Responses API server: the step's file committed, the tokens recorded and priced, a cost
// budget that stops the run, the repository's price table, and a CLI without credentials.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { writeScenario } from '../helpers/fake-claude.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';
import {
  codexModel,
  commandThenText,
  realCodexEnv,
  startResponsesServer,
  type ResponsesServer,
} from '../helpers/responses-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const COMMAND = '---\ndescription: greet\n---\nCreate greeting.txt saying hello to $ARGUMENTS.\n';

function repo(playbook: string, files: Record<string, string> = {}): TempRepo {
  const r = makeTempRepo({
    'README.md': '# codex\n',
    'pb.yml': playbook,
    '.claude/commands/mmm-hello.md': COMMAND,
    ...files,
  });
  cleanups.push(r.cleanup);
  return r;
}

async function server(): Promise<ResponsesServer> {
  // Each step's prompt names the file it writes: `/mmm-hello <name>` writes greeting-<name>.txt.
  const s = await startResponsesServer(
    commandThenText((req) => {
      const name = /hello to (\w+)/.exec(req.text)?.[1] ?? 'nobody';
      return `printf 'hello ${name}\\n' > greeting-${name}.txt`;
    }, 'Greeted.'),
  );
  cleanups.push(() => s.close());
  return s;
}

function codexEnv(s: ResponsesServer, options: Parameters<typeof realCodexEnv>[2] = {}) {
  return realCodexEnv(s, mkdtempSync(join(tmpdir(), 'mmm-codex-home-')), options);
}

const mmm = (args: string[], cwd: string, env: Record<string, string>) =>
  startMmm(args, cwd, env).done;

interface CallRow {
  agent: string;
  model: string | null;
  costUsd: number | null;
  costSource: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadInputTokens: number | null;
  ok: boolean;
  error: string | null;
}

async function lastRun(dir: string, env: Record<string, string>) {
  const listed = await mmm(['runs', '--json'], dir, env);
  const id = (JSON.parse(listed.stdout.trim().split('\n')[0] ?? '{}') as { id: string }).id;
  const exported = await mmm(['runs', 'export', id], dir, env);
  return JSON.parse(exported.stdout) as {
    run: { id: string; costUsd: number | null; tokens: { input: number; output: number } };
    agentCalls: CallRow[];
  };
}

const playbook = (lines: string[]) =>
  [
    'name: codex-greet',
    `agent: { tool: codex, model: ${codexModel}, permission_mode: acceptEdits }`,
    ...lines,
    '',
  ].join('\n');

// Per call: 2 model requests of 1000 input tokens (200 of them cached) and 100 output tokens.
// gpt-5.5 at $5 / $30 / $0.50 per million: 1600 × 5 + 200 × 30 + 400 × 0.5 = $0.0142.
const CALL_COST = 0.0142;

describe('mmm cook with the codex agent', () => {
  it('commits what codex wrote, and records its tokens priced from the table', async () => {
    const r = repo(playbook(['steps:', '  - claude: /mmm-hello Ada', '    commit_required: true']));
    const s = await server();
    const env = codexEnv(s);
    const cooked = await mmm(['cook', 'pb.yml'], r.dir, env);
    expect(cooked.stderr).not.toMatch(/warning/);
    expect(cooked.status).toBe(0);
    expect(readFileSync(join(r.dir, 'greeting-Ada.txt'), 'utf8')).toBe('hello Ada\n');
    expect(r.git('log', '--format=%s')).toContain('mmm(codex-greet): claude: /mmm-hello Ada');
    // mmm wrote the slash command out: codex has none of its own.
    expect(s.requests()[0]?.text).toContain('Create greeting.txt saying hello to Ada.');
    const run = await lastRun(r.dir, env);
    expect(run.agentCalls).toHaveLength(1);
    expect(run.agentCalls[0]).toMatchObject({
      agent: 'codex',
      model: codexModel,
      ok: true,
      inputTokens: 1600,
      outputTokens: 200,
      cacheReadInputTokens: 400,
      costSource: 'priced',
    });
    expect(run.agentCalls[0]?.costUsd).toBeCloseTo(CALL_COST, 10);
    expect(run.run.costUsd).toBeCloseTo(CALL_COST, 10);
    expect(run.run.tokens).toMatchObject({ input: 1600, output: 200 });
    const events = await mmm(['runs', 'events', run.run.id], r.dir, env);
    expect(events.stdout).toMatch(/codex gpt-5\.5 ok, \$0\.01 \(priced by mmm\)/);
  });

  it('stops at budget.max_cost_usd once the priced tokens reach it (exit 4)', async () => {
    const r = repo(
      playbook([
        'budget: { max_cost_usd: 0.01 }',
        'steps:',
        '  - claude: /mmm-hello Ada',
        '  - claude: /mmm-hello Bob',
      ]),
    );
    const s = await server();
    const cooked = await mmm(['cook', 'pb.yml'], r.dir, codexEnv(s));
    expect(cooked.status).toBe(4);
    expect(cooked.stderr + cooked.stdout).toContain(
      'budget reached: $0.01 spent of budget.max_cost_usd $0.01',
    );
    expect(r.git('log', '--format=%s')).toContain('mmm(codex-greet): claude: /mmm-hello Ada');
    expect(r.git('log', '--format=%s')).not.toContain('Bob');
    expect(s.requests().some((q) => q.text.includes('hello to Bob'))).toBe(false);
  });

  it('takes the prices of .mmm/prices.yml; a model priced nowhere is said once and not counted', async () => {
    const r = repo(
      [
        'name: codex-greet',
        'agent: { tool: codex, model: gpt-6.2-sol, permission_mode: acceptEdits }',
        'steps:',
        '  - claude: /mmm-hello Ada',
        '  - claude: /mmm-hello Bob',
        '',
      ].join('\n'),
    );
    const s = await server();
    const env = codexEnv(s);
    const unpriced = await mmm(['cook', 'pb.yml'], r.dir, env);
    expect(unpriced.status).toBe(0);
    const said = 'no price for model gpt-6.2-sol: its tokens count against no cost budget';
    expect((unpriced.stderr + unpriced.stdout).split(said)).toHaveLength(2);
    const first = await lastRun(r.dir, env);
    expect(first.agentCalls.map((c) => [c.costSource, c.costUsd])).toEqual([
      ['not reported', null],
      ['not reported', null],
    ]);

    const withFile = repo(
      [
        'name: codex-greet',
        'agent: { tool: codex, model: gpt-6.2-sol, permission_mode: acceptEdits }',
        'steps:',
        '  - claude: /mmm-hello Cy',
        '',
      ].join('\n'),
      { '.mmm/prices.yml': '# USD per million tokens\ngpt-6.2-sol: { input: 10, output: 100 }\n' },
    );
    const priced = await mmm(['cook', 'pb.yml'], withFile.dir, env);
    expect(priced.status).toBe(0);
    const run = await lastRun(withFile.dir, env);
    // Cached tokens are priced as input when the file gives no cache_read.
    expect(run.agentCalls[0]?.costSource).toBe('priced');
    expect(run.agentCalls[0]?.costUsd).toBeCloseTo((2000 * 10 + 200 * 100) / 1e6, 10);
  });

  it('refuses a bad .mmm/prices.yml before anything runs, naming the line (exit 2)', async () => {
    const r = repo(playbook(['steps:', '  - claude: /mmm-hello Ada']), {
      '.mmm/prices.yml': 'gpt-5.5:\n  input: five\n  output: 30\n',
    });
    const s = await server();
    const cooked = await mmm(['cook', 'pb.yml'], r.dir, codexEnv(s));
    expect(cooked.status).toBe(2);
    expect(cooked.stderr).toContain(
      '.mmm/prices.yml:2:10: gpt-5.5.input must be a number of US dollars per million tokens, 0 or more',
    );
    expect(s.requests()).toEqual([]);
  });

  it('without credentials the step fails in the CLI words, exit 1, and nothing is left in the tree', async () => {
    const r = repo(playbook(['steps:', '  - claude: /mmm-hello Ada']));
    const s = await server();
    const env = codexEnv(s, { key: false });
    const cooked = await mmm(['cook', 'pb.yml'], r.dir, env);
    expect(cooked.status).toBe(1);
    expect(cooked.stderr + cooked.stdout).toContain(
      'Missing environment variable: `MMM_SCRIPTED_OPENAI_KEY`',
    );
    expect(r.git('status', '--porcelain')).toBe('');
    const run = await lastRun(r.dir, env);
    expect(run.agentCalls[0]).toMatchObject({
      agent: 'codex',
      ok: false,
      costSource: 'not reported',
    });
    expect(run.agentCalls[0]?.error).toContain('Missing environment variable');
  });

  it('a codex without credentials is passed over for the fallback agent, as not logged in', async () => {
    const r = repo(
      playbook(['  fallback: [{ tool: claude }]', 'steps:', '  - claude: /mmm-hello Ada']).replace(
        `agent: { tool: codex, model: ${codexModel}, permission_mode: acceptEdits }\n`,
        `agent:\n  tool: codex\n  model: ${codexModel}\n  permission_mode: acceptEdits\n`,
      ),
    );
    const s = await server();
    const claude = writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), [
      { write: { 'greeting-Ada.txt': 'hello from claude\n' } },
    ]);
    const env = { ...codexEnv(s, { key: false }), ...claude.env };
    const cooked = await mmm(['cook', 'pb.yml'], r.dir, env);
    expect(cooked.status, cooked.stderr).toBe(0);
    expect(cooked.stderr + cooked.stdout).toContain(
      `codex:${codexModel} was passed over (not logged in); claude made the call`,
    );
    expect(readFileSync(join(r.dir, 'greeting-Ada.txt'), 'utf8')).toBe('hello from claude\n');
  });
});
