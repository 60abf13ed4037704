import { describe, expect, it } from 'vitest';
import { useTempRepos } from '../../helpers/repo.js';
import { playbook, ref, run, shell, t } from '../../helpers/engine.js';

const repo = useTempRepos();

const writeIteration = shell(t`echo ${ref.iteration()} > it.txt`, { id: 'write' });

describe('iterations', () => {
  it('stops early when a whole iteration made no commit', async () => {
    const r = repo();
    const step = shell(t`it=${ref.iteration()}; if [ "$it" -le 2 ]; then echo $it > it.txt; fi`, {
      id: 'improve',
    });
    const { summary, of } = await run(r.dir, playbook([step], { maxIterations: 5 }));
    expect(summary).toMatchObject({ status: 'completed', reason: 'no_changes', iterations: 3 });
    expect(of('iteration.finished').map((e) => e.commits)).toEqual([1, 1, 0]);
    expect(r.git('log', '--format=%s', '-3')).toBe(
      'mmm(test): improve\nmmm(test): improve\ninitial',
    );
  });

  it('runs the until check after each iteration and stops when it passes', async () => {
    const r = repo();
    const pb = playbook([writeIteration], {
      maxIterations: 10,
      until: shell('grep -qx 3 it.txt', { id: 'converged' }),
    });
    const { summary, of } = await run(r.dir, pb);
    expect(summary).toMatchObject({ reason: 'until_passed', iterations: 3, exitCode: 0 });
    expect(r.git('show', 'HEAD:it.txt')).toBe('3');
    const checks = of('step.finished').filter((e) => e.role === 'until');
    expect(checks.map((c) => c.status)).toEqual(['failed', 'failed', 'ok']);
    // A failing check is not a failed step.
    expect(summary.steps.failed).toBe(0);
  });

  it('takes -n over the playbook and numbers iterations from 1', async () => {
    const r = repo();
    const { summary, of } = await run(r.dir, playbook([writeIteration], { maxIterations: 5 }), {
      maxIterations: 2,
    });
    expect(summary).toMatchObject({ reason: 'max_iterations', iterations: 2 });
    expect(of('iteration.started').map((e) => [e.iteration, e.of])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(r.git('show', 'HEAD:it.txt')).toBe('2');
  });

  it('gives $ARG and ${item} to steps', async () => {
    const r = repo();
    const pb = playbook([shell(t`echo "${ref.arg()}/${ref.item()}" > arg.txt`, { id: 'a' })]);
    await run(r.dir, pb, { arg: 'it has spaces; and $(no) injection', item: 'specs/a.md' });
    expect(r.git('show', 'HEAD:arg.txt')).toBe('it has spaces; and $(no) injection/specs/a.md');
  });

  it('exposes the newest file matching an output pattern as ${id.<name>}', async () => {
    const r = repo();
    const review = shell(
      'mkdir -p specs && echo a > specs/old.md && sleep 0.05 && echo b > specs/new.md',
      {
        id: 'review',
        outputs: { spec: { filePattern: 'specs/*.md' } },
      },
    );
    const use = shell(t`echo ${ref.step('review', 'spec')} > chosen.txt`, { id: 'use' });
    await run(r.dir, playbook([review, use]));
    expect(r.git('show', 'HEAD:chosen.txt')).toBe('specs/new.md');
  });
});
