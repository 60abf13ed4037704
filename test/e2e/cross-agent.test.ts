// One playbook, two agent CLIs, through the built bin: a review on the REAL Claude Code CLI
// (scripted Messages API server) and the implementation on the REAL Codex CLI (scripted Responses
// API server), each committed and recorded with its tool and model; and a step whose claude
// answers with a usage limit (the scripted fake claude) made again by codex, recorded as a fallback.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { writeScenario } from '../helpers/fake-claude.js';
import {
  pricedModel,
  realClaudeEnv,
  startModelServer,
  toolThenText,
} from '../helpers/model-server.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';
import {
  codexModel,
  commandThenText,
  realCodexEnv,
  startResponsesServer,
} from '../helpers/responses-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function repo(playbook: string): TempRepo {
  const r = makeTempRepo({ 'README.md': '# cross\n', 'pb.yml': playbook });
  cleanups.push(r.cleanup);
  return r;
}

const home = () => mkdtempSync(join(tmpdir(), 'mmm-cross-home-'));

async function codexServer() {
  const s = await startResponsesServer(
    commandThenText(() => "printf 'implemented\\n' > impl.txt", 'Implemented.'),
  );
  cleanups.push(() => s.close());
  return s;
}

interface Exported {
  agentCalls: { agent: string; model: string | null; ok: boolean; costSource: string | null }[];
  events: { seq: number; event: Record<string, unknown> }[];
}

async function exported(dir: string, env: Record<string, string>): Promise<Exported> {
  const listed = await startMmm(['runs', '--json'], dir, env).done;
  const id = (JSON.parse(listed.stdout.trim().split('\n')[0] ?? '{}') as { id: string }).id;
  const out = await startMmm(['runs', 'export', id], dir, env).done;
  return JSON.parse(out.stdout) as Exported;
}

describe('a playbook across agents', () => {
  it('reviews on claude and implements on codex, both committed and recorded with their tool and model', async () => {
    const r = repo(
      [
        'name: cross',
        'agent: { permission_mode: acceptEdits }',
        'steps:',
        '  - claude: Review the code and write review.md',
        `    agent: { tool: claude, model: ${pricedModel} }`,
        '    commit_required: true',
        '  - claude: Implement what review.md asks',
        `    agent: { tool: codex, model: ${codexModel} }`,
        '    commit_required: true',
        '',
      ].join('\n'),
    );
    const messages = await startModelServer(
      toolThenText(
        (req) => ({
          name: 'Write',
          input: { file_path: join(req.cwd ?? 'nowhere', 'review.md'), content: 'add impl.txt\n' },
        }),
        'Reviewed.',
      ),
    );
    cleanups.push(() => messages.close());
    const responses = await codexServer();
    const dir = home();
    const env = {
      ...realClaudeEnv(messages, dir),
      ...realCodexEnv(responses, dir),
      IS_SANDBOX: '',
    };
    const cooked = await startMmm(['cook', 'pb.yml'], r.dir, env).done;
    expect(cooked.status, cooked.stderr).toBe(0);
    expect(readFileSync(join(r.dir, 'review.md'), 'utf8')).toBe('add impl.txt\n');
    expect(readFileSync(join(r.dir, 'impl.txt'), 'utf8')).toBe('implemented\n');
    const subjects = r.git('log', '--format=%s').split('\n');
    expect(subjects).toContain('mmm(cross): claude: Review the code and write review.md');
    expect(subjects).toContain('mmm(cross): claude: Implement what review.md asks');
    const run = await exported(r.dir, env);
    expect(run.agentCalls.map((c) => [c.agent, c.model, c.ok, c.costSource])).toEqual([
      ['claude', expect.stringContaining('claude-sonnet-4-5'), true, 'reported'],
      ['codex', codexModel, true, 'priced'],
    ]);
    expect(responses.requests()[0]?.text).toContain('Implement what review.md asks');
  });

  it('falls back to codex when claude answers with its usage limit, and records why', async () => {
    const r = repo(
      [
        'name: fallback',
        'agent:',
        '  permission_mode: acceptEdits',
        `  fallback: [{ tool: codex, model: ${codexModel} }]`,
        'steps:',
        '  - claude: Implement it',
        '    commit_required: true',
        '',
      ].join('\n'),
    );
    const claude = writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), [
      { error: "You've hit your usage limit · resets 4pm (UTC)" },
    ]);
    const responses = await codexServer();
    const env = { ...realCodexEnv(responses, home()), ...claude.env };
    const cooked = await startMmm(['cook', 'pb.yml'], r.dir, env).done;
    expect(cooked.status, cooked.stderr).toBe(0);
    expect(cooked.stderr + cooked.stdout).toContain(
      `claude was passed over (usage limit); codex:${codexModel} made the call`,
    );
    expect(claude.calls()).toHaveLength(1);
    expect(readFileSync(join(r.dir, 'impl.txt'), 'utf8')).toBe('implemented\n');
    expect(r.git('log', '--format=%s').split('\n')).toContain(
      'mmm(fallback): claude: Implement it',
    );
    const run = await exported(r.dir, env);
    expect(run.agentCalls.map((c) => [c.agent, c.ok])).toEqual([
      ['claude', false],
      ['codex', true],
    ]);
    const fallback = run.events.find((e) => e.event.type === 'agent.fallback');
    expect(fallback?.event).toMatchObject({
      from: 'claude',
      to: `codex:${codexModel}`,
      reason: 'usage limit',
    });
  });
});
