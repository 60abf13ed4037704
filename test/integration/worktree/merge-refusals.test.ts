// What `mmm worktree merge` refuses before it merges anything, in its own words.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanSession } from '../../../src/sessions/clean.js';
import { readSession } from '../../../src/sessions/store.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { commitFile, deps, makeSession, runMmm, storeFor } from '../../helpers/worktree.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe('mmm worktree merge refuses', () => {
  it('a session already cleaned', async () => {
    repo = makeTempRepo();
    const s = await makeSession(repo.dir);
    await cleanSession(deps, { cwd: repo.dir, name: s.name });
    const run = await runMmm(repo.dir, ['worktree', 'merge', s.name]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`session ${s.name} was cleaned; there is nothing left to merge`);
  });

  it('a session whose base branch is gone, with how to merge it by hand', async () => {
    repo = makeTempRepo();
    repo.git('checkout', '-q', '-b', 'feature');
    const s = await makeSession(repo.dir);
    commitFile(s.worktreePath, 'f.txt', 'f\n', 'f');
    repo.git('checkout', '-q', 'main');
    repo.git('branch', '-q', '-D', 'feature');
    const run = await runMmm(repo.dir, ['worktree', 'merge', s.name]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`the base branch feature of session ${s.name} no longer exists`);
    expect(run.stderr).toContain(`merge it by hand: git merge ${s.branch}`);
  });

  it('a checkout with uncommitted changes, naming five of them and that there are more', async () => {
    repo = makeTempRepo(Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`f${n}.txt`, 'x\n'])));
    const s = await makeSession(repo.dir);
    commitFile(s.worktreePath, 'new.txt', 'n\n', 'new');
    for (const n of [1, 2, 3, 4, 5]) repo.write(`f${n}.txt`, 'edited\n');
    // Untracked files are no obstacle: the merge does not touch them.
    repo.write('loose.txt', 'mine\n');
    const five = await runMmm(repo.dir, ['worktree', 'merge', s.name]);
    expect(five.code).toBe(3);
    expect(five.stderr).toContain(
      'your checkout of main has uncommitted changes (f1.txt, f2.txt, f3.txt, f4.txt, f5.txt)',
    );
    expect(five.stderr).toContain('commit or stash them, then run the merge again');
    repo.write('f6.txt', 'edited\n');
    const six = await runMmm(repo.dir, ['worktree', 'merge', s.name]);
    expect(six.stderr).toContain('(f1.txt, f2.txt, f3.txt, f4.txt, f5.txt, …)');
  });

  it('a merge in progress in the checkout that mmm did not start, leaving it be', async () => {
    repo = makeTempRepo({ 'a.txt': 'a\n' });
    const s = await makeSession(repo.dir);
    commitFile(s.worktreePath, 'new.txt', 'n\n', 'new');
    repo.git('checkout', '-q', '-b', 'other');
    repo.write('a.txt', 'other\n');
    repo.git('commit', '-qam', 'other');
    repo.git('checkout', '-q', 'main');
    repo.write('a.txt', 'main\n');
    repo.git('commit', '-qam', 'main');
    try {
      repo.git('merge', '-q', 'other');
    } catch {
      // The conflict is the point.
    }
    const run = await runMmm(repo.dir, ['worktree', 'merge', s.name]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /a merge is in progress in your checkout of main \(.*MERGE_HEAD\), and mmm did not start it/,
    );
    expect(run.stderr).toMatch(
      /finish it \(.+\) or abort it \(git merge --abort\), then run the merge again/,
    );
    expect(repo.git('rev-parse', '-q', '--verify', 'MERGE_HEAD')).not.toBe('');
    expect((await readSession(storeFor(repo.dir), s.name))?.status).toBe('completed');
  });
});
