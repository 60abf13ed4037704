// What an in-place run needs before it starts: a repository with a commit, an identity to commit
// as, and no uncommitted work of the user's that a step commit would sweep in.
import { PreconditionError } from '../../errors.js';
import { cleanIndexNow, type CleanIndex } from '../../git/commit.js';
import { ensureExcluded } from '../../git/exclude.js';
import { head, identityProblem, workTreeRoot } from '../../git/repo.js';
import type { GitDeps } from '../../git/run.js';
import { dirtyFiles } from '../../git/status.js';

const LISTED = 5;

/** What git answered, all asked before anything is decided. */
interface Answers {
  root: string | undefined;
  dirty: string[];
  identity: string | undefined;
  /** Taken as status found the tree clean. */
  cleanIndex: CleanIndex | undefined;
}

async function ask(git: GitDeps, cwd: string): Promise<Answers> {
  // One question after another, so that one resident shell answers them all.
  const root = await workTreeRoot(git, cwd);
  if (root === undefined) return { root, dirty: [], identity: undefined, cleanIndex: undefined };
  const dirty = await dirtyFiles(git, root);
  const cleanIndex = dirty.length === 0 ? cleanIndexNow(root) : undefined;
  return { root, dirty, identity: await identityProblem(git, root), cleanIndex };
}

/** Where an in-place run works, and what the checks saw of its index. */
export interface CheckedRepo {
  root: string;
  cleanIndex: CleanIndex | undefined;
}

/**
 * Starts the checks: git answers while the caller reads the playbook. `settle()` waits for the
 * answers, makes the one change the checks make (mmm's private paths in `info/exclude`), and
 * returns the repository root the run works in, or throws the first unmet precondition.
 */
export function startInPlaceChecks(git: GitDeps, cwd: string): { settle(): Promise<CheckedRepo> } {
  const asked = ask(git, cwd);
  asked.catch(() => undefined);
  const settle = async () => {
    const answers = await asked;
    const root = answers.root;
    if (root === undefined) {
      throw new PreconditionError(`not a git repository: ${cwd}`, {
        hint: 'run mmm cook inside a git repository (git init creates one, then commit your files)',
      });
    }
    await head(git, root);
    // mmm's own files (ledger, spilled outputs) must not count as the user's changes: when the
    // exclusion was only now added, status is asked again.
    const added = await ensureExcluded(git, root);
    const again = added.length > 0;
    const dirty = again ? await dirtyFiles(git, root) : answers.dirty;
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
    if (answers.identity) {
      throw new PreconditionError(`git cannot commit here: ${answers.identity}`, {
        hint: 'set an identity: git config user.name "Your Name" && git config user.email you@example.com',
      });
    }
    return { root, cleanIndex: again ? cleanIndexNow(root) : answers.cleanIndex };
  };
  return { settle };
}
