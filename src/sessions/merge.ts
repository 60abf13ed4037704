// Merging a session into the branch it started from, by git: in the user's checkout when that
// branch is checked out there, or straight on the refs when it is checked out nowhere.
import { PreconditionError } from '../errors.js';
import { isAncestor, resolveCommit } from '../git/branch.js';
import { mergeInCheckout, mergeWithoutCheckout, type MergeOutcome } from '../git/merge.js';
import { operationInProgress } from '../git/status.js';
import { findBranchBusy, findBranchCheckout, uncommittedPaths } from '../git/worktree.js';
import {
  describeUnsuccessfulRun,
  findUnsuccessfulRun,
  type UnsuccessfulRun,
} from './run-outcome.js';
import { openStore, refuseIfRunning, requireSession } from './status.js';
import { updateSession, type SessionDeps, type SessionRecord } from './store.js';

export interface MergeSessionOptions {
  /** Where the user ran mmm. */
  cwd: string;
  name: string;
  /** Merge even when the session's run did not succeed (failed, interrupted, stopped, crashed). */
  force?: boolean | undefined;
}

/** How one session's merge ended; `refused` never gets here (it is thrown as exit 3). */
export interface MergeSessionResult {
  record: SessionRecord;
  outcome: Exclude<MergeOutcome, { kind: 'refused' }>;
  /** The branch merged into. */
  target: string;
  /** `checkout`: by `git merge` in the user's checkout; `refs`: without checking the branch out. */
  via: 'checkout' | 'refs';
}

/** A session that is ready to merge but whose run did not succeed: the merge needs a yes. */
export interface UnsuccessfulSession {
  record: SessionRecord;
  /** The branch it would be merged into. */
  target: string;
  found: UnsuccessfulRun;
}

/**
 * The session, when its run did not succeed and nothing else stops its merge first (cleaned,
 * still running, no base branch: those are refused with their own reasons).
 */
export async function findUnsuccessfulSession(
  deps: SessionDeps,
  options: MergeSessionOptions,
): Promise<UnsuccessfulSession | undefined> {
  const { store, repoRoot } = await openStore(deps, options.cwd);
  const record = await requireSession(store, options.name);
  if (record.status === 'cleaned' || !record.baseBranch) return undefined;
  const found = await findUnsuccessfulRun(deps, repoRoot, record);
  return found && { record, target: record.baseBranch, found };
}

export function mergeMessage(name: string): string {
  return `mmm: merge session ${name}`;
}

export async function mergeSession(
  deps: SessionDeps,
  options: MergeSessionOptions,
): Promise<MergeSessionResult> {
  const now = deps.now ?? (() => new Date());
  const { store, toplevel, repoRoot } = await openStore(deps, options.cwd);
  const record = await requireSession(store, options.name);
  const name = record.name;
  if (record.status === 'cleaned') {
    throw new PreconditionError(`session ${name} was cleaned; there is nothing left to merge`);
  }
  refuseIfRunning(record, 'merge');
  const target = record.baseBranch;
  if (!target) {
    throw new PreconditionError(
      `session ${name} started from a detached HEAD, so it has no branch to merge into`,
      { hint: `check out the branch you want and run: git merge ${record.branch}` },
    );
  }
  if (!options.force) {
    const found = await findUnsuccessfulRun(deps, repoRoot, record);
    if (found) {
      const { ended, details } = describeUnsuccessfulRun(record, found);
      throw new PreconditionError(
        `session ${name} was not merged into ${target}: ${ended}\n${details.join('\n')}`,
        { hint: `to merge it anyway: mmm worktree merge ${name} --force` },
      );
    }
  }
  const tip = await resolveCommit(deps, repoRoot, `refs/heads/${record.branch}`);
  if (!tip) throw new PreconditionError(`the session branch ${record.branch} no longer exists`);
  const baseTip = await resolveCommit(deps, repoRoot, `refs/heads/${target}`);
  if (!baseTip) {
    throw new PreconditionError(`the base branch ${target} of session ${name} no longer exists`, {
      hint: `merge it by hand: git merge ${record.branch}`,
    });
  }

  let outcome: MergeOutcome;
  let via: MergeSessionResult['via'] = 'refs';
  if (await isAncestor(deps, repoRoot, tip, baseTip)) {
    outcome = { kind: 'up-to-date' };
  } else {
    const busy = await findBranchBusy(deps, repoRoot, target);
    if (busy) {
      const finish =
        busy.what === 'rebased'
          ? 'git rebase --continue or git rebase --abort'
          : 'git bisect reset';
      throw new PreconditionError(`${target} is being ${busy.what} in ${busy.path}`, {
        hint: `end that first (${finish} there), then run the merge again`,
      });
    }
    // Asked from the user's checkout, which git may name by its git directory otherwise.
    const holder = await findBranchCheckout(deps, toplevel, target);
    if (holder && holder.path !== toplevel) {
      throw new PreconditionError(
        `${target} is checked out in ${holder.path}, not in this checkout`,
        { hint: `run the merge there: cd ${holder.path} && mmm worktree merge ${name}` },
      );
    }
    if (holder) {
      // Never mmm's to finish or abort: a merge mmm did not start is the user's.
      const busyHere = await operationInProgress(deps, toplevel);
      if (busyHere) {
        throw new PreconditionError(
          `${busyHere.what} is in progress in your checkout of ${target} (${busyHere.path}), and mmm did not start it`,
          {
            hint: `finish it (${busyHere.finish}) or abort it (${busyHere.abort}), then run the merge again`,
          },
        );
      }
      const dirty = await uncommittedPaths(deps, toplevel, { untracked: false });
      if (dirty.length > 0) {
        throw new PreconditionError(
          `your checkout of ${target} has uncommitted changes (${dirty.slice(0, 5).join(', ')}${dirty.length > 5 ? ', …' : ''})`,
          { hint: 'commit or stash them, then run the merge again' },
        );
      }
      via = 'checkout';
      outcome = await mergeInCheckout(deps, {
        checkout: toplevel,
        into: target,
        branch: record.branch,
        message: mergeMessage(name),
      });
    } else {
      outcome = await mergeWithoutCheckout(deps, {
        cwd: repoRoot,
        baseBranch: target,
        branch: record.branch,
        message: mergeMessage(name),
      });
    }
  }

  switch (outcome.kind) {
    case 'refused':
      throw new PreconditionError(
        `cannot merge session ${name} into ${target}; git refused:\n${outcome.reason}`,
        {
          hint:
            via === 'checkout'
              ? `move aside or commit what git names in your checkout, then run mmm worktree merge ${name} again`
              : `fix what git names (a signing key, say), then run mmm worktree merge ${name} again`,
        },
      );
    case 'conflict': {
      const next = await updateSession(
        store,
        name,
        { status: 'conflicted', conflictFiles: outcome.files },
        now(),
      );
      return { record: next, outcome, target, via };
    }
    case 'up-to-date':
    case 'fast-forward':
    case 'merge-commit': {
      const mergedCommit = outcome.kind === 'up-to-date' ? baseTip : outcome.commit;
      const next = await updateSession(
        store,
        name,
        {
          status: 'merged',
          mergedCommit,
          conflictFiles: undefined,
          pid: undefined,
          pidStart: undefined,
        },
        now(),
      );
      return { record: next, outcome, target, via };
    }
  }
}
