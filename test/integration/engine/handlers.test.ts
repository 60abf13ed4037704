import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempRepos } from '../../helpers/repo.js';
import { cond, playbook, ref, run, shell, t } from '../../helpers/engine.js';

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
    const pb = playbook([
      shell(testScript, { id: 'test', onFailure: { step: noFix, maxAttempts: 3 } }),
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
