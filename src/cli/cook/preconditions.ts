// What an in-place run needs before it starts: a repository with a commit, an identity to commit
// as, and no uncommitted work of the user's that a step commit would sweep in.
import { PreconditionError } from '../../errors.js';
import { ensureExcluded } from '../../git/exclude.js';
import { head, identityProblem, workTreeRoot } from '../../git/repo.js';
import type { GitDeps } from '../../git/run.js';
import { dirtyFiles } from '../../git/status.js';

const LISTED = 5;

/** Checks everything and returns the repository root the run works in. */
export async function checkInPlace(git: GitDeps, cwd: string): Promise<string> {
  // The identity does not depend on the answers before it: ask at once, look at it last.
  const identityAsked = identityProblem(git, cwd);
  identityAsked.catch(() => undefined);
  const root = await workTreeRoot(git, cwd);
  if (root === undefined) {
    throw new PreconditionError(`not a git repository: ${cwd}`, {
      hint: 'run mmm cook inside a git repository (git init creates one, then commit your files)',
    });
  }
  await head(git, root);
  // mmm's own files (ledger, spilled outputs) must not count as the user's changes.
  await ensureExcluded(git, root);
  const dirty = await dirtyFiles(git, root);
  if (dirty.length > 0) {
    const shown = dirty.slice(0, LISTED).map((f) => `  ${f}`);
    if (dirty.length > LISTED) shown.push(`  … and ${dirty.length - LISTED} more`);
    throw new PreconditionError(
      `the working tree has uncommitted changes, and an in-place run commits after every step:\n${shown.join('\n')}`,
      {
        hint: 'commit them (git add -A && git commit), or set them aside (git stash --include-untracked), or run in an isolated worktree with --worktree',
      },
    );
  }
  const identity = await identityAsked;
  if (identity) {
    throw new PreconditionError(`git cannot commit here: ${identity}`, {
      hint: 'set an identity: git config user.name "Your Name" && git config user.email you@example.com',
    });
  }
  return root;
}
