import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCondition } from '../../../src/playbook/condition.js';
import { writeScenario } from '../../helpers/fake-claude.js';
import { useTempRepos } from '../../helpers/repo.js';
import { claude, cond, playbook, ref, run, shell, t } from '../../helpers/engine.js';

const repo = useTempRepos();

// A "test" that fails until fixed.txt holds "fixed", printing how many times it ran.
const testScript =
  'echo run >> runs.log; grep -q fixed fixed.txt || { echo "FAIL: not fixed"; exit 1; }';

describe('the test-fix loop (on_failure of a shell step)', () => {
  it('runs the handler, then the step again, until it passes; the fix is committed', async () => {
    const r = repo({ 'fixed.txt': 'broken\n', '.gitignore': 'runs.log\n' });
    const fix = shell(t`echo fixed > fixed.txt; echo "${ref.step('test', 'output')}" > seen.txt`, {
      id: 'fix',
    });
    const pb = playbook([
      shell(testScript, { id: 'test', onFailure: { step: fix, maxAttempts: 3 } }),
    ]);
    const { summary, of } = await run(r.dir, pb);

    expect(summary.exitCode).toBe(0);
    expect(of('step.finished').map((e) => [e.label, e.role, e.attempt, e.status])).toEqual([
      ['test', 'step', 1, 'failed'],
      ['fix', 'on_failure', 1, 'ok'],
      ['test', 'step', 2, 'ok'],
    ]);
    expect(r.git('log', '-1', '--format=%s')).toBe('mmm(test): fix');
    // The summary counts the step by how it ended: the failed first try was made good.
    expect(summary.steps).toEqual({ ok: 1, failed: 0, skipped: 0 });
    // The handler saw the failing output through ${test.output}.
    expect(r.git('show', 'HEAD:seen.txt')).toContain('FAIL: not fixed');
  });

  it('gives up after max_attempts tries in all and fails the run', async () => {
    const r = repo({ 'fixed.txt': 'broken\n', '.gitignore': 'runs.log\n' });
    const noFix = shell('echo still broken >> attempts.txt', { id: 'nofix' });
    // stop_on_repeat: false, since every try fails the same way.
    const pb = playbook([
      shell(testScript, {
        id: 'test',
        onFailure: { step: noFix, maxAttempts: 3, stopOnRepeat: undefined },
      }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(1);
    expect(summary.message).toMatch(/test.*exited with code 1/s);
    const tries = of('step.finished').filter((e) => e.role === 'step');
    const fixes = of('step.finished').filter((e) => e.role === 'on_failure');
    expect(tries).toHaveLength(3);
    expect(fixes).toHaveLength(2);
    expect(summary.steps).toEqual({ ok: 0, failed: 1, skipped: 0 });
    expect(readFileSync(join(r.dir, 'runs.log'), 'utf8').trim().split('\n')).toHaveLength(3);
    // Each successful handler run is committed; nothing is left in the tree at the end.
    expect(r.git('log', '--format=%s', '-2')).toBe('mmm(test): nofix\nmmm(test): nofix');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('with fail_workflow: false records the failure and goes on', async () => {
    const r = repo();
    const pb = playbook([
      shell('exit 1', {
        id: 'flaky',
        onFailure: { step: shell('true', { id: 'note' }), maxAttempts: 1, failWorkflow: false },
      }),
      shell('echo after > after.txt', { id: 'after' }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary.status).toBe('completed');
    expect(summary.exitCode).toBe(0);
    expect(summary.steps.failed).toBe(1);
    expect(of('step.finished').map((e) => [e.label, e.status])).toEqual([
      ['flaky', 'failed'],
      ['note', 'ok'],
      ['after', 'ok'],
    ]);
    expect(r.git('log', '-1', '--format=%s')).toBe('mmm(test): after');
  });

  it('runs on_success after a successful step', async () => {
    const r = repo();
    const pb = playbook([
      shell('echo main > main.txt', {
        id: 'main',
        onSuccess: shell('echo followed > follow.txt', { id: 'follow' }),
      }),
    ]);
    const { of } = await run(r.dir, pb);
    expect(of('step.committed').map((e) => [e.label, e.role])).toEqual([
      ['main', 'step'],
      ['follow', 'on_success'],
    ]);
  });
});

describe('when:', () => {
  it('skips a step whose condition is false, saying what it saw', async () => {
    const r = repo();
    const pb = playbook([
      shell('exit 2', {
        id: 'test',
        onFailure: { step: shell('true'), maxAttempts: 1, failWorkflow: false },
      }),
      shell('echo lint > lint.txt', {
        id: 'lint',
        when: cond.v(ref.step('test', 'success')),
      }),
      shell('echo report > report.txt', {
        id: 'report',
        when: cond.eq(cond.v(ref.step('test', 'exit_code')), cond.lit(2)),
      }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    const skipped = of('step.skipped');
    expect(skipped.map((s) => s.label)).toEqual(['lint']);
    expect(skipped[0]!.reason).toBe('when: ${test.success} was false (${test.success} = "false")');
    expect(summary.steps.skipped).toBe(1);
    expect(r.git('log', '-1', '--format=%s')).toBe('mmm(test): report');
  });
});

/** A `when:` condition as the loader parses it. */
function when(src: string) {
  const { expr, problems } = parseCondition(src, () => ({ file: 'test.yml', line: 1, col: 1 }));
  expect(problems).toEqual([]);
  return expr;
}

describe('when: on handlers and until', () => {
  it('skips an on_failure handler whose condition is false, and tries the step again without it', async () => {
    const r = repo({ '.gitignore': 'runs.log\n' });
    const step = (condition: string) =>
      shell('echo run >> runs.log; test -f fixed.txt || exit 1', {
        id: 'test',
        onFailure: {
          step: shell('echo fixed > fixed.txt', { id: 'fix', when: when(condition) }),
          maxAttempts: 2,
        },
      });

    const skipped = await run(r.dir, playbook([step('${test.exit_code} == 2')]));
    expect(skipped.summary.exitCode).toBe(1);
    expect(skipped.of('step.skipped').map((e) => [e.label, e.role])).toEqual([
      ['fix', 'on_failure'],
    ]);
    expect(skipped.of('step.finished').map((e) => [e.label, e.role, e.status])).toEqual([
      ['test', 'step', 'failed'],
      ['test', 'step', 'failed'],
    ]);
    expect(existsSync(join(r.dir, 'fixed.txt'))).toBe(false);

    const ran = await run(r.dir, playbook([step('${test.exit_code} == 1')]));
    expect(ran.summary.exitCode).toBe(0);
    expect(ran.of('step.skipped')).toEqual([]);
    expect(r.git('show', 'HEAD:fixed.txt')).toBe('fixed');
  });

  it('skips an on_success handler whose condition is false; the step stays a success', async () => {
    const r = repo();
    const step = (condition: string) =>
      shell('echo go', {
        id: 'main',
        onSuccess: shell('echo followed > follow.txt', { id: 'follow', when: when(condition) }),
      });

    const skipped = await run(r.dir, playbook([step('${main.output} != "go"')]));
    expect(skipped.summary).toMatchObject({ exitCode: 0, steps: { ok: 1, failed: 0 } });
    expect(skipped.of('step.skipped').map((e) => [e.label, e.role])).toEqual([
      ['follow', 'on_success'],
    ]);
    expect(existsSync(join(r.dir, 'follow.txt'))).toBe(false);
    // A skipped handler is not a skipped step.
    expect(skipped.summary.steps.skipped).toBe(0);

    const ran = await run(r.dir, playbook([step('${main.output} == "go"')]));
    expect(ran.summary.exitCode).toBe(0);
    expect(r.git('show', 'HEAD:follow.txt')).toBe('followed');
  });

  it('does not take an until check whose condition is false as passed', async () => {
    const r = repo();
    const pb = playbook([shell(t`echo ${ref.iteration()} >> it.txt`, { id: 'write' })], {
      maxIterations: 5,
      until: shell('true', { id: 'done', when: when('${ITERATION} >= 2') }),
    });
    const { summary, of } = await run(r.dir, pb);
    expect(summary).toMatchObject({ reason: 'until_passed', iterations: 2, exitCode: 0 });
    expect(of('step.skipped').map((e) => [e.iteration, e.role])).toEqual([[1, 'until']]);
    expect(r.git('show', 'HEAD:it.txt')).toBe('1\n2');
  });
});

describe('on_success', () => {
  it('fails its step when it fails: the step stays committed, the handler work is saved', async () => {
    const r = repo();
    const pb = playbook([
      shell('echo main > main.txt', {
        id: 'main',
        onSuccess: shell('echo half > half.txt; exit 3', { id: 'after' }),
      }),
      shell('echo never > never.txt', { id: 'next' }),
    ]);
    const { summary, of } = await run(r.dir, pb);
    expect(summary).toMatchObject({ status: 'failed', exitCode: 1, steps: { ok: 0, failed: 1 } });
    expect(summary.message).toMatch(/^step 1 \(main\) failed: on_success handler failed: exited/);
    expect(of('step.finished').map((e) => [e.label, e.role, e.status])).toEqual([
      ['main', 'step', 'ok'],
      ['after', 'on_success', 'failed'],
    ]);
    expect(r.git('log', '-1', '--format=%s')).toBe('mmm(test): main');
    expect(existsSync(join(r.dir, 'never.txt'))).toBe(false);
    expect(r.git('status', '--porcelain')).toBe('');
    const saved = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/');
    expect(r.git('show', `${saved}:half.txt`)).toBe('half');
  });

  it('a failing on_success with fail_workflow: false lets the run go on', async () => {
    const r = repo();
    const pb = playbook([
      shell('echo main > main.txt', {
        id: 'main',
        onSuccess: shell('exit 3', { id: 'after' }),
        onFailure: { step: shell('true', { id: 'note' }), maxAttempts: 1, failWorkflow: false },
      }),
      shell('echo next > next.txt', { id: 'next' }),
    ]);
    const { summary } = await run(r.dir, pb);
    expect(summary).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(summary.steps).toEqual({ ok: 1, failed: 1, skipped: 0 });
    expect(r.git('log', '-1', '--format=%s')).toBe('mmm(test): next');
  });
});

describe('what an on_failure handler sees of the failed step', () => {
  it('a shell step: the tree as the step left it, committed with the fix when the fix succeeds', async () => {
    const r = repo();
    const pb = playbook([
      shell('test -f seen.txt || { echo partial > partial.txt; exit 1; }', {
        id: 'test',
        onFailure: {
          step: shell('cat partial.txt > seen.txt', { id: 'fix' }),
          maxAttempts: 2,
        },
      }),
    ]);
    const { summary } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(0);
    expect(r.git('show', 'HEAD:seen.txt')).toBe('partial');
    expect(r.git('log', '-1', '--format=%s')).toBe('mmm(test): fix');
    expect(r.git('show', '--name-only', '--format=', 'HEAD').split('\n')).toEqual([
      'partial.txt',
      'seen.txt',
    ]);
    expect(r.git('for-each-ref', 'refs/mmm/')).toBe('');
  });

  it('a shell step on its last try: its changes are saved and undone before the run stops', async () => {
    const r = repo({ '.gitignore': 'tries.log\n' });
    const pb = playbook([
      shell('echo try >> tries.log; echo "$(wc -l < tries.log)" > left.txt; exit 1', {
        id: 'test',
        onFailure: { step: shell('ls > listing.txt', { id: 'fix' }), maxAttempts: 2 },
      }),
    ]);
    const { summary } = await run(r.dir, pb);
    expect(summary.exitCode).toBe(1);
    // The fix saw the first try's file; the second try's change was saved, not committed.
    expect(r.git('show', 'HEAD:listing.txt').split('\n')).toContain('left.txt');
    expect(r.git('show', 'HEAD:left.txt').trim()).toBe('1');
    expect(readFileSync(join(r.dir, 'left.txt'), 'utf8').trim()).toBe('1');
    expect(r.git('status', '--porcelain')).toBe('');
    const saved = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/');
    expect(saved).toMatch(/\/failed-1$/);
    expect(r.git('show', `${saved}:left.txt`).trim()).toBe('2');
    expect(summary.message).toContain(`saved to ${saved}`);
  });

  it('a claude step: a tree reset to where the step began, its work saved to a ref', async () => {
    const r = repo();
    const agent = writeScenario(mkdtempSync(join(tmpdir(), 'mmm-fake-')), [
      { error: 'the agent gave up', write: { 'draft.txt': 'draft\n' } },
    ]);
    const pb = playbook([
      claude('write a draft', {
        id: 'draft',
        onFailure: {
          step: shell('if test -f draft.txt; then echo present; else echo absent; fi > seen.txt', {
            id: 'look',
          }),
          maxAttempts: 1,
        },
      }),
    ]);
    const { summary } = await run(r.dir, pb, {}, agent.env);
    expect(summary.exitCode).toBe(1);
    expect(r.git('show', 'HEAD:seen.txt')).toBe('absent');
    const saved = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/');
    expect(r.git('show', `${saved}:draft.txt`)).toBe('draft');
    expect(r.git('status', '--porcelain')).toBe('');
  });
});
