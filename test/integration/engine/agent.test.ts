import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PreconditionError } from '../../../src/errors.js';
import { writeScenario, type FakeTurn } from '../../helpers/fake-claude.js';
import { useTempRepos } from '../../helpers/repo.js';
import { claude, playbook, ref, run, shell, t } from '../../helpers/engine.js';

const repo = useTempRepos();
function fake(turns: FakeTurn[]) {
  return writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), turns);
}

describe('claude steps with the scripted claude CLI', () => {
  it('renders the prompt, commits what the agent wrote and records the call it reported', async () => {
    const r = repo();
    const agent = fake([
      { match: '^/mmm-lint src/a\\.ts$', write: { 'fixed.txt': 'linted\n' }, cost: 0.25 },
    ]);
    const pb = playbook([claude(t`/mmm-lint ${ref.arg()}`, { id: 'lint' })], {
      agent: { ...playbook([]).agent, model: 'sonnet', permissionMode: 'acceptEdits' },
    });
    const { summary, of } = await run(r.dir, pb, { arg: 'src/a.ts' }, agent.env);

    expect(summary).toMatchObject({ exitCode: 0, agentCalls: 1, costUsd: 0.25 });
    expect(r.git('show', 'HEAD:fixed.txt')).toBe('linted');
    expect(r.git('log', '-1', '--format=%s')).toBe('mmm(test): lint');
    const call = of('agent.call')[0]!;
    expect(call).toMatchObject({
      agent: 'claude',
      prompt: '/mmm-lint src/a.ts',
      ok: true,
      costUsd: 0.25,
    });
    expect(agent.calls()[0]!.flags['--permission-mode']).toBe('acceptEdits');
    expect(agent.calls()[0]!.cwd).toBe(r.dir);
  });

  it("keeps the agent's own commits and reports them as the agent's", async () => {
    const r = repo();
    const agent = fake([{ write: { 'mine.txt': 'agent\n' }, commit: 'agent: my own commit' }]);
    const { summary, of } = await run(
      r.dir,
      playbook([claude('do it', { id: 'do' })]),
      {},
      agent.env,
    );
    expect(summary.exitCode).toBe(0);
    expect(r.git('log', '-1', '--format=%s')).toBe('agent: my own commit');
    expect(of('step.committed').map((c) => [c.byAgent, c.files])).toEqual([[true, ['mine.txt']]]);
  });

  it('fails the step with the CLI own words when it reports is_error', async () => {
    const r = repo();
    const agent = fake([{ error: 'Not logged in · Please run /login', write: { 'x.txt': 'x' } }]);
    const { summary, of } = await run(
      r.dir,
      playbook([claude('hello', { id: 'hi' })]),
      {},
      agent.env,
    );
    expect(summary.exitCode).toBe(1);
    expect(of('step.finished')[0]!.error).toContain('Not logged in · Please run /login');
    expect(summary.message).toContain('Not logged in · Please run /login');
    expect(of('agent.call')[0]!.ok).toBe(false);
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('fails a commit_required agent step that changed nothing', async () => {
    const r = repo();
    const agent = fake([{ result: 'nothing to do' }]);
    const pb = playbook([claude('/mmm-implement', { id: 'impl', commitRequired: true })]);
    const { summary } = await run(r.dir, pb, {}, agent.env);
    expect(summary.exitCode).toBe(1);
    expect(summary.message).toContain(
      'nothing was committed though commit_required is set: the step made no commit and left no change to commit',
    );
  });

  it('refuses to start when the agent CLI is missing, before any step runs', async () => {
    const r = repo();
    const events: unknown[] = [];
    const pb = playbook([shell('echo ran > ran.txt'), claude('hello')]);
    await expect(
      run(r.dir, pb, { sink: (e) => events.push(e) }, { MMM_CLAUDE_BIN: '/nonexistent/claude' }),
    ).rejects.toBeInstanceOf(PreconditionError);
    expect(events).toEqual([]);
    expect(existsSync(join(r.dir, 'ran.txt'))).toBe(false);
  });
});

describe('budgets', () => {
  const edits = (n: number): FakeTurn[] =>
    Array.from({ length: n }, (_, i) => ({ append: { 'log.txt': `call ${i}\n` }, cost: 0.01 }));
  const steps = () => [
    claude('one', { id: 'one' }),
    claude('two', { id: 'two' }),
    claude('three', { id: 'three' }),
  ];

  it('stops before the call that would pass max_cost_usd, passing the remainder down', async () => {
    const r = repo();
    const agent = fake(edits(3));
    const pb = playbook(steps(), {
      budget: { maxCostUsd: 0.015, maxAgentCalls: undefined, maxDurationMs: undefined },
    });
    const { summary, of } = await run(r.dir, pb, {}, agent.env);
    expect(summary).toMatchObject({ status: 'stopped', reason: 'budget', exitCode: 4 });
    expect(summary.message).toMatch(/budget\.max_cost_usd/);
    expect(agent.calls()).toHaveLength(2);
    expect(Number(agent.calls()[1]!.flags['--max-budget-usd'])).toBeCloseTo(0.005);
    expect(of('step.started').map((e) => e.label)).toEqual(['one', 'two']);
    // The work done before the stop is committed.
    expect(summary.commits).toHaveLength(2);
  });

  it('stops at max_agent_calls and at --max-cost', async () => {
    const r = repo();
    const agent = fake(edits(3));
    const capped = playbook(steps(), {
      budget: { maxCostUsd: undefined, maxAgentCalls: 1, maxDurationMs: undefined },
    });
    const first = await run(r.dir, capped, {}, agent.env);
    expect(first.summary).toMatchObject({ exitCode: 4, agentCalls: 1 });
    expect(first.summary.message).toMatch(/max_agent_calls 1/);

    const second = await run(r.dir, playbook(steps()), { maxCostUsd: 0 }, agent.env);
    expect(second.summary).toMatchObject({ exitCode: 4, agentCalls: 0 });
    expect(second.summary.message).toMatch(/--max-cost/);
    expect(agent.calls()).toHaveLength(1);
  });
});

describe('large answers', () => {
  it("fails the step when the agent's large answer cannot be written, keeping its work", async () => {
    const r = repo();
    const blocked = mkdtempSync(join(tmpdir(), 'mmm-runs-'));
    writeFileSync(join(blocked, 'run'), 'a file where the run directory should be\n');
    const agent = fake([{ write: { 'agent.txt': 'work\n' }, result: 'y'.repeat(100_000) }]);
    const { summary, of } = await run(
      r.dir,
      playbook([claude('answer at length', { id: 'long' })]),
      { outputDir: join(blocked, 'run') },
      agent.env,
    );
    expect(summary.exitCode).toBe(1);
    const finished = of('step.finished')[0]!;
    expect(finished.status).toBe('failed');
    expect(finished.error).toContain(`could not be written to ${join(blocked, 'run')}`);
    expect(finished.error).toMatch(/saved to refs\/mmm\//);
  });
});
