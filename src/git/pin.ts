// A run's git commands act on the run's own working tree and nothing else. Git finds its
// repository by walking up from where it runs: in a tree whose .git a step deleted, that walk
// ends in whatever repository holds the tree (the user's checkout, a dotfiles repository in
// HOME), and a commit or a reset there would be made in the user's repository.
import { realpathSync } from 'node:fs';
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
  const path = deps.pin.workTree;
  const found = await foundTop(deps, path);
  if (found !== undefined && real(found) === real(path)) return undefined;
  return lostCheckout(path, found);
}
