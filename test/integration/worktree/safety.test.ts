// Sessions must never cost the user work: commits on a detached HEAD in a session, a base branch
// in the middle of a rebase, a branch that blocks the session branches, a merge git refuses.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { commitFile, git, makeSession, runMmm } from '../../helpers/worktree.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe('worktree sessions keep the user’s work', () => {
  it('clean saves commits made on a detached HEAD in the session before removing it', async () => {
    repo = makeTempRepo();
    const session = await makeSession(repo.dir);
    git(session.worktreePath, 'checkout', '-q', '--detach');
    const precious = commitFile(session.worktreePath, 'p.txt', 'p\n', 'precious');

    const run = await runMmm(repo.dir, ['worktree', 'clean', session.name]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('commits on its detached HEAD');
    const saved = `refs/mmm/sessions/${session.name}`;
    expect(repo.git('merge-base', '--is-ancestor', precious, saved)).toBe('');
  });

  it('merge refuses a base branch that is being rebased (exit 3), moving nothing', async () => {
    repo = makeTempRepo();
    commitFile(repo.dir, 'r.txt', '1\n', 'r1');
    commitFile(repo.dir, 'r.txt', '1\n2\n', 'r2');
    const session = await makeSession(repo.dir);
    commitFile(session.worktreePath, 'feature.txt', 'f\n', 'add feature');
    execFileSync('git', ['rebase', '-q', '-i', 'HEAD~2'], {
      cwd: repo.dir,
      env: { ...process.env, GIT_SEQUENCE_EDITOR: 'sed -i 1s/^pick/edit/' },
      stdio: 'ignore',
    });
    const main = repo.git('rev-parse', 'refs/heads/main');

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain('main is being rebased in');
    expect(run.stderr).toContain('git rebase --continue or git rebase --abort');
    expect(repo.git('rev-parse', 'refs/heads/main')).toBe(main);
    repo.git('rebase', '--continue');
    expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
  });

  it('a branch named mmm is an unmet precondition (exit 3), not a crash', async () => {
    repo = makeTempRepo({ 'pb.yml': 'steps:\n  - shell: echo x > x.txt\n' });
    repo.git('branch', 'mmm');

    const run = await runMmm(repo.dir, ['cook', 'pb.yml', '--worktree']);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain('a branch named mmm exists');
    expect(run.stderr).toContain('git branch -m mmm');
  });

  it('a merge git refuses names the files in the way', async () => {
    repo = makeTempRepo();
    const session = await makeSession(repo.dir);
    commitFile(session.worktreePath, 'new.txt', 's\n', 'session adds new.txt');
    writeFileSync(join(repo.dir, 'new.txt'), 'mine\n');
    commitFile(repo.dir, 'y.txt', 'y\n', 'main moves on');

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain('new.txt');
    expect(repo.git('show', 'HEAD:y.txt')).toBe('y');
  });

  it('merge refuses to overwrite a file the checkout ignores (a .env), changing nothing', async () => {
    repo = makeTempRepo({ '.gitignore': '.env\n' });
    const session = await makeSession(repo.dir);
    writeFileSync(join(session.worktreePath, '.env'), 'FROM=session\n');
    git(session.worktreePath, 'add', '-f', '.env');
    git(session.worktreePath, 'commit', '-q', '-m', 'session adds .env');
    writeFileSync(join(repo.dir, '.env'), 'SECRET=mine\n');
    const main = repo.git('rev-parse', 'main');

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain('files your checkout ignores');
    expect(run.stderr).toContain('.env');
    expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toBe('SECRET=mine\n');
    expect(repo.git('rev-parse', 'main')).toBe(main);
  });
});
