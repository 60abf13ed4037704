// What `mmm worktree clean` refuses, in its own words, and what it leaves as it was.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanSession } from '../../../src/sessions/clean.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { branches, commitFile, deps, git, makeSession, runMmm } from '../../helpers/worktree.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe('mmm worktree clean refuses', () => {
  it('a worktree holding a repository of its own, naming it and what to do', async () => {
    repo = makeTempRepo();
    const s = await makeSession(repo.dir, 'completed');
    git(s.worktreePath, 'init', '-q', 'lib');
    const one = await runMmm(repo.dir, ['worktree', 'clean', s.name]);
    expect(one.code).toBe(3);
    expect(one.stderr).toContain(
      `cannot clean session ${s.name}: its worktree holds a git repository of its own (lib/), whose files no ref can keep and which removing the worktree would delete`,
    );
    expect(one.stderr).toContain(
      `move it out of ${s.worktreePath}, or remove ${join(s.worktreePath, 'lib/', '.git')} to have its files saved with the session's other work, then run this again`,
    );
    git(s.worktreePath, 'init', '-q', 'vendor');
    const two = await runMmm(repo.dir, ['worktree', 'clean', s.name]);
    expect(two.code).toBe(3);
    expect(two.stderr).toContain('holds git repositories of its own (lib/, vendor/)');
    expect(two.stderr).toContain('move them out of');
    expect(existsSync(join(s.worktreePath, 'lib', '.git'))).toBe(true);
    expect(branches(repo.dir)).toContain(s.branch);
  });

  it('a worktree that lost its .git, with how to put it back', async () => {
    repo = makeTempRepo();
    const s = await makeSession(repo.dir, 'completed');
    rmSync(join(s.worktreePath, '.git'));
    const run = await runMmm(repo.dir, ['worktree', 'clean', s.name]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`cannot clean session ${s.name}: its worktree `);
    expect(run.stderr).toContain(
      `put its .git back (git worktree repair ${s.worktreePath}, in the repository) and run this again`,
    );
    expect(existsSync(s.worktreePath)).toBe(true);
    expect(branches(repo.dir)).toContain(s.branch);
  });

  it('a submodule with work of its own, naming it and how to look at that work', async () => {
    const upstream = makeTempRepo({ 'lib.c': 'int lib;\n' });
    try {
      repo = makeTempRepo();
      const sub = (cwd: string, ...args: string[]) =>
        git(cwd, '-c', 'protocol.file.allow=always', ...args);
      sub(repo.dir, 'submodule', 'add', '-q', upstream.dir, 'lib');
      git(repo.dir, 'commit', '-qm', 'lib');
      const s = await makeSession(repo.dir, 'completed');
      sub(s.worktreePath, 'submodule', 'update', '--init', '-q');
      writeFileSync(join(s.worktreePath, 'lib', 'lib.c'), 'int changed;\n');
      const run = await runMmm(repo.dir, ['worktree', 'clean', s.name]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(
        `cannot clean session ${s.name}: a submodule of its worktree (lib) holds work of its own (changed files, or a commit checked out that the session did not commit), which no ref can keep and which removing the worktree would delete`,
      );
      const lib = join(s.worktreePath, 'lib');
      expect(run.stderr).toContain(
        `keep that work (git -C ${lib} status and git -C ${lib} log show it; push or copy it elsewhere), undo it, then run this again`,
      );
      expect(existsSync(join(lib, 'lib.c'))).toBe(true);
    } finally {
      upstream.cleanup();
    }
  });

  it('unmerged commits without --force, saying how many and where they are not', async () => {
    repo = makeTempRepo();
    const s = await makeSession(repo.dir, 'completed');
    commitFile(s.worktreePath, 'one.txt', '1\n', 'one');
    commitFile(s.worktreePath, 'two.txt', '2\n', 'two');
    const run = await runMmm(repo.dir, ['worktree', 'clean', s.name]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`session ${s.name} has 2 commit(s) not merged into main`);
    expect(run.stderr).toContain(
      `merge it first (mmm worktree merge ${s.name}) or discard them with --force`,
    );
    const forced = await cleanSession(deps, { cwd: repo.dir, name: s.name, force: true });
    expect(forced).toMatchObject({ unmerged: 2, worktreeRemoved: true, alreadyCleaned: false });
  });
});

describe('mmm worktree clean', () => {
  it('does nothing more to a session already cleaned', async () => {
    repo = makeTempRepo();
    const s = await makeSession(repo.dir, 'completed');
    const first = await cleanSession(deps, { cwd: repo.dir, name: s.name });
    expect(first).toMatchObject({ alreadyCleaned: false, worktreeRemoved: true });
    expect(first.record.status).toBe('cleaned');
    const again = await cleanSession(deps, { cwd: repo.dir, name: s.name });
    expect(again).toMatchObject({
      alreadyCleaned: true,
      worktreeRemoved: false,
      savedRef: undefined,
      branchTip: undefined,
    });
  });

  it('saves nothing for a detached HEAD on a commit its branch already has', async () => {
    repo = makeTempRepo();
    const s = await makeSession(repo.dir, 'completed');
    git(s.worktreePath, 'checkout', '-q', '--detach', 'HEAD');
    const result = await cleanSession(deps, { cwd: repo.dir, name: s.name });
    expect(result).toMatchObject({ savedRef: undefined, savedDetached: false, savedFiles: 0 });
    expect(result.worktreeRemoved).toBe(true);
    expect(git(repo.dir, 'for-each-ref', 'refs/mmm/sessions')).toBe('');
  });

  it('records in the session the ref its stray commits were saved to', async () => {
    repo = makeTempRepo();
    const s = await makeSession(repo.dir, 'completed');
    commitFile(s.worktreePath, 'kept.txt', 'k\n', 'kept');
    git(repo.dir, 'merge', '-q', '--ff-only', s.branch);
    git(s.worktreePath, 'checkout', '-q', '--detach', 'HEAD');
    commitFile(s.worktreePath, 'stray.txt', 's\n', 'stray');
    const result = await cleanSession(deps, { cwd: repo.dir, name: s.name });
    expect(result).toMatchObject({ savedDetached: true, savedFiles: 0, worktreeRemoved: true });
    expect(result.savedRef).toBe(`refs/mmm/sessions/${s.name}`);
    expect(git(repo.dir, 'show', `${result.savedRef!}:stray.txt`)).toBe('s');
    expect(result.record.savedRef).toBe(result.savedRef);
  });
});
