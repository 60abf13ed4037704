// Git worktrees as mmm sees them, on real repositories: describing a checkout, listing worktrees
// (locked, gone, a git directory kept elsewhere), finding a branch checked out, rebased or
// bisected in another worktree, adding and removing worktrees, pruning, uncommitted paths and the
// files of a commit.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitCommandError, type GitDeps } from '../../../src/git/run.js';
import {
  addWorktree,
  describeCheckout,
  findBranchBusy,
  findBranchCheckout,
  listFilesAt,
  listWorktrees,
  pruneWorktrees,
  removeWorktree,
  uncommittedPaths,
  uncommittedWork,
} from '../../../src/git/worktree.js';
import type { ExecResult } from '../../../src/infra/exec.js';
import { execResult } from '../../helpers/exec-result.js';
import {
  gitGivenADirectory,
  useTempDirs,
  useTempRepos,
  type TempRepo,
} from '../../helpers/repo.js';

const repo = useTempRepos();

const deps = gitGivenADirectory;

/** A fresh directory outside every repository. */
const outside = useTempDirs('mmm-worktree-');

/** A repository whose path is spelled as git spells it. */
function realRepo(files?: Record<string, string>): TempRepo {
  const r = repo(files);
  return { ...r, dir: realpathSync(r.dir) };
}

/** A linked worktree of `r` outside it, on `branch` or detached. */
function linked(r: TempRepo, branch?: string): string {
  const tree = join(outside(), 'tree');
  r.git('worktree', 'add', '-q', ...(branch ? [tree, branch] : ['--detach', tree]));
  return tree;
}

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** The main worktree first, as git lists it, then the linked ones in path order (git lists those by its own admin names). */
function sorted<T extends { path: string }>(entries: T[]): T[] {
  const [main, ...rest] = entries;
  return main ? [main, ...rest.sort((a, b) => a.path.localeCompare(b.path))] : [];
}

function failed(stderr: string): ExecResult {
  return execResult({ stderr, exitCode: 128 });
}

describe('describeCheckout', () => {
  it('is undefined outside a repository', async () => {
    expect(await describeCheckout(deps, outside())).toBeUndefined();
  });

  it('describes the main checkout and a detached linked worktree of the same repository', async () => {
    const r = realRepo();
    const head = r.git('rev-parse', 'HEAD');
    mkdirSync(join(r.dir, 'sub'));
    expect(await describeCheckout(deps, join(r.dir, 'sub'))).toEqual({
      toplevel: r.dir,
      mainRoot: r.dir,
      head,
      branch: 'main',
    });
    const tree = linked(r);
    expect(await describeCheckout(deps, tree)).toEqual({
      toplevel: tree,
      mainRoot: r.dir,
      head,
      branch: undefined,
    });
  });

  it('has no head in a repository without commits, and names a git directory kept elsewhere as the root', async () => {
    const top = outside();
    gitIn(top, 'init', '-q', '-b', 'trunk', '--separate-git-dir', join(top, 'store'), 'work');
    expect(await describeCheckout(deps, join(top, 'work'))).toEqual({
      toplevel: join(top, 'work'),
      mainRoot: join(top, 'store'),
      head: undefined,
      branch: 'trunk',
    });
  });
});

describe('listWorktrees', () => {
  it('lists the main checkout, a branch, a detached tree, a locked one and a gone one', async () => {
    const r = realRepo();
    const head = r.git('rev-parse', 'HEAD');
    r.git('branch', 'feature');
    r.git('branch', 'refs-like/refs/heads/x');
    const onBranch = linked(r, 'feature');
    const nested = linked(r, 'refs-like/refs/heads/x');
    const detached = linked(r);
    const locked = linked(r);
    r.git('worktree', 'lock', locked);
    const lockedWithReason = linked(r);
    r.git('worktree', 'lock', '--reason', 'on a removable disk', lockedWithReason);
    const gone = linked(r);
    rmSync(gone, { recursive: true });
    const entry = (path: string, branch?: string) => ({
      path,
      head,
      branch,
      prunable: false,
      locked: false,
    });
    const listed = await listWorktrees(deps, r.dir);
    expect(listed[0]).toEqual(entry(r.dir, 'main'));
    expect(sorted(listed)).toEqual(
      sorted([
        entry(r.dir, 'main'),
        entry(onBranch, 'feature'),
        entry(nested, 'refs-like/refs/heads/x'),
        entry(detached),
        { ...entry(locked), locked: true },
        { ...entry(lockedWithReason), locked: true },
        { ...entry(gone), prunable: true },
      ]),
    );
  });

  it('names the main working tree, not its git directory, when the git directory is kept elsewhere', async () => {
    const top = outside();
    const work = join(top, 'work');
    const store = join(top, 'store');
    gitIn(top, 'init', '-q', '-b', 'main', '--separate-git-dir', store, 'work');
    gitIn(work, 'commit', '-q', '--allow-empty', '-m', 'first');
    const head = gitIn(work, 'rev-parse', 'HEAD');
    const tree = join(top, 'tree');
    gitIn(work, 'worktree', 'add', '-q', '--detach', tree);
    const fromWork = await listWorktrees(deps, work);
    expect(fromWork.map((e) => [e.path, e.branch, e.head])).toEqual([
      [work, 'main', head],
      [tree, undefined, head],
    ]);
    // From the linked worktree git cannot tell where the main working tree is.
    const fromTree = await listWorktrees(deps, tree);
    expect(fromTree.map((e) => e.path)).toEqual([store, tree]);
  });

  it('fails outside a repository', async () => {
    await expect(listWorktrees(deps, outside())).rejects.toThrow(GitCommandError);
  });
});

