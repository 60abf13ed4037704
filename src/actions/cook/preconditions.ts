// What an in-place run needs before it starts: a repository with a commit, an identity to commit
// as, and no uncommitted work of the user's that a step commit would sweep in.
import { PreconditionError } from '../../errors.js';
import { ensureExcluded, keepExcludeAsIs } from '../../git/exclude.js';
import { head, identityProblem, workTreeRoot } from '../../git/repo.js';
import type { GitDeps } from '../../git/run.js';
import { dirtyFiles, operationInProgress } from '../../git/status.js';
import { takeRunLock } from './run-lock.js';

const LISTED = 5;

/** What git answered, all asked before anything is decided. */
interface Answers {
  root: string | undefined;
  dirty: string[];
  identity: string | undefined;
}

async function ask(git: GitDeps, cwd: string): Promise<Answers> {
  const root = await workTreeRoot(git, cwd);
  if (root === undefined) return { root, dirty: [], identity: undefined };
  const dirty = await dirtyFiles(git, root);
  return { root, dirty, identity: await identityProblem(git, root) };
}

function dirtyTree(dirty: string[]): PreconditionError {
  const shown = dirty.slice(0, LISTED).map((f) => `  ${f}`);
  if (dirty.length > LISTED) shown.push(`  … and ${dirty.length - LISTED} more`);
  return new PreconditionError(
    `the working tree has uncommitted changes, and an in-place run commits after every step:\n${shown.join('\n')}`,
    {
      hint: 'commit them (git add -A && git commit), or set them aside (git stash --include-untracked), or run in an isolated worktree with --worktree',
    },
  );
}

/** Where an in-place run works. */
export interface CheckedRepo {
  root: string;
  /** Gives up the checkout's run lock, taken by the checks (see run-lock.ts). */
  release: () => void;
}

/**
 * Starts the checks: git answers while the caller reads the playbook. `settle()` waits for the
 * answers, runs `beforeWriting` (the caller's own check) once everything else has passed, makes
 * the one change the checks make (mmm's private paths in `info/exclude`), and returns the
 * repository root the run works in, or throws the first unmet precondition.
 */
export function startInPlaceChecks(
  git: GitDeps,
  cwd: string,
): { settle(beforeWriting?: () => Promise<void>): Promise<CheckedRepo> } {
  const asked = ask(git, cwd);
  asked.catch(() => undefined);
  const settle = async (beforeWriting?: () => Promise<void>) => {
    const answers = await asked;
    const root = answers.root;
    if (root === undefined) {
      throw new PreconditionError(`not a git repository: ${cwd}`, {
        hint: 'run mmm cook inside a git repository (git init creates one, then commit your files)',
      });
    }
    await head(git, root);
    // Before anything else is judged: what another run is doing to the tree right now is not
    // the user's.
    const release = await takeRunLock(git, root);
    try {
      const busy = await operationInProgress(git, root);
      if (busy) {
        throw new PreconditionError(
          `${busy.what} is in progress in this repository (${busy.path}), and the first step commit would conclude it`,
          {
            hint: `finish it (${busy.finish}) or abort it (${busy.abort}), or run in an isolated worktree with --worktree`,
          },
        );
      }
      if (answers.identity) {
        throw new PreconditionError(`git cannot commit here: ${answers.identity}`, {
          hint: 'set an identity: git config user.name "Your Name" && git config user.email you@example.com',
        });
      }
      // mmm's own files (ledger, spilled outputs) must not count as the user's changes. When
      // status listed something that could be them, the exclusion is written and status asked
      // again; a refusal then puts the exclude file back as it was.
      let dirty = answers.dirty;
      const maybeOurs =
        dirty.length === 0 || dirty.some((path) => path === '.mmm/' || path.startsWith('.mmm/'));
      if (!maybeOurs) throw dirtyTree(dirty);
      // The last check that writes nothing (the caller's: the agent CLI) comes before any write.
      await beforeWriting?.();
      const restore = await keepExcludeAsIs(git, root);
      const again = (await ensureExcluded(git, root)).length > 0;
      if (again) dirty = await dirtyFiles(git, root);
      if (dirty.length > 0) {
        await restore();
        throw dirtyTree(dirty);
      }
      return { root, release };
    } catch (error) {
      release();
      throw error;
    }
  };
  return { settle };
}
