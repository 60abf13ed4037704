// Git worktrees: describe the user's checkout, add/remove/list worktrees, list uncommitted paths.
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { resolveCommit } from './branch.js';
import { currentBranch, gitPaths, topAndGitDir } from './repo.js';
import { GitCommandError, gitOut, runGit, type GitDeps } from './run.js';
import { samePath } from './same-path.js';

/** Where a command was started, as git sees it. */
export interface CheckoutInfo {
  /** Top of the working tree that holds `cwd` (the main one or a linked worktree). */
  toplevel: string;
  /** Top of the repository's main working tree: the same for every worktree of the repository. */
  mainRoot: string;
  /** Undefined in a repository without commits. */
  head: string | undefined;
  /** Undefined on a detached HEAD. */
  branch: string | undefined;
}

/** Describes the checkout holding `cwd`, or returns undefined when `cwd` is not in a git repository. */
export async function describeCheckout(
  deps: GitDeps,
  cwd: string,
): Promise<CheckoutInfo | undefined> {
  const result = await runGit(
    deps,
    ['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-common-dir'],
    { cwd, allowFailure: true },
  );
  if (result.exitCode !== 0) return undefined;
  const [toplevel, commonDir] = result.stdout.trim().split('\n');
  if (!toplevel || !commonDir) return undefined;
  // A git directory kept elsewhere (--separate-git-dir, a submodule's) stands for the repository,
  // as seen from any of its worktrees.
  const mainRoot = basename(commonDir) === '.git' ? dirname(commonDir) : commonDir;
  const [head, branch] = await Promise.all([
    resolveCommit(deps, toplevel, 'HEAD'),
    currentBranch(deps, toplevel),
  ]);
  return { toplevel, mainRoot, head, branch };
}

/** One entry of `git worktree list`. */
export interface WorktreeEntry {
  path: string;
  head: string | undefined;
  /** Short branch name, undefined when detached or bare. */
  branch: string | undefined;
  /** Git reports the directory as gone (it would be pruned). */
  prunable: boolean;
  /** Locked with `git worktree lock`: git refuses to move, remove or prune it. */
  locked: boolean;
}

export async function listWorktrees(deps: GitDeps, cwd: string): Promise<WorktreeEntry[]> {
  const out = await gitOut(deps, ['worktree', 'list', '--porcelain', '-z'], { cwd });
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | undefined;
  for (const field of out.split('\0')) {
    if (field === '') {
      if (current) entries.push(current);
      current = undefined;
      continue;
    }
    const space = field.indexOf(' ');
    const key = space < 0 ? field : field.slice(0, space);
    const value = space < 0 ? '' : field.slice(space + 1);
    if (key === 'worktree') {
      if (current) entries.push(current);
      current = { path: value, head: undefined, branch: undefined, prunable: false, locked: false };
    } else if (current && key === 'HEAD') current.head = value;
    else if (current && key === 'branch') current.branch = value.replace(/^refs\/heads\//, '');
    else if (current && key === 'prunable') current.prunable = true;
    else if (current && key === 'locked') current.locked = true;
  }
  if (current) entries.push(current);
  // Git names the main working tree by its git directory when that is kept elsewhere
  // (--separate-git-dir, a submodule's): it is `cwd`'s working tree when `cwd` is in it.
  const main = entries[0];
  if (main && isGitDirectory(main.path)) {
    main.path = (await workTreeServedBy(deps, cwd, main.path)) ?? main.path;
  }
  return entries;
}

/** A git directory (HEAD, objects, refs), not a working tree (which has a .git). */
function isGitDirectory(path: string): boolean {
  try {
    return (
      lstatSync(join(path, 'HEAD')).isFile() &&
      lstatSync(join(path, 'objects')).isDirectory() &&
      lstatSync(join(path, 'refs')).isDirectory() &&
      !existsSync(join(path, '.git'))
    );
  } catch {
    return false;
  }
}

/** The top of `cwd`'s working tree when its git directory is `gitDir`; undefined otherwise. */
async function workTreeServedBy(
  deps: GitDeps,
  cwd: string,
  gitDir: string,
): Promise<string | undefined> {
  const here = await topAndGitDir(deps, cwd);
  return here && samePath(here.gitDir, gitDir) ? here.top : undefined;
}

/** What a worktree's git dir holds while git rebases (either backend) or bisects a branch. */
const BUSY_MARKERS = ['rebase-merge/head-name', 'rebase-apply/head-name', 'BISECT_START'];

/**
 * A worktree whose HEAD is detached because git is rebasing or bisecting `branch` there: git
 * treats the branch as in use and moves it itself when the operation ends. Undefined when none.
 */
export async function findBranchBusy(
  deps: GitDeps,
  cwd: string,
  branch: string,
): Promise<{ path: string; what: 'rebased' | 'bisected' } | undefined> {
  for (const entry of await listWorktrees(deps, cwd)) {
    if (entry.branch !== undefined || entry.prunable || entry.head === undefined) continue;
    const paths = await gitPaths(deps, entry.path, BUSY_MARKERS, false).catch(() => undefined);
    if (paths === undefined) continue;
    const [merge, apply, bisect] = paths.map((path) => {
      try {
        return readFileSync(path, 'utf8').trim();
      } catch {
        return undefined;
      }
    });
    if ([merge, apply].includes(`refs/heads/${branch}`)) {
      return { path: entry.path, what: 'rebased' };
    }
    if (bisect === branch || bisect === `refs/heads/${branch}`) {
      return { path: entry.path, what: 'bisected' };
    }
  }
  return undefined;
}

/** The worktree where `branch` is checked out, if any. */
export async function findBranchCheckout(
  deps: GitDeps,
  cwd: string,
  branch: string,
): Promise<WorktreeEntry | undefined> {
  const entries = await listWorktrees(deps, cwd);
  return entries.find((e) => e.branch === branch && !e.prunable);
}

// `git worktree add` reads every other worktree's admin files; one that another process is
// creating at that moment can be half-written, which fails the read.
const HALF_MADE_WORKTREE =
  /(failed|unable) to read .*worktrees[/\\]|is not a valid|invalid gitfile/i;
const ADD_RETRIES = 10;

/** Checks out the existing `branch` in a new worktree at `path` (parents are created by git). */
export async function addWorktree(
  deps: GitDeps,
  cwd: string,
  path: string,
  branch: string,
): Promise<void> {
  const args = ['worktree', 'add', '--quiet', path, branch];
  for (let attempt = 0; ; attempt++) {
    const result = await runGit(deps, args, { cwd, allowFailure: true });
    if (result.exitCode === 0) return;
    if (attempt >= ADD_RETRIES || !HALF_MADE_WORKTREE.test(result.stderr)) {
      throw new GitCommandError(args, result);
    }
    await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1) + Math.random() * 30));
  }
}

