// The git side of the worktree pool: moving a worktree between the pool and a session, bringing a
// reused tree to a session's branch, and scrubbing a finished session's tree before it is pooled.
import { runGit, type GitDeps } from './run.js';

/** Moves the worktree at `from` to `to` with git, which keeps its admin files pointing at it. */
export async function moveWorktree(
  deps: GitDeps,
  cwd: string,
  from: string,
  to: string,
): Promise<void> {
  await runGit(deps, ['worktree', 'move', from, to], { cwd });
}

/**
 * Removes the worktree at `path` even when git has it locked; a tree git no longer knows (or a
 * directory that is no checkout at all) is deleted by the caller instead.
 */
export async function forceRemoveWorktree(deps: GitDeps, cwd: string, path: string): Promise<void> {
  await runGit(deps, ['worktree', 'remove', '--force', '--force', path], { cwd });
}

/** Points git's admin files at the worktree at `path` again, after it was moved without git. */
export async function repairWorktree(deps: GitDeps, cwd: string, path: string): Promise<void> {
  await runGit(deps, ['worktree', 'repair', path], { cwd });
}

/**
 * Removes every untracked file of the tree, ignored ones included, except ignored paths matching
 * `keep` (gitignore patterns such as `node_modules`). A kept name that the repository does not
 * ignore is removed too: it would otherwise show up as new work in the next session.
 */
export async function cleanUntracked(
  deps: GitDeps,
  tree: string,
  keep: readonly string[],
): Promise<void> {
  // With no cache kept, one pass removes all of it.
  if (keep.length === 0) {
    await runGit(deps, ['clean', '-ffdxq'], { cwd: tree });
    return;
  }
  // Untracked and not ignored: everything, whatever its name.
  await runGit(deps, ['clean', '-ffdq'], { cwd: tree });
  // What is left untracked is ignored: all of it but the kept caches.
  const excludes = keep.flatMap((pattern) => ['-e', pattern]);
  await runGit(deps, ['clean', '-ffdxq', ...excludes], { cwd: tree });
}

/**
 * Leaves the tree at `tree` on a detached HEAD at its commit, with its files exactly those of the
 * commit and nothing untracked but the kept caches: no branch is checked out there any more.
 */
export async function scrubToDetached(
  deps: GitDeps,
  tree: string,
  keep: readonly string[],
): Promise<void> {
  // A forced detach is a hard reset too: index and tracked files go back to the commit.
  await runGit(deps, ['checkout', '--quiet', '--force', '--detach'], { cwd: tree });
  await cleanUntracked(deps, tree, keep);
}

/**
 * Checks out `branch` in the reused tree at `tree`, discarding anything that differs from it: git
 * rewrites only the files that differ between the tree's commit and the branch's.
 */
export async function switchReusedTree(
  deps: GitDeps,
  tree: string,
  branch: string,
  keep: readonly string[],
): Promise<void> {
  await runGit(deps, ['checkout', '--quiet', '--force', branch], { cwd: tree });
  // One pass: the tree was scrubbed when it was given back, so this only removes what appeared
  // in it since (a kept name is there only because the repository ignored it then).
  const excludes = keep.flatMap((pattern) => ['-e', pattern]);
  await runGit(deps, ['clean', '-ffdxq', ...excludes], { cwd: tree });
}

/**
 * What the idle tree at `tree` holds of its own, in words, or undefined: a branch checked out
 * there, or tracked files changed since it was scrubbed (someone worked in it by hand). Such a
 * tree is neither reused nor removed.
 */
export async function workInTree(deps: GitDeps, tree: string): Promise<string | undefined> {
  // One status: the branch (`# branch.head`) and changes to tracked files. Files that merely
  // appeared (a tool left them) are not asked for: they are scrubbed as on every take.
  const status = await runGit(
    deps,
    ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=no'],
    { cwd: tree, allowFailure: true },
  );
  if (status.exitCode !== 0) {
    // Unreadable status: a branch checked out there still holds the tree.
    const branch = await runGit(deps, ['symbolic-ref', '--quiet', '--short', 'HEAD'], {
      cwd: tree,
      allowFailure: true,
    });
    return branch.exitCode === 0
      ? `the branch ${branch.stdout.trim()} is checked out there`
      : undefined;
  }
  const fields = status.stdout.split('\0');
  const head = fields.find((f) => f.startsWith('# branch.head '))?.slice('# branch.head '.length);
  if (head !== undefined && head !== '(detached)') return `the branch ${head} is checked out there`;
  // Changes to tracked files are someone's edits.
  if (fields.some((f) => /^[12u] /.test(f))) return 'tracked files were changed';
  return undefined;
}
