// Branch and ref queries used by worktree sessions. Every call goes through runGit.
import { GitCommandError, gitOut, runGit, type GitDeps } from './run.js';

/** The commit a revision names, or undefined when it does not resolve. */
export async function resolveCommit(
  deps: GitDeps,
  cwd: string,
  rev: string,
): Promise<string | undefined> {
  const result = await runGit(deps, ['rev-parse', '-q', '--verify', `${rev}^{commit}`], {
    cwd,
    allowFailure: true,
  });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** True when `ancestor` is reachable from `descendant` (equal commits count). */
export async function isAncestor(
  deps: GitDeps,
  cwd: string,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  const args = ['merge-base', '--is-ancestor', ancestor, descendant];
  const result = await runGit(deps, args, { cwd, allowFailure: true });
  if (result.exitCode === 0) return true;
  if (result.exitCode === 1) return false;
  throw new GitCommandError(args, result);
}

/** Number of commits reachable from `head` and not from `base`. */
export async function countCommitsAhead(
  deps: GitDeps,
  cwd: string,
  base: string,
  head: string,
): Promise<number> {
  const out = await gitOut(deps, ['rev-list', '--count', `${base}..${head}`], { cwd });
  return Number.parseInt(out, 10);
}

export type CreateBranchResult = { ok: true } | { ok: false; exists: true };

/**
 * Creates `branch` at `commit`. Git refuses a name that exists, atomically, which is what makes
 * session names unique when many processes create sessions at once.
 */
export async function createBranch(
  deps: GitDeps,
  cwd: string,
  branch: string,
  commit: string,
): Promise<CreateBranchResult> {
  const args = ['branch', '--no-track', branch, commit];
  const result = await runGit(deps, args, { cwd, allowFailure: true });
  if (result.exitCode === 0) return { ok: true };
  // Refused: because the name is taken if git now has a branch of that name.
  if ((await resolveCommit(deps, cwd, `refs/heads/${branch}`)) !== undefined) {
    return { ok: false, exists: true };
  }
  throw new GitCommandError(args, result);
}

/**
 * Deletes exactly `branch` (a full short name such as `mmm/x`, never a pattern). Returns the commit
 * it pointed at, or undefined when there was no such branch.
 */
export async function deleteBranch(
  deps: GitDeps,
  cwd: string,
  branch: string,
): Promise<string | undefined> {
  const tip = await resolveCommit(deps, cwd, `refs/heads/${branch}`);
  if (tip === undefined) return undefined;
  await runGit(deps, ['branch', '-D', '--', branch], { cwd });
  return tip;
}

/**
 * Moves `ref` to `next` only if it still points at `expected`, so a concurrent change to the ref
 * makes this fail instead of being overwritten.
 */
export async function updateRefGuarded(
  deps: GitDeps,
  cwd: string,
  ref: string,
  next: string,
  expected: string,
  reason: string,
): Promise<boolean> {
  const result = await runGit(deps, ['update-ref', '-m', reason, ref, next, expected], {
    cwd,
    allowFailure: true,
  });
  return result.exitCode === 0;
}
