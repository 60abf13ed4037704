import { describe, expect, it } from 'vitest';
import { exec, type Exec } from '../../../src/infra/exec.js';
import { useTempRepos } from '../../helpers/repo.js';
import { playbook, run, shell } from '../../helpers/engine.js';

const repo = useTempRepos();

describe('commits per step', () => {
  it('commits each successful step with its message and the run and step trailers', async () => {
    const r = repo();
    const base = r.git('rev-parse', 'HEAD');
    const pb = playbook(
      [
        shell('echo one > one.txt', { id: 'first' }),
        shell('true', { id: 'nothing' }),
        shell('mkdir -p src && echo two > src/two.txt', { id: 'second' }),
      ],
      { name: 'demo' },
    );
    const { summary, runId, of } = await run(r.dir, pb);

    expect(summary.status).toBe('completed');
    expect(summary.exitCode).toBe(0);
    expect(r.git('log', '--format=%s', `${base}..HEAD`).split('\n')).toEqual([
      'mmm(demo): second',
      'mmm(demo): first',
    ]);
    expect(r.git('log', '-1', '--format=%B', 'HEAD~1')).toBe(
      `mmm(demo): first\n\nMmm-Run: ${runId}\nMmm-Step: 1 first`,
    );
    expect(r.git('log', '-1', '--format=%(trailers:key=Mmm-Step,valueonly)')).toBe('3 second');
    expect(r.git('status', '--porcelain')).toBe('');
    const committed = of('step.committed');
    expect(committed.map((c) => [c.label, c.files, c.byAgent])).toEqual([
      ['first', ['one.txt'], false],
      ['second', ['src/two.txt'], false],
    ]);
    expect(summary.commits.map((c) => c.commit)).toEqual([
      r.git('rev-parse', 'HEAD~1'),
      r.git('rev-parse', 'HEAD'),
    ]);
    const finished = of('run.finished')[0]!;
    expect(finished).toMatchObject({ commits: 2, steps: { ok: 3, failed: 0, skipped: 0 } });
  });

  it('emits events in order, with run.finished last', async () => {
    const r = repo();
    const { events } = await run(r.dir, playbook([shell('echo x > x.txt', { id: 'x' })]));
    expect(events.map((e) => e.type)).toEqual([
      'run.started',
      'iteration.started',
      'step.started',
      'step.committed',
      'step.finished',
      'iteration.finished',
      'run.finished',
    ]);
    const started = events[0]!;
    expect(started).toMatchObject({ branch: 'main', baseCommit: r.git('rev-parse', 'HEAD~1') });
  });

  it('fails a commit_required step that changed nothing, and stops the run', async () => {
    const r = repo();
    const base = r.git('rev-parse', 'HEAD');
    const pb = playbook([
      shell('echo checking', { id: 'check', commitRequired: true }),
      shell('echo never > never.txt', { id: 'after' }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.status).toBe('failed');
    expect(summary.exitCode).toBe(1);
    expect(summary.reason).toBe('step_failed');
    expect(summary.message).toMatch(/check.*commit_required/s);
    expect(of('step.finished')[0]!.error).toMatch(/made no commit/);
    expect(of('step.started').map((s) => s.label)).toEqual(['check']);
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
  });

  it('does not commit a failed step: saves its work to a ref and restores the tree', async () => {
    const r = repo();
    const base = r.git('rev-parse', 'HEAD');
    const pb = playbook([
      shell('echo half > half.txt; echo edit >> README.md; exit 3', { id: 'broken' }),
    ]);
    const { summary, runId, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(1);
    expect(r.git('rev-parse', 'HEAD')).toBe(base);
    expect(r.git('status', '--porcelain')).toBe('');
    const ref = `refs/mmm/${runId}/failed-1`;
    expect(r.git('show', `${ref}:half.txt`)).toBe('half');
    const error = of('step.finished')[0]!.error!;
    expect(error).toContain('exited with code 3');
    expect(error).toContain(ref);
    expect(of('step.finished')[0]!.exitCode).toBe(3);
  });

  it('records a detached HEAD and commits on it', async () => {
    const r = repo();
    r.git('checkout', '-q', '--detach');
    const { summary, of } = await run(r.dir, playbook([shell('echo d > d.txt', { id: 'd' })]));
    expect(summary.exitCode).toBe(0);
    expect(of('run.started')[0]!.branch).toBeUndefined();
    expect(r.git('log', '-1', '--format=%s')).toBe('mmm(test): d');
  });

  it('never commits mmm private files under .mmm/', async () => {
    const r = repo();
    const pb = playbook([shell('mkdir -p .mmm/runs && echo db > .mmm/mmm.db && echo x > x.txt')]);
    await run(r.dir, pb);
    expect(r.git('show', '--name-only', '--format=', 'HEAD')).toBe('x.txt');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('reports every commit as git stores it, step after step, whoever made it', async () => {
    const r = repo();
    const pb = playbook([
      shell('printf "1\\n2\\n" > a.txt', { id: 'one' }),
      shell('echo 3 >> a.txt && echo b > "b b.txt"', { id: 'two' }),
      shell('true', { id: 'none' }),
      shell('echo s > s.txt && git add s.txt && echo c > c.txt', { id: 'stages' }),
      shell('echo o > o.txt && git add o.txt && git commit -q -m own && echo l > l.txt', {
        id: 'own',
      }),
      shell('rm "b b.txt" && echo 4 >> a.txt', { id: 'last' }),
    ]);
    const gitCalls: string[] = [];
    const spy: Exec = (file, args, options) => {
      if (file === 'git') gitCalls.push(args.join(' '));
      return exec(file, args, options);
    };
    const { summary, of } = await run(r.dir, pb, {}, {}, spy);
    expect(summary.exitCode).toBe(0);
    const committed = of('step.committed');
    expect(committed.map((c) => [c.label, c.byAgent, c.files])).toEqual([
      ['one', false, ['a.txt']],
      ['two', false, ['a.txt', 'b b.txt']],
      ['stages', false, ['c.txt', 's.txt']],
      ['own', true, ['o.txt']],
      ['own', false, ['l.txt']],
      ['last', false, ['a.txt', 'b b.txt']],
    ]);
    for (const c of committed) {
      expect(c.message).toBe(r.git('log', '-1', '--format=%B', c.commit));
      const numstat = r.git('diff', '--numstat', '--no-renames', `${c.commit}^`, c.commit);
      const rows = numstat.split('\n').map((line) => line.split('\t'));
      expect(c.insertions).toBe(rows.reduce((n, [added]) => n + Number(added), 0));
      expect(c.deletions).toBe(rows.reduce((n, [, removed]) => n + Number(removed), 0));
    }
    expect(summary.commits.map((c) => c.commit)).toEqual(committed.map((c) => c.commit));
    // git's auto-maintenance runs once for the run, not once per commit.
    expect(gitCalls.filter((call) => call.includes('maintenance run'))).toHaveLength(1);
  });

  it('leaves git maintenance to the caller when asked to', async () => {
    const r = repo();
    const gitCalls: string[] = [];
    const spy: Exec = (file, args, options) => {
      if (file === 'git') gitCalls.push(args.join(' '));
      return exec(file, args, options);
    };
    const pb = playbook([shell('echo 1 > one.txt', { id: 'one' })]);
    const { summary } = await run(r.dir, pb, { autoMaintenance: false }, {}, spy);
    expect(summary.commits).toHaveLength(1);
    expect(gitCalls.filter((call) => call.includes('maintenance run'))).toHaveLength(0);
  });
});
