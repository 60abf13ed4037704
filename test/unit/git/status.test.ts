// Is the tree clean, and is git in the middle of something (src/git/status.ts): the files
// dirtyFiles names (renames, copies, one-letter names, line breaks), HEAD and branch as treeState
// reads them, the same with what submodules and nested repositories hold, and a merge, rebase,
// git am or cherry-pick left in progress, found in the right worktree and forgotten after a reset.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exec } from '../../../src/infra/exec.js';
import {
  dirtyFiles,
  isDirty,
  operationInGitDir,
  operationInProgress,
  quitOperation,
  treeState,
  treeStateWithEmbedded,
} from '../../../src/git/status.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const deps = { exec };
const repo = useTempRepos();

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const NONE = { nested: [], changedSubmodules: [], submoduleWork: [], stagedLinks: [] };

/** git in `dir`, local file URLs allowed (for submodules). */
function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'protocol.file.allow=always', ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** git in `dir` that is expected to fail (a conflict): its exit is not an error here. */
function gitFails(dir: string, ...args: string[]): void {
  expect(() => gitIn(dir, ...args)).toThrow();
}

describe('dirtyFiles', () => {
  it('names each changed path once: renames and copies by their new name, one-letter names, line breaks', async () => {
    const r = repo({ 'orig.txt': '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n', 'README.md': 'r\n' });
    r.git('config', 'status.renames', 'copies');
    r.write('copy.txt', '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n');
    r.write('orig.txt', '1\n2\n3\n4\n5\n6\n7\n8\n9\n');
    r.git('add', '-A');
    r.git('mv', 'README.md', 'READ.md');
    r.write('a', 'one letter\n');
    r.write('new\nline', 'x\n');
    expect(await dirtyFiles(deps, r.dir)).toEqual([
      'READ.md',
      'copy.txt',
      'orig.txt',
      'a',
      'new\nline',
    ]);
    expect(await isDirty(deps, r.dir)).toBe(true);
  });

  it('names nothing in a clean tree', async () => {
    const r = repo();
    expect(await dirtyFiles(deps, r.dir)).toEqual([]);
    expect(await isDirty(deps, r.dir)).toBe(false);
  });
});

