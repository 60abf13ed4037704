// Choosing the agent per step, per run (--agent) and falling back to another when one cannot do
// the work, through the built bin and the scripted fake claude, which records each call's flags.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { writeScenario, type FakeTurn } from '../helpers/fake-claude.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function repo(playbook: string): TempRepo {
  const r = makeTempRepo({ 'README.md': '# agents\n', 'pb.yml': playbook });
  cleanups.push(r.cleanup);
  return r;
}

const fake = (turns: FakeTurn[]) => writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), turns);
const mmm = (args: string[], cwd: string, env: Record<string, string>) =>
  startMmm(args, cwd, env).done;

const TWO_MODELS = [
  'name: two-models',
  'agent: {model: sonnet, permission_mode: acceptEdits}',
  'steps:',
  '  - claude: review the code',
  '    agent: {model: opus, permission_mode: plan}',
  '  - claude: implement it',
  '',
].join('\n');

describe('the agent of each step', () => {
  it("runs a step with its own model and permission mode, the others with the playbook's", async () => {
    const r = repo(TWO_MODELS);
    const agent = fake([{ write: { 'review.md': 'notes\n' } }, { write: { 'code.txt': 'x\n' } }]);
    const cooked = await mmm(['cook', 'pb.yml'], r.dir, agent.env);
    expect(cooked.status).toBe(0);
    expect(agent.calls().map((c) => [c.flags['--model'], c.flags['--permission-mode']])).toEqual([
      ['opus', 'plan'],
      ['sonnet', 'acceptEdits'],
    ]);
  });

  it("--agent claude:haiku replaces the playbook's model, not a step's own, and the run records it", async () => {
    const r = repo(TWO_MODELS);
    const agent = fake([{ write: { 'review.md': 'notes\n' } }, { error: 'boom' }, {}]);
    const first = await mmm(['cook', 'pb.yml', '--agent', 'claude:haiku'], r.dir, agent.env);
    expect(first.status).toBe(1);
    const bad = await mmm(['cook', 'pb.yml', '--agent', 'no-such-agent'], r.dir, agent.env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(
      /--agent names an unknown agent tool "no-such-agent" \(known tools: [^)]*\bclaude\b/,
    );
    expect(agent.calls().map((c) => c.flags['--model'])).toEqual(['opus', 'haiku']);
    const listed = await mmm(['runs', '--json'], r.dir, agent.env);
    expect(JSON.parse(listed.stdout.trim().split('\n')[0] ?? '{}')).toMatchObject({
      agent: 'claude:haiku',
    });
  });
});

describe('agent.fallback', () => {
  it('makes the same call with the next agent when one hits its usage limit, and records why', async () => {
    const r = repo(
      [
        'name: fallback',
        'agent:',
        '  model: opus',
        '  fallback: [{tool: claude, model: sonnet}]',
        'steps:',
        '  - claude: implement it',
        '',
      ].join('\n'),
    );
    const agent = fake([
      { error: "You've hit your usage limit · resets 4pm (UTC)" },
      { write: { 'code.txt': 'x\n' } },
    ]);
    const cooked = await mmm(['cook', 'pb.yml', '--json'], r.dir, agent.env);
    expect(cooked.status).toBe(0);
    expect(agent.calls().map((c) => c.flags['--model'])).toEqual(['opus', 'sonnet']);
    const events = cooked.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const fallback = events.find((e) => e.type === 'agent.fallback');
    expect(fallback).toMatchObject({
      from: 'claude:opus',
      to: 'claude:sonnet',
      reason: 'usage limit',
    });
    const calls = events.filter((e) => e.type === 'agent.call');
    expect(calls.map((e) => [e.model, e.ok])).toEqual([
      ['opus', false],
      ['sonnet', true],
    ]);
    expect(r.git('log', '-1', '--skip=1', '--format=%s')).toBe(
      'mmm(fallback): claude: implement it',
    );
  });

  it('does not fall back when the work itself failed', async () => {
    const r = repo(
      [
        'name: no-fallback',
        'agent: {fallback: [{tool: claude, model: sonnet}]}',
        'steps:',
        '  - claude: implement it',
        '',
      ].join('\n'),
    );
    const agent = fake([{ error: 'the tests still fail', subtype: 'error_during_execution' }]);
    const cooked = await mmm(['cook', 'pb.yml'], r.dir, agent.env);
    expect(cooked.status).toBe(1);
    expect(agent.calls()).toHaveLength(1);
  });
});
