// A run's git commands act on the run's own working tree and nothing else. Git finds its
// repository by walking up from where it runs: in a tree whose .git a step deleted, that walk
// ends in whatever repository holds the tree (the user's checkout, a dotfiles repository in
// HOME), and a commit or a reset there would be made in the user's repository.
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PreconditionError } from '../errors.js';
import { runGit, type GitDeps } from './run.js';

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Where git, left to itself, finds the top of the working tree at `path`; undefined for none. */
async function foundTop(deps: GitDeps, path: string): Promise<string | undefined> {
  const unpinned = { exec: deps.exec, signal: deps.signal };
  const result = await runGit(unpinned, ['rev-parse', '--show-toplevel'], {
    cwd: path,
    allowFailure: true,
  });
  const top = result.stdout.trim();
  return result.exitCode === 0 && top !== '' ? top : undefined;
}

function lostCheckout(path: string, found: string | undefined): string {
  return `${path} is no longer a git checkout of its own (its .git is missing or broken): ${
    found === undefined ? 'git finds no repository there' : `git there would act on ${found}`
  }`;
}

/**
 * Git deps pinned to the working tree whose top is `path` (see GitDeps.pin). Throws a
 * PreconditionError when git does not see `path` as the top of a working tree of its own.
 */
export async function pinToWorkTree(deps: GitDeps, path: string): Promise<GitDeps> {
  const unpinned = { exec: deps.exec, signal: deps.signal };
  const result = await runGit(
    unpinned,
    ['rev-parse', '--path-format=absolute', '--show-toplevel', '--absolute-git-dir'],
    { cwd: path, allowFailure: true },
  );
  const [top, gitDir] = result.stdout.trim().split('\n');
  if (result.exitCode !== 0 || !top || !gitDir || real(top) !== real(path)) {
    throw new PreconditionError(lostCheckout(path, result.exitCode === 0 ? top : undefined), {
      hint: 'mmm runs git there only when the directory is a checkout of its own',
    });
  }
  return { ...deps, pin: { gitDir, workTree: path } };
}

/**
 * Why the pinned working tree is no longer a checkout of its own (a step deleted its .git), or
 * undefined while it is. Unpinned deps have nothing to check.
 */
export async function pinnedTreeProblem(deps: GitDeps): Promise<string | undefined> {
  if (!deps.pin) return undefined;
  if (leadsToPinned(deps.pin)) return undefined;
  const path = deps.pin.workTree;
  const found = await foundTop(deps, path);
  if (found !== undefined && real(found) === real(path)) return undefined;
  return lostCheckout(path, found);
}

/**
 * True when the tree's `.git` (a directory, or a file naming one with `gitdir:`) is still the
 * pinned git directory, with a HEAD git would accept and its objects and refs: git, walking up
 * from the tree, stops there. Read from the files, without starting git; anything else is left to git to judge.
 */
function leadsToPinned(pin: { gitDir: string; workTree: string }): boolean {
  const dotGit = join(pin.workTree, '.git');
  try {
    const stat = lstatSync(dotGit);
    let gitDir: string;
    if (stat.isDirectory()) gitDir = dotGit;
    else if (stat.isFile()) {
      const named = /^gitdir: (.+)$/.exec(readFileSync(dotGit, 'utf8').split('\n')[0] ?? '');
      if (!named?.[1]) return false;
      gitDir = resolve(pin.workTree, named[1].trimEnd());
    } else return false;
    if (real(gitDir) !== real(pin.gitDir)) return false;
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8');
    if (!/^(ref: refs\/\S+|[0-9a-f]{40}|[0-9a-f]{64})\n?$/.test(head)) return false;
    // A linked worktree's objects and refs are in the directory its `commondir` file names.
    let common = gitDir;
    try {
      common = resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
    } catch {
      // No commondir: the git directory holds them itself.
    }
    return (
      lstatSync(join(common, 'objects')).isDirectory() &&
      lstatSync(join(common, 'refs')).isDirectory()
    );
  } catch {
    return false;
  }
}