describe('treeState', () => {
  it('reads HEAD, its branch and a clean tree, ignored files being no change', async () => {
    const r = repo({ '.gitignore': '*.log\n' });
    r.write('debug.log', 'ignored\n');
    expect(await treeState(deps, r.dir)).toEqual({
      commit: r.git('rev-parse', 'HEAD'),
      ref: 'refs/heads/main',
      dirty: false,
    });
  });

  it('sees an untracked file, and a staged change, as dirty', async () => {
    const r = repo();
    const commit = r.git('rev-parse', 'HEAD');
    r.write('new.txt', 'x\n');
    expect(await treeState(deps, r.dir)).toEqual({ commit, ref: 'refs/heads/main', dirty: true });
    r.git('add', 'new.txt');
    expect(await treeState(deps, r.dir)).toEqual({ commit, ref: 'refs/heads/main', dirty: true });
  });

  it('reads a detached HEAD as no branch, and a branch with no commit as no commit', async () => {
    const r = repo();
    const commit = r.git('rev-parse', 'HEAD');
    r.git('checkout', '-q', '--detach');
    expect(await treeState(deps, r.dir)).toEqual({ commit, ref: undefined, dirty: false });
    r.git('checkout', '-q', '--orphan', 'fresh');
    r.git('rm', '-rq', '--cached', '.');
    r.git('clean', '-fdq');
    expect(await treeState(deps, r.dir)).toEqual({
      commit: undefined,
      ref: 'refs/heads/fresh',
      dirty: false,
    });
  });

  it('is not dirty on a branch ahead of its upstream', async () => {
    const r = repo();
    r.git('branch', 'base');
    r.git('branch', '--set-upstream-to=base');
    r.write('b.txt', 'b\n');
    const commit = r.commitAll('ahead by one');
    expect(r.git('status', '--porcelain=v2', '--branch')).toMatch(/^# branch\.ab \+1 -0$/m);
    expect(await treeState(deps, r.dir)).toEqual({ commit, ref: 'refs/heads/main', dirty: false });
  });
});

describe('treeStateWithEmbedded', () => {
  /** A repository `r` with a submodule at `sub` (committed), and the upstream it came from. */
  function withSubmodule(): TempRepo {
    const upstream = repo({ 'lib.txt': 'lib\n' });
    const r = repo();
    gitIn(r.dir, 'submodule', 'add', '-q', upstream.dir, 'sub');
    r.commitAll('a submodule');
    return r;
  }

  /** withSubmodule, its submodule ignored (ignore=all) and its git directory moved away. */
  function withBrokenIgnoredSubmodule(): TempRepo {
    const r = withSubmodule();
    r.git('config', 'submodule.sub.ignore', 'all');
    renameSync(join(r.dir, '.git', 'modules', 'sub'), join(r.dir, '.git', 'modules', 'gone'));
    return r;
  }

  it('reads HEAD, its branch and a clean tree, with nothing embedded', async () => {
    const r = repo();
    expect(await treeStateWithEmbedded(deps, r.dir)).toEqual({
      commit: r.git('rev-parse', 'HEAD'),
      ref: 'refs/heads/main',
      dirty: false,
      embedded: NONE,
    });
  });

  it('names a nested repository in a dirty tree', async () => {
    const r = repo();
    r.git('init', '-q', 'app');
    r.write('app/index.js', 'x\n');
    expect(await treeStateWithEmbedded(deps, r.dir)).toEqual({
      commit: r.git('rev-parse', 'HEAD'),
      ref: 'refs/heads/main',
      dirty: true,
      embedded: { ...NONE, nested: ['app/'] },
    });
  });

  it('is clean when only a submodule the repository tells git to ignore changed, and still names its work', async () => {
    const r = withSubmodule();
    r.git('config', 'submodule.sub.ignore', 'dirty');
    r.write('sub/lib.txt', 'changed\n');
    expect(await treeStateWithEmbedded(deps, r.dir)).toEqual({
      commit: r.git('rev-parse', 'HEAD'),
      ref: 'refs/heads/main',
      dirty: false,
      embedded: { ...NONE, changedSubmodules: ['sub'], submoduleWork: ['sub'] },
    });
  });

  it('is dirty with a renamed submodule, and names it by its new path', async () => {
    const r = withSubmodule();
    r.git('mv', 'sub', 'moved');
    r.git('checkout', 'HEAD', '--', '.gitmodules');
    r.write('moved/lib.txt', 'changed\n');
    expect(await treeStateWithEmbedded(deps, r.dir)).toEqual({
      commit: r.git('rev-parse', 'HEAD'),
      ref: 'refs/heads/main',
      dirty: true,
      embedded: {
        ...NONE,
        changedSubmodules: ['moved'],
        submoduleWork: ['moved'],
        stagedLinks: ['moved'],
      },
    });
  });

  it('reads a clean tree whose ignored submodule git cannot look into, with nothing embedded', async () => {
    const r = withBrokenIgnoredSubmodule();
    expect(() => r.git('status', '--ignore-submodules=none')).toThrow(/not a git repository/);
    expect(await treeStateWithEmbedded(deps, r.dir)).toEqual({
      commit: r.git('rev-parse', 'HEAD'),
      ref: 'refs/heads/main',
      dirty: false,
      embedded: NONE,
    });
  });

  it('reads a dirty tree whose ignored submodule git cannot look into, naming a nested repository', async () => {
    const r = withBrokenIgnoredSubmodule();
    r.write('new.txt', 'x\n');
    r.git('init', '-q', 'app');
    r.write('app/index.js', 'x\n');
    expect(await treeStateWithEmbedded(deps, r.dir)).toEqual({
      commit: r.git('rev-parse', 'HEAD'),
      ref: 'refs/heads/main',
      dirty: true,
      embedded: { ...NONE, nested: ['app/'] },
    });
  });
});

/** Two branches that both change f.txt: merging, picking or rebasing one on the other conflicts. */
function conflicting(): { r: TempRepo; main: string; theirs: string[] } {
  const r = repo({ 'f.txt': 'base\n' });
  r.git('checkout', '-q', '-b', 'other');
  r.write('f.txt', 'other\n');
  const first = r.commitAll('other 1');
  r.write('g.txt', 'g\n');
  const second = r.commitAll('other 2');
  r.git('checkout', '-q', 'main');
  r.write('f.txt', 'main\n');
  const main = r.commitAll('main');
  return { r, main, theirs: [first, second] };
}

describe('operationInGitDir and operationInProgress', () => {
  it('find nothing in progress in a plain repository', async () => {
    const r = repo();
    expect(operationInGitDir(join(r.dir, '.git'))).toBeUndefined();
    expect(await operationInProgress(deps, r.dir)).toBeUndefined();
  });

  it('find a merge waiting for its conflict to be resolved, and say how to finish or abort it', async () => {
    const { r } = conflicting();
    gitFails(r.dir, 'merge', 'other');
    const merge = {
      what: 'a merge',
      path: join(r.dir, '.git', 'MERGE_HEAD'),
      finish: 'git commit',
      abort: 'git merge --abort',
    };
    expect(operationInGitDir(join(r.dir, '.git'))).toEqual(merge);
    expect(await operationInProgress(deps, r.dir)).toEqual(merge);
  });

  it('find a cherry-pick, then the series of picks it was part of once it is reset', async () => {
    const { r, theirs } = conflicting();
    gitFails(r.dir, 'cherry-pick', ...theirs);
    const gitDir = join(r.dir, '.git');
    expect(await operationInProgress(deps, r.dir)).toEqual({
      what: 'a cherry-pick',
      path: join(gitDir, 'CHERRY_PICK_HEAD'),
      finish: 'git cherry-pick --continue',
      abort: 'git cherry-pick --abort',
    });
    r.git('reset', '-q', '--hard');
    const series = {
      what: 'a cherry-pick or revert of several commits',
      path: join(gitDir, 'sequencer'),
      finish: 'git cherry-pick --continue',
      abort: 'git cherry-pick --quit',
    };
    expect(operationInGitDir(gitDir)).toEqual(series);
    expect(await operationInProgress(deps, r.dir)).toEqual(series);
  });

  it('find a revert and a rebase', async () => {
    const { r, main } = conflicting();
    r.write('f.txt', 'after\n');
    r.commitAll('after');
    gitFails(r.dir, 'revert', '--no-edit', main);
    const gitDir = join(r.dir, '.git');
    expect(await operationInProgress(deps, r.dir)).toEqual({
      what: 'a revert',
      path: join(gitDir, 'REVERT_HEAD'),
      finish: 'git revert --continue',
      abort: 'git revert --abort',
    });
    r.git('revert', '--abort');
    gitFails(r.dir, 'rebase', 'other');
    expect(operationInGitDir(gitDir)).toEqual({
      what: 'a rebase',
      path: join(gitDir, 'rebase-merge'),
      finish: 'git rebase --continue',
      abort: 'git rebase --abort',
    });
  });

  it('look in the worktree’s own git directory, not in the one they all share', async () => {
    const { r } = conflicting();
    r.git('branch', 'wt', 'main');
    const holder = mkdtempSync(join(tmpdir(), 'mmm-wt-'));
    made.push(holder);
    const wt = join(holder, 'wt');
    r.git('worktree', 'add', '-q', wt, 'wt');
    gitFails(wt, 'merge', 'other');
    const own = join(r.dir, '.git', 'worktrees', 'wt');
    expect(await operationInProgress(deps, wt)).toEqual({
      what: 'a merge',
      path: join(own, 'MERGE_HEAD'),
      finish: 'git commit',
      abort: 'git merge --abort',
    });
    expect(await operationInProgress(deps, r.dir)).toBeUndefined();
    gitIn(wt, 'merge', '--abort');
    gitFails(r.dir, 'merge', 'other');
    expect(await operationInProgress(deps, wt)).toBeUndefined();
  });
});

describe('quitOperation', () => {
  it('forgets a git am left after a reset, moving neither HEAD nor the tree', async () => {
    const { r, main } = conflicting();
    const patches = join(r.dir, '.git', 'patches');
    r.git('format-patch', '-q', '-o', patches, 'main..other');
    gitFails(r.dir, 'am', join(patches, '0001-other-1.patch'), join(patches, '0002-other-2.patch'));
    const gitDir = join(r.dir, '.git');
    expect(operationInGitDir(gitDir)?.what).toBe('a rebase or git am');
    r.git('reset', '-q', '--hard');
    await quitOperation(deps, r.dir, gitDir);
    expect(operationInGitDir(gitDir)).toBeUndefined();
    expect(r.git('rev-parse', 'HEAD')).toBe(main);
    expect(r.git('symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('forgets a rebase of either kind, leaving the changes it had stashed in the stash list', async () => {
    for (const backend of ['--apply', '--merge']) {
      const { r, main } = conflicting();
      r.write('f.txt', 'uncommitted\n');
      gitFails(r.dir, 'rebase', backend, '--autostash', 'other');
      const gitDir = join(r.dir, '.git');
      expect(
        existsSync(join(gitDir, backend === '--apply' ? 'rebase-apply' : 'rebase-merge')),
      ).toBe(true);
      r.git('reset', '-q', '--hard');
      await quitOperation(deps, r.dir, gitDir);
      expect(operationInGitDir(gitDir), backend).toBeUndefined();
      expect(r.git('stash', 'list', '--format=%s'), backend).toBe('On main: autostash');
      expect(r.git('show', 'stash@{0}:f.txt'), backend).toBe('uncommitted');
      expect(r.git('rev-parse', 'main'), backend).toBe(main);
    }
  });

  it('forgets a series of cherry-picks, leaving the branch where the reset put it', async () => {
    const { r, main, theirs } = conflicting();
    gitFails(r.dir, 'cherry-pick', ...theirs);
    r.git('reset', '-q', '--hard');
    const gitDir = join(r.dir, '.git');
    await quitOperation(deps, r.dir, gitDir);
    expect(operationInGitDir(gitDir)).toBeUndefined();
    expect(r.git('rev-parse', 'HEAD')).toBe(main);
  });

  it('does nothing when nothing is in progress', async () => {
    const r = repo();
    const head = r.git('rev-parse', 'HEAD');
    await quitOperation(deps, r.dir, join(r.dir, '.git'));
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
    expect(r.git('status', '--porcelain')).toBe('');
  });
});