describe('findBranchCheckout', () => {
  it('finds the worktree holding a branch, and nothing for a branch held nowhere or by a gone tree', async () => {
    const r = realRepo();
    r.git('branch', 'feature');
    r.git('branch', 'idle');
    r.git('branch', 'lost');
    const tree = linked(r, 'feature');
    const gone = linked(r, 'lost');
    rmSync(gone, { recursive: true });
    expect(await findBranchCheckout(deps, r.dir, 'feature')).toEqual({
      path: tree,
      head: r.git('rev-parse', 'feature'),
      branch: 'feature',
      prunable: false,
      locked: false,
    });
    expect((await findBranchCheckout(deps, tree, 'main'))?.path).toBe(r.dir);
    expect(await findBranchCheckout(deps, r.dir, 'idle')).toBeUndefined();
    expect(await findBranchCheckout(deps, r.dir, 'lost')).toBeUndefined();
  });
});

describe('findBranchBusy', () => {
  /** A repository whose branch `feature` conflicts with main in a.txt. */
  function diverged(): TempRepo {
    const r = realRepo({ 'a.txt': 'base\n' });
    r.git('branch', 'feature');
    r.write('a.txt', 'main\n');
    r.commitAll('on main');
    return r;
  }

  function conflictedRebase(r: TempRepo, ...how: string[]): string {
    const tree = linked(r, 'feature');
    writeFileSync(join(tree, 'a.txt'), 'feature\n');
    gitIn(tree, 'commit', '-q', '-am', 'on feature');
    expect(() => gitIn(tree, 'rebase', ...how, 'main')).toThrow();
    return tree;
  }

  it('finds the worktree where a branch is being rebased, by either backend', async () => {
    for (const how of [['--merge'], ['--apply']]) {
      const r = diverged();
      const tree = conflictedRebase(r, ...how);
      expect(await findBranchBusy(deps, r.dir, 'feature'), how[0]).toEqual({
        path: tree,
        what: 'rebased',
      });
      expect(await findBranchBusy(deps, r.dir, 'main'), how[0]).toBeUndefined();
      expect(await findBranchCheckout(deps, r.dir, 'feature'), how[0]).toBeUndefined();
    }
  });

  it('finds the worktree where a branch is being bisected, its name recorded short or in full', async () => {
    const r = realRepo({ 'a.txt': '0\n' });
    const good = r.git('rev-parse', 'HEAD');
    r.git('branch', 'feature');
    const tree = linked(r, 'feature');
    for (const n of ['1', '2', '3']) {
      writeFileSync(join(tree, 'a.txt'), `${n}\n`);
      gitIn(tree, 'commit', '-q', '-am', n);
    }
    gitIn(tree, 'bisect', 'start', 'feature', good);
    expect(gitIn(tree, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('HEAD');
    expect(await findBranchBusy(deps, r.dir, 'feature')).toEqual({ path: tree, what: 'bisected' });
    expect(await findBranchBusy(deps, r.dir, 'main')).toBeUndefined();
    writeFileSync(gitIn(tree, 'rev-parse', '--git-path', 'BISECT_START'), 'refs/heads/feature\n');
    expect(await findBranchBusy(deps, r.dir, 'feature')).toEqual({ path: tree, what: 'bisected' });
  });

  it('does not call a branch busy while a bisect has not yet moved HEAD off it', async () => {
    const r = realRepo();
    r.git('branch', 'feature');
    const tree = linked(r, 'feature');
    gitIn(tree, 'bisect', 'start');
    expect(await findBranchBusy(deps, r.dir, 'feature')).toBeUndefined();
    expect((await findBranchCheckout(deps, r.dir, 'feature'))?.path).toBe(tree);
  });

  it('passes over detached trees that are idle, locked and gone, or gone', async () => {
    const r = realRepo();
    linked(r);
    const lockedGone = linked(r);
    r.git('worktree', 'lock', lockedGone);
    rmSync(lockedGone, { recursive: true });
    rmSync(linked(r), { recursive: true });
    const states = (await listWorktrees(deps, r.dir)).map((e) => `${e.locked} ${e.prunable}`);
    expect(states.sort()).toEqual(['false false', 'false false', 'false true', 'true false']);
    expect(await findBranchBusy(deps, r.dir, 'main')).toBeUndefined();
  });
});

describe('addWorktree', () => {
  it('checks out an existing branch in a new directory, creating its parents', async () => {
    const r = realRepo({ 'a.txt': 'a\n' });
    r.git('branch', 'feature');
    const path = join(outside(), 'deep', 'er', 'tree');
    await addWorktree(deps, r.dir, path, 'feature');
    expect(gitIn(path, 'symbolic-ref', '--short', 'HEAD')).toBe('feature');
    expect(gitIn(path, 'status', '--porcelain')).toBe('');
    expect((await listWorktrees(deps, r.dir)).map((e) => [e.path, e.branch])).toEqual([
      [r.dir, 'main'],
      [path, 'feature'],
    ]);
  });

  it('refuses a path that holds files, and a branch checked out elsewhere, at the first try', async () => {
    const r = realRepo();
    r.git('branch', 'feature');
    const taken = outside();
    writeFileSync(join(taken, 'mine.txt'), 'mine\n');
    const calls: string[][] = [];
    const counting: GitDeps = {
      exec: (file, args, options) => {
        calls.push([...args]);
        return deps.exec(file, args, options);
      },
    };
    await expect(addWorktree(counting, r.dir, taken, 'feature')).rejects.toThrow(
      new RegExp(
        `git worktree add --quiet ${taken} feature failed \\(exit 128\\): .*already exists`,
      ),
    );
    const elsewhere = join(outside(), 'tree');
    await expect(addWorktree(counting, r.dir, elsewhere, 'main')).rejects.toThrow(
      /'main' is already (checked out|used by worktree) at/,
    );
    expect(calls).toHaveLength(2);
    expect((await listWorktrees(deps, r.dir)).map((e) => e.path)).toEqual([r.dir]);
  });

  it('tries again while another worktree is being written, and succeeds', async () => {
    const r = realRepo();
    r.git('branch', 'feature');
    const halfMade = `fatal: failed to read ${r.dir}/.git/worktrees/other/commondir`;
    let answered = 0;
    const busyTwice: GitDeps = {
      exec: (file, args, options) =>
        answered++ < 2 ? Promise.resolve(failed(halfMade)) : deps.exec(file, args, options),
    };
    const path = join(outside(), 'tree');
    await addWorktree(busyTwice, r.dir, path, 'feature');
    expect(answered).toBe(3);
    expect(gitIn(path, 'symbolic-ref', '--short', 'HEAD')).toBe('feature');
  });

  it('gives up after ten retries while other worktrees stay unreadable', async () => {
    let attempts = 0;
    const alwaysBusy: GitDeps = {
      exec: () => {
        attempts++;
        return Promise.resolve(failed('fatal: invalid gitfile format: /x/.git'));
      },
    };
    await expect(addWorktree(alwaysBusy, outside(), join(outside(), 't'), 'b')).rejects.toThrow(
      /^git worktree add --quiet .* b failed \(exit 128\): fatal: invalid gitfile format/,
    );
    expect(attempts).toBe(11);
  });
});

describe('removeWorktree and pruneWorktrees', () => {
  it('removes a worktree with uncommitted work in it, keeping its branch', async () => {
    const r = realRepo();
    r.git('branch', 'feature');
    const tree = linked(r, 'feature');
    writeFileSync(join(tree, 'README.md'), 'changed\n');
    writeFileSync(join(tree, 'new.txt'), 'new\n');
    await removeWorktree(deps, r.dir, tree);
    expect((await listWorktrees(deps, r.dir)).map((e) => e.path)).toEqual([r.dir]);
    expect(() => gitIn(tree, 'status')).toThrow();
    expect(r.git('branch', '--list', 'feature')).toBe('feature');
  });

  it('refuses a locked worktree and a path that is no worktree', async () => {
    const r = realRepo();
    const tree = linked(r);
    r.git('worktree', 'lock', tree);
    await expect(removeWorktree(deps, r.dir, tree)).rejects.toThrow(/locked/);
    expect((await listWorktrees(deps, r.dir)).map((e) => e.path)).toEqual([r.dir, tree]);
    await expect(removeWorktree(deps, r.dir, outside())).rejects.toThrow(/is not a working tree/);
  });

  it('forgets worktrees whose directory is gone, unless they are locked', async () => {
    const r = realRepo();
    const kept = linked(r);
    const gone = linked(r);
    const lockedGone = linked(r);
    r.git('worktree', 'lock', lockedGone);
    rmSync(gone, { recursive: true });
    rmSync(lockedGone, { recursive: true });
    await pruneWorktrees(deps, r.dir);
    expect(sorted(await listWorktrees(deps, r.dir)).map((e) => e.path)).toEqual(
      sorted([{ path: r.dir }, { path: kept }, { path: lockedGone }]).map((e) => e.path),
    );
    await expect(pruneWorktrees(deps, outside())).rejects.toThrow(GitCommandError);
  });
});

describe('uncommittedPaths and uncommittedWork', () => {
  it('lists staged, unstaged and untracked paths, a one-letter name, a rename once; not ignored files', async () => {
    const r = realRepo({ '.gitignore': '*.log\n', 'old-name.txt': 'o\n', 'kept.txt': 'k\n' });
    r.git('mv', 'old-name.txt', 'new-name.txt');
    r.write('kept.txt', 'changed\n');
    r.write('staged.txt', 's\n');
    r.git('add', 'staged.txt');
    r.write('x', 'one letter\n');
    r.write('dir/deep.txt', 'd\n');
    r.write('debug.log', 'ignored\n');
    const all = ['kept.txt', 'new-name.txt', 'staged.txt', 'dir/deep.txt', 'x'];
    expect(await uncommittedPaths(deps, r.dir)).toEqual(all);
    expect(await uncommittedPaths(deps, r.dir, { untracked: true })).toEqual(all);
    expect(await uncommittedPaths(deps, r.dir, { untracked: false })).toEqual([
      'kept.txt',
      'new-name.txt',
      'staged.txt',
    ]);
    expect(await uncommittedWork(deps, r.dir)).toEqual({ paths: all, unreadable: [] });
  });

  it('lists a staged copy once, when git reports copies', async () => {
    const r = realRepo({ 'source.txt': 'a long enough line to be found as a copy\n' });
    r.git('config', 'status.renames', 'copies');
    r.write('copy.txt', 'a long enough line to be found as a copy\n');
    r.write('source.txt', 'a long enough line to be found as a copy\nand more\n');
    r.git('add', '-A');
    expect(r.git('status', '--porcelain')).toContain('C  source.txt -> copy.txt');
    expect(await uncommittedPaths(deps, r.dir)).toEqual(['copy.txt', 'source.txt']);
  });

  it('is empty for a clean tree', async () => {
    const r = realRepo();
    expect(await uncommittedWork(deps, r.dir)).toEqual({ paths: [], unreadable: [] });
  });

  it.skipIf(process.getuid?.() === 0)(
    'names the directories git could not open (unreadable to root it is not)',
    async () => {
      const r = realRepo();
      r.write('locked/inside.txt', 'x\n');
      r.write('other.txt', 'o\n');
      chmodSync(join(r.dir, 'locked'), 0o000);
      try {
        expect(await uncommittedWork(deps, r.dir)).toEqual({
          paths: ['other.txt'],
          unreadable: ['locked/'],
        });
      } finally {
        chmodSync(join(r.dir, 'locked'), 0o755);
      }
    },
  );
});

describe('listFilesAt', () => {
  it('lists every file of a commit from the repository root, whatever the directory asked from', async () => {
    const r = realRepo({ 'a.txt': 'a\n', 'src/b.ts': 'b\n', 'src/deep/c.md': 'c\n' });
    const first = r.git('rev-parse', 'HEAD');
    r.write('later.txt', 'l\n');
    r.commitAll('later');
    expect(await listFilesAt(deps, join(r.dir, 'src'), first)).toEqual([
      'a.txt',
      'src/b.ts',
      'src/deep/c.md',
    ]);
    expect(await listFilesAt(deps, r.dir, 'HEAD')).toEqual([
      'a.txt',
      'later.txt',
      'src/b.ts',
      'src/deep/c.md',
    ]);
    await expect(listFilesAt(deps, r.dir, 'no-such-rev')).rejects.toThrow(GitCommandError);
  });
});