/** Removes the worktree at `path`, discarding whatever is in it: save uncommitted work first. */
export async function removeWorktree(deps: GitDeps, cwd: string, path: string): Promise<void> {
  await runGit(deps, ['worktree', 'remove', '--force', path], { cwd });
}

/** Forgets worktrees whose directory is gone. */
export async function pruneWorktrees(deps: GitDeps, cwd: string): Promise<void> {
  await runGit(deps, ['worktree', 'prune'], { cwd });
}

/**
 * Paths with uncommitted changes at `cwd`: staged, unstaged and, unless `untracked` is false,
 * untracked files that are not ignored.
 */
export async function uncommittedPaths(
  deps: GitDeps,
  cwd: string,
  options: { untracked: boolean } = { untracked: true },
): Promise<string[]> {
  return (await uncommittedWork(deps, cwd, options)).paths;
}

/**
 * uncommittedPaths, and the directories git could not open to look for them (a step's
 * `chmod 000`): what is in those is neither listed nor could it be saved.
 */
export async function uncommittedWork(
  deps: GitDeps,
  cwd: string,
  options: { untracked: boolean } = { untracked: true },
): Promise<{ paths: string[]; unreadable: string[] }> {
  const mode = options.untracked ? '--untracked-files=all' : '--untracked-files=no';
  const out = await runGit(deps, ['status', '--porcelain', '-z', mode], { cwd });
  const unreadable = [...out.stderr.matchAll(/could not open directory '(.*)': /g)].map(
    (match) => match[1] ?? '',
  );
  const paths: string[] = [];
  const fields = out.stdout.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? '';
    if (field.length < 4) continue;
    paths.push(field.slice(3));
    // A rename or copy is followed by its source path.
    if (field[0] === 'R' || field[0] === 'C') i++;
  }
  return { paths, unreadable };
}

/** Every file path in the tree of `rev`, relative to the repository root, with `/`. */
export async function listFilesAt(deps: GitDeps, cwd: string, rev: string): Promise<string[]> {
  const out = await runGit(deps, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', rev], {
    cwd,
  });
  return out.stdout.split('\0').filter((path) => path !== '');
}
