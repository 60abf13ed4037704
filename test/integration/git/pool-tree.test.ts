// The git side of the worktree pool, on real repositories: moving, force-removing and repairing
// worktrees, scrubbing untracked files with caches kept, detaching a finished tree, switching a
// reused tree to a branch, and telling whether an idle tree holds someone's work.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cleanUntracked,
  forceRemoveWorktree,
  moveWorktree,
  repairWorktree,
  scrubToDetached,
  switchReusedTree,
  workInTree,
} from '../../../src/git/pool-tree.js';
import { GitCommandError } from '../../../src/git/run.js';
import {
  gitGivenADirectory,
  useTempDirs,
  useTempRepos,
  type TempRepo,
} from '../../helpers/repo.js';

const repo = useTempRepos();

const deps = gitGivenADirectory;

/** A fresh directory outside every repository. */
const outside = useTempDirs('mmm-pool-tree-');

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function write(path: string, content = 'x\n'): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Every file under `dir` but git's own, relative, sorted. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .filter((path) => path !== '.git' && !path.startsWith('.git/'))
    .sort();
}

/** Worktree paths as git lists them, sorted. */
function worktreePaths(r: TempRepo): string[] {
  return r
    .git('worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length))
    .sort();
}

/** A repository ignoring caches and build output, and a linked worktree of it on `branch` or detached. */
function repoWithTree(branch?: string): { r: TempRepo; tree: string } {
  const made = repo({ '.gitignore': 'node_modules/\nbuild/\n*.log\n', 'a.txt': 'a\n' });
  const r = { ...made, dir: realpathSync(made.dir) };
  if (branch) r.git('branch', branch);
  const tree = join(outside(), 'tree');
  r.git('worktree', 'add', '-q', ...(branch ? [tree, branch] : ['--detach', tree]));
  return { r, tree };
}

/** Leaves tracked, untracked, ignored and cache files in `tree`. */
function litter(tree: string): void {
  write(join(tree, 'a.txt'), 'edited\n');
  write(join(tree, 'new.txt'));
  write(join(tree, 'notes/deep.txt'));
  write(join(tree, 'node_modules/pkg/index.js'));
  write(join(tree, 'build/out.js'));
  write(join(tree, 'debug.log'));
  write(join(tree, 'cache/blob'));
}

describe('moveWorktree, repairWorktree and forceRemoveWorktree', () => {
  it('moves a worktree where git still knows it, and refuses a destination file that exists', async () => {
    const { r, tree } = repoWithTree('feature');
    const to = join(outside(), 'moved');
    await moveWorktree(deps, r.dir, tree, to);
    expect(existsSync(tree)).toBe(false);
    expect(worktreePaths(r)).toEqual([r.dir, to].sort());
    expect(gitIn(to, 'symbolic-ref', '--short', 'HEAD')).toBe('feature');
    const taken = join(outside(), 'taken');
    write(taken);
    await expect(moveWorktree(deps, r.dir, to, taken)).rejects.toThrow(/already exists/);
    expect(worktreePaths(r)).toEqual([r.dir, to].sort());
  });

  it('points git at a worktree moved behind its back again', async () => {
    const { r, tree } = repoWithTree('feature');
    const to = join(outside(), 'moved');
    renameSync(tree, to);
    expect(r.git('worktree', 'list', '--porcelain')).toContain('prunable');
    await repairWorktree(deps, r.dir, to);
    expect(worktreePaths(r)).toEqual([r.dir, to].sort());
    expect(r.git('worktree', 'list', '--porcelain')).not.toContain('prunable');
    expect(gitIn(to, 'symbolic-ref', '--short', 'HEAD')).toBe('feature');
    await expect(repairWorktree(deps, r.dir, join(outside(), 'nothing'))).rejects.toThrow(
      GitCommandError,
    );
  });

  it('removes a locked worktree with work in it, keeping its branch, and refuses a path git does not know', async () => {
    const { r, tree } = repoWithTree('feature');
    litter(tree);
    r.git('worktree', 'lock', '--reason', 'in use', tree);
    await forceRemoveWorktree(deps, r.dir, tree);
    expect(existsSync(tree)).toBe(false);
    expect(worktreePaths(r)).toEqual([r.dir]);
    expect(r.git('branch', '--list', 'feature')).toBe('feature');
    const stranger = outside();
    await expect(forceRemoveWorktree(deps, r.dir, stranger)).rejects.toThrow(
      /is not a working tree/,
    );
    expect(existsSync(stranger)).toBe(true);
  });
});

describe('cleanUntracked', () => {
  it('with nothing kept, removes every untracked file, ignored ones too, and leaves tracked edits', async () => {
    const { tree } = repoWithTree();
    litter(tree);
    await cleanUntracked(deps, tree, []);
    expect(filesIn(tree)).toEqual(['.gitignore', 'a.txt']);
    expect(readFileSync(join(tree, 'a.txt'), 'utf8')).toBe('edited\n');
  });

  it('keeps only the kept caches the repository ignores', async () => {
    const { tree } = repoWithTree();
    litter(tree);
    await cleanUntracked(deps, tree, ['node_modules', 'cache']);
    expect(filesIn(tree)).toEqual(['.gitignore', 'a.txt', 'node_modules/pkg/index.js']);
  });

  it('fails outside a repository', async () => {
    await expect(cleanUntracked(deps, outside(), [])).rejects.toThrow(GitCommandError);
    await expect(cleanUntracked(deps, outside(), ['node_modules'])).rejects.toThrow(
      GitCommandError,
    );
  });
});

describe('scrubToDetached', () => {
  it('leaves the tree detached at its commit with the commit’s files and the kept cache, the branch where it was', async () => {
    const { r, tree } = repoWithTree('feature');
    write(join(tree, 'b.txt'), 'b\n');
    gitIn(tree, 'add', 'b.txt');
    gitIn(tree, 'commit', '-q', '-m', 'b');
    const commit = gitIn(tree, 'rev-parse', 'HEAD');
    litter(tree);
    write(join(tree, 'staged.txt'));
    gitIn(tree, 'add', 'staged.txt');
    await scrubToDetached(deps, tree, ['node_modules']);
    expect(gitIn(tree, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('HEAD');
    expect(gitIn(tree, 'rev-parse', 'HEAD')).toBe(commit);
    expect(r.git('rev-parse', 'feature')).toBe(commit);
    expect(gitIn(tree, 'status', '--porcelain', '--ignored')).toBe('!! node_modules/');
    expect(filesIn(tree)).toEqual(['.gitignore', 'a.txt', 'b.txt', 'node_modules/pkg/index.js']);
    expect(readFileSync(join(tree, 'a.txt'), 'utf8')).toBe('a\n');
  });

  it('with nothing kept, leaves only the commit’s files', async () => {
    const { tree } = repoWithTree('feature');
    litter(tree);
    await scrubToDetached(deps, tree, []);
    expect(filesIn(tree)).toEqual(['.gitignore', 'a.txt']);
    expect(gitIn(tree, 'status', '--porcelain', '--ignored')).toBe('');
  });
});

describe('switchReusedTree', () => {
  it('checks out the branch over anything left in the tree, keeping only what the kept names match', async () => {
    const { r, tree } = repoWithTree();
    r.git('switch', '-q', '-c', 'feature');
    r.write('a.txt', 'feature\n');
    r.write('f.txt', 'f\n');
    const commit = r.commitAll('feature work');
    r.git('switch', '-q', 'main');
    litter(tree);
    await switchReusedTree(deps, tree, 'feature', ['node_modules', 'cache']);
    expect(gitIn(tree, 'symbolic-ref', '--short', 'HEAD')).toBe('feature');
    expect(gitIn(tree, 'rev-parse', 'HEAD')).toBe(commit);
    // One pass: a kept name the repository does not ignore (cache/) stays too.
    expect(filesIn(tree)).toEqual([
      '.gitignore',
      'a.txt',
      'cache/blob',
      'f.txt',
      'node_modules/pkg/index.js',
    ]);
    expect(readFileSync(join(tree, 'a.txt'), 'utf8')).toBe('feature\n');
  });

  it('with nothing kept, leaves only the branch’s files', async () => {
    const { r, tree } = repoWithTree();
    r.git('branch', 'feature');
    litter(tree);
    await switchReusedTree(deps, tree, 'feature', []);
    expect(gitIn(tree, 'symbolic-ref', '--short', 'HEAD')).toBe('feature');
    expect(filesIn(tree)).toEqual(['.gitignore', 'a.txt']);
    expect(gitIn(tree, 'status', '--porcelain', '--ignored')).toBe('');
  });

  it('refuses a branch checked out in another worktree, leaving the tree detached', async () => {
    const { r, tree } = repoWithTree();
    await expect(switchReusedTree(deps, tree, 'main', [])).rejects.toThrow(
      /'main' is already (checked out|used by worktree) at/,
    );
    expect(gitIn(tree, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('HEAD');
    expect(r.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
  });
});

describe('workInTree', () => {
  it('finds nothing in a detached tree with no tracked change, even with new or ignored files', async () => {
    const { tree } = repoWithTree();
    expect(await workInTree(deps, tree)).toBeUndefined();
    write(join(tree, 'new.txt'));
    write(join(tree, 'debug.log'));
    expect(await workInTree(deps, tree)).toBeUndefined();
  });

  it('names a branch checked out in the tree', async () => {
    const { tree } = repoWithTree('feature');
    expect(await workInTree(deps, tree)).toBe('the branch feature is checked out there');
  });

  it('reports tracked files edited, staged or deleted in a detached tree', async () => {
    const edits: [string, (tree: string) => void][] = [
      ['edited', (tree) => write(join(tree, 'a.txt'), 'edited\n')],
      ['deleted', (tree) => rmSync(join(tree, 'a.txt'))],
      [
        'staged',
        (tree) => {
          write(join(tree, 'added.txt'));
          gitIn(tree, 'add', 'added.txt');
        },
      ],
      ['renamed', (tree) => gitIn(tree, 'mv', 'a.txt', 'b.txt')],
    ];
    for (const [what, edit] of edits) {
      const { tree } = repoWithTree();
      edit(tree);
      expect(await workInTree(deps, tree), what).toBe('tracked files were changed');
    }
  });

  it('when git cannot read the tree’s status, still names a branch checked out there', async () => {
    const { tree: onBranch } = repoWithTree('feature');
    const { tree: detached } = repoWithTree();
    for (const tree of [onBranch, detached]) {
      writeFileSync(
        gitIn(tree, 'rev-parse', '--path-format=absolute', '--git-path', 'index'),
        'garbage',
      );
      expect(() => gitIn(tree, 'status')).toThrow(/index/);
    }
    expect(await workInTree(deps, onBranch)).toBe('the branch feature is checked out there');
    expect(await workInTree(deps, detached)).toBeUndefined();
  });
});
