// Cleaning a session: save uncommitted work to a ref, remove the worktree, delete exactly the
// session's branch. Unmerged commits are kept unless the user forces it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PreconditionError } from '../errors.js';
import { shortSha } from '../infra/format.js';
import { deleteBranch, isAncestor, resolveCommit } from '../git/branch.js';
import { headIfAny, headRef } from '../git/repo.js';
import { pinToWorkTree } from '../git/pin.js';
import { embeddedRepos } from '../git/embedded.js';
import { GitCommandError } from '../git/run.js';
import { saveWorkToRef } from '../git/save.js';
import { pruneWorktrees, removeWorktree, uncommittedWork } from '../git/worktree.js';
import {
  baseRevision,
  commitsAhead,
  openStore,
  refuseIfRunning,
  requireSession,
} from './status.js';
import { updateSession, type SessionDeps, type SessionRecord } from './store.js';
import { readPoolConfig } from './pool-config.js';
import { giveBackToPool } from './pool.js';

export interface CleanSessionOptions {
  /** Where the user ran mmm. */
  cwd: string;
  name: string;
  /** Clean even with commits not merged into the base (never while its run is going). */
  force?: boolean;
}

export interface CleanSessionResult {
  record: SessionRecord;
  /** The session was cleaned before; nothing was done. */
  alreadyCleaned: boolean;
  /** Set when uncommitted work, or commits on a detached HEAD, were found and saved there. */
  savedRef: string | undefined;
  /** The worktree's HEAD was detached on commits no branch holds (saved in savedRef). */
  savedDetached: boolean;
  savedFiles: number;
  worktreeRemoved: boolean;
  /** The worktree went back to the worktree pool (reset and scrubbed) instead of being deleted. */
  worktreePooled: boolean;
  /** The commit the deleted branch pointed at; undefined if it was already gone. */
  branchTip: string | undefined;
  /** Commits that were not in the base when the branch was deleted (only with force). */
  unmerged: number;
}

