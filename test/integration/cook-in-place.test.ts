// mmm cook in place, in-process: what it refuses before anything runs, and where steps run.
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempRepos, withoutGitIdentity, type TempRepo } from '../helpers/repo.js';
import { runMmm } from '../helpers/worktree.js';

const repo = useTempRepos();

const playbook = 'steps:\n  - shell: echo ran > ran.txt\n';

/** Two branches that change the same line of f.txt: `main` (checked out) and `other`. */
function diverged(): TempRepo {
  const r = repo({ 'f.txt': 'base\n', 'pb.yml': playbook });
  r.git('checkout', '-q', '-b', 'other');
  r.write('f.txt', 'other\n');
  r.commitAll('other side');
  r.git('checkout', '-q', 'main');
  r.write('f.txt', 'main\n');
  r.commitAll('main side');
  return r;
}

async function expectRefused(r: TempRepo, what: string, finish: string, abort: string) {
  const head = r.git('rev-parse', 'HEAD');
  const status = r.git('status', '--porcelain');
  const result = await runMmm(r.dir, ['cook', 'pb.yml']);
  expect(result.code).toBe(3);
  expect(result.stderr).toContain(`${what} is in progress in this repository`);
  expect(result.stderr).toContain(`finish it (${finish}) or abort it (${abort})`);
  expect(result.stdout).toBe('');
  expect(r.git('rev-parse', 'HEAD')).toBe(head);
  expect(r.git('status', '--porcelain')).toBe(status);
  expect(existsSync(join(r.dir, 'ran.txt'))).toBe(false);
}

describe('mmm cook refuses to start (exit 3), changing nothing', () => {
  it('while a merge waits to be concluded', async () => {
    const r = diverged();
    expect(() => r.git('merge', '-q', 'other')).toThrow();
    await expectRefused(r, 'a merge', 'git commit', 'git merge --abort');
  });

  it('while a revert waits to be concluded', async () => {
    const r = diverged();
    r.write('f.txt', 'later\n');
    r.commitAll('later');
    expect(() => r.git('revert', '--no-edit', 'HEAD~1')).toThrow();
    await expectRefused(r, 'a revert', 'git revert --continue', 'git revert --abort');
  });

  it('while a rebase waits to be concluded', async () => {
    const r = diverged();
    expect(() => r.git('rebase', '-q', 'other')).toThrow();
    await expectRefused(r, 'a rebase', 'git rebase --continue', 'git rebase --abort');
  });

  it('when git has no identity to commit with, naming what git said', async () => {
    const r = repo({ 'pb.yml': playbook });
    await withoutGitIdentity(r, async () => {
      const head = r.git('rev-parse', 'HEAD');
      const result = await runMmm(r.dir, ['cook', 'pb.yml']);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/git cannot commit here: fatal: /);
      expect(result.stderr).toContain('git config user.name');
      expect(r.git('rev-parse', 'HEAD')).toBe(head);
      expect(existsSync(join(r.dir, 'ran.txt'))).toBe(false);
    });
  });
});

describe('working_dir in an in-place run', () => {
  it('is relative to the root of the tree, wherever mmm was started', async () => {
    const r = repo({
      'tools/pb.yml': 'steps:\n  - shell: pwd -P > here.txt\n    working_dir: app\n',
      'app/keep': '',
      'tools/app/keep': '',
    });
    const result = await runMmm(join(r.dir, 'tools'), ['cook', 'pb.yml']);
    expect(result.code).toBe(0);
    expect(r.git('show', 'HEAD~1:app/here.txt')).toBe(join(realpathSync(r.dir), 'app'));
    expect(existsSync(join(r.dir, 'tools', 'app', 'here.txt'))).toBe(false);
  });
});

describe('when: as written in a playbook', () => {
  it('compares booleans, exit codes and text as the run finds them', async () => {
    const r = repo({
      'pb.yml': [
        'steps:',
        '  - shell: echo FAIL; exit 1',
        '    id: test',
        '    on_failure: { shell: "true", max_attempts: 1, fail_workflow: false }',
        '  - shell: echo a > failed-is-false.txt',
        '    when: "${test.success} == false"',
        '  - shell: echo b > failed-is-true.txt',
        '    when: "${test.success} == true"',
        '  - shell: echo c > code-at-most-1.txt',
        '    when: "${test.exit_code} <= 1"',
        '  - shell: echo d > code-at-most-0.txt',
        '    when: "${test.exit_code} <= 0"',
        '  - shell: echo e > not-success.txt',
        '    when: "!${test.success} && ${test.output} != \'\'"',
        '  - shell: echo f > text-false.txt',
        '    when: "\'False\'"',
        '',
      ].join('\n'),
    });
    const result = await runMmm(r.dir, ['cook', 'pb.yml']);
    expect(result.stderr).not.toMatch(/^error/m);
    expect(result.code).toBe(0);
    const files = r.git('ls-tree', '--name-only', 'HEAD').split('\n');
    expect(files.filter((f) => f.endsWith('.txt'))).toEqual([
      'code-at-most-1.txt',
      'failed-is-false.txt',
      'not-success.txt',
    ]);
  });
});