export async function cleanSession(
  deps: SessionDeps,
  options: CleanSessionOptions,
): Promise<CleanSessionResult> {
  const now = deps.now ?? (() => new Date());
  const { store, repoRoot } = await openStore(deps, options.cwd);
  const record = await requireSession(store, options.name);
  const name = record.name;
  const result: CleanSessionResult = {
    record,
    alreadyCleaned: record.status === 'cleaned',
    savedRef: undefined,
    savedDetached: false,
    savedFiles: 0,
    worktreeRemoved: false,
    worktreePooled: false,
    branchTip: undefined,
    unmerged: 0,
  };
  if (result.alreadyCleaned) return result;
  // --force is for unmerged work, never for a run still going: that is the run's to end. A session
  // this process runs is its own to discard.
  if (record.pid !== process.pid) refuseIfRunning(record, 'clean');
  const pool = { repoRoot, env: deps.env, config: readPoolConfig(deps.env, repoRoot) };

  const tip = await resolveCommit(deps, repoRoot, `refs/heads/${record.branch}`);
  if (tip && !(await isAncestor(deps, repoRoot, tip, await baseRevision(deps, repoRoot, record)))) {
    result.unmerged = (await commitsAhead(deps, repoRoot, record)) ?? 0;
    if (!options.force) {
      const base = record.baseBranch ?? shortSha(record.baseCommit);
      throw new PreconditionError(
        `session ${name} has ${result.unmerged} commit(s) not merged into ${base}`,
        { hint: `merge it first (mmm worktree merge ${name}) or discard them with --force` },
      );
    }
  }

  await pruneWorktrees(deps, repoRoot);
  if (existsSync(record.worktreePath)) {
    // Git in the worktree is pinned to it: one that lost its .git is refused, not searched above.
    const inTree = await pinToWorkTree(deps, record.worktreePath).catch((error: unknown) => {
      throw new PreconditionError(
        `cannot clean session ${name}: its worktree ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
          hint: `put its .git back (git worktree repair ${record.worktreePath}, in the repository) and run this again, or keep what you need from ${record.worktreePath}, delete it, and run this again`,
        },
      );
    });
    // Removing the worktree would delete a nested repository with it, and no ref can keep one.
    const { nested, changedSubmodules } = await embeddedRepos(inTree, record.worktreePath);
    if (nested.length > 0) {
      const first = join(record.worktreePath, nested[0] ?? '');
      throw new PreconditionError(
        `cannot clean session ${name}: its worktree holds ${nested.length === 1 ? 'a git repository' : 'git repositories'} of its own (${nested.join(', ')}), whose files no ref can keep and which removing the worktree would delete`,
        {
          hint: `move ${nested.length === 1 ? 'it' : 'them'} out of ${record.worktreePath}, or remove ${join(first, '.git')} to have its files saved with the session's other work, then run this again`,
        },
      );
    }
    // A submodule's own files and commits live in its checkout and in the worktree's git
    // directory, both of which removing the worktree deletes; no ref of this repository holds them.
    if (changedSubmodules.length > 0) {
      const first = join(record.worktreePath, changedSubmodules[0] ?? '');
      throw new PreconditionError(
        `cannot clean session ${name}: ${changedSubmodules.length === 1 ? 'a submodule' : 'submodules'} of its worktree (${changedSubmodules.join(', ')}) ${changedSubmodules.length === 1 ? 'holds' : 'hold'} work of ${changedSubmodules.length === 1 ? 'its' : 'their'} own (changed files, or a commit checked out that the session did not commit), which no ref can keep and which removing the worktree would delete`,
        {
          hint: `keep that work (git -C ${first} status and git -C ${first} log show it; push or copy it elsewhere), undo it, then run this again`,
        },
      );
    }
    const { paths: dirty, unreadable } = await uncommittedWork(inTree, record.worktreePath);
    // What git cannot read it can neither save nor, often, remove: nothing is touched.
    if (unreadable.length > 0) {
      throw new PreconditionError(
        `cannot clean session ${name}: git cannot read ${unreadable.length === 1 ? 'a directory' : 'directories'} of its worktree (${unreadable.join(', ')}), so what ${unreadable.length === 1 ? 'it holds' : 'they hold'} could not be saved`,
        {
          hint: `make ${unreadable.length === 1 ? 'it' : 'them'} readable (chmod -R u+rwX ${join(record.worktreePath, unreadable[0] ?? '')}), then run this again`,
        },
      );
    }
    // Commits made on a detached HEAD in the worktree are on no branch: removing the worktree
    // would drop them with its HEAD, so they are saved with the loose work.
    const head = await headIfAny(inTree, record.worktreePath);
    const stranded =
      head !== undefined &&
      (await headRef(inTree, record.worktreePath)) === undefined &&
      !(tip && (await isAncestor(deps, repoRoot, head, tip))) &&
      !(await isAncestor(deps, repoRoot, head, await baseRevision(deps, repoRoot, record)));
    if (dirty.length > 0 || stranded) {
      ({ ref: result.savedRef } = await saveWorkToRef(
        inTree,
        record.worktreePath,
        `sessions/${name}`,
      ).catch((error: unknown) => {
        throw gitRefused(
          error,
          `cannot clean session ${name}: git could not save its uncommitted work`,
          'nothing was removed',
        );
      }));
      result.savedFiles = dirty.length;
      result.savedDetached = stranded;
    }
    // Only a tree with nothing of its own left goes back to the pool: no unmerged commits (its
    // branch is merged or empty) and no work that had to be saved.
    const poolable = result.unmerged === 0 && result.savedRef === undefined;
    result.worktreePooled =
      poolable && (await giveBackToPool(deps, pool, record.worktreePath, now())) === 'returned';
    if (!result.worktreePooled) {
      await removeWorktree(deps, repoRoot, record.worktreePath).catch((error: unknown) => {
        throw gitRefused(
          error,
          `git could not remove the worktree of session ${name}`,
          `what is left stays at ${record.worktreePath}${result.savedRef ? `, and its uncommitted work was saved to ${result.savedRef}` : ''}`,
        );
      });
    }
    result.worktreeRemoved = true;
  }
  result.branchTip = await deleteBranch(deps, repoRoot, record.branch);
  result.record = await updateSession(
    store,
    name,
    { status: 'cleaned', savedRef: result.savedRef, pid: undefined, pidStart: undefined },
    now(),
  );
  return result;
}

/** A git refusal during a clean, as exit 3 in git's words; anything else as it was. */
function gitRefused(error: unknown, what: string, after: string): unknown {
  if (!(error instanceof GitCommandError)) return error;
  return new PreconditionError(
    `${what} (git ${error.args[0] ?? ''}: ${error.said || `exit ${String(error.result.exitCode)}`}); ${after}`,
    {
      hint: 'fix what git names (a file or directory it cannot read or remove, a setting that refuses a file), then run the clean again',
    },
  );
}
