// Where a resumed run may go on: its tree must be where the ledger says the run stopped, or only
// ahead of it in ways that lose nothing.
import { PreconditionError } from '../../errors.js';
import { isAncestor } from '../../git/branch.js';
import type { GitDeps } from '../../git/run.js';
import { runTrailersBetween } from '../../git/run-refs.js';
import { operationInProgress, treeState } from '../../git/status.js';
import { shortSha } from '../../infra/format.js';

export interface StartingPoint {
  /** The commit the resumed step starts from (the tree is reset to it, after saving its work). */
  startAt: string;
  /** Said to the user when the run goes on from somewhere else than where it stopped. */
  note: string | undefined;
}

export interface PlaceFacts {
  runId: string;
  /** The run's tree: the checkout, or the session's worktree. */
  place: string;
  /** The branch the run committed to (short name); undefined for a detached HEAD. */
  branch: string | undefined;
  /** Where the ledger says the run was when it stopped. */
  expectedHead: string;
  /** The commits the ledger recorded for the run. */
  recordedCommits: ReadonlySet<string>;
}

/**
 * Decides where the resumed step starts, or refuses (exit 3) without changing anything:
 * - HEAD where the run stopped: from there; what the tree holds is saved first.
 * - HEAD ahead of it by commits of the run itself only (the step in flight committed before it
 *   died): from where the run stopped; those commits are saved with the rest, not kept on the
 *   branch, since the step runs again.
 * - HEAD ahead by other commits (yours): from HEAD, keeping them; uncommitted changes are saved
 *   first, as always.
 * - anything else (another branch, a branch reset behind or away from it): refused.
 */
export async function startingPoint(git: GitDeps, facts: PlaceFacts): Promise<StartingPoint> {
  const { place, expectedHead, runId } = facts;
  const busy = await operationInProgress(git, place);
  if (busy) {
    throw new PreconditionError(
      `${busy.what} is in progress in ${place} (${busy.path}); the resumed run would commit into it`,
      { hint: `finish it (${busy.finish}) or abort it (${busy.abort}), then resume again` },
    );
  }
  const tree = await treeState(git, place);
  const wanted = facts.branch === undefined ? undefined : `refs/heads/${facts.branch}`;
  if (tree.ref !== wanted) {
    const now = tree.ref === undefined ? 'a detached HEAD' : tree.ref.replace('refs/heads/', '');
    throw new PreconditionError(
      `${place} is on ${now}, but run ${runId} commits to ${facts.branch ?? 'a detached HEAD'}`,
      {
        hint: facts.branch
          ? `switch back (git -C ${place} switch ${facts.branch}), then resume again`
          : `check out ${shortSha(expectedHead)} detached, then resume again`,
      },
    );
  }
  const head = tree.commit;
  if (head === expectedHead) return { startAt: expectedHead, note: undefined };
  if (head !== undefined && (await isAncestor(git, place, expectedHead, head))) {
    const ahead = await runTrailersBetween(git, place, expectedHead, head);
    const ours = ahead.every((c) => facts.recordedCommits.has(c.commit) || c.runs.includes(runId));
    if (ours) {
      return {
        startAt: expectedHead,
        note: `the step in flight had committed ${ahead.length} commit(s) before it stopped; they are saved with its other work, and the step runs again from ${shortSha(expectedHead)}`,
      };
    }
    return {
      startAt: head,
      note: `${ahead.length} commit(s) were made on ${facts.branch ?? 'HEAD'} since the run stopped at ${shortSha(expectedHead)}; the run goes on from ${shortSha(head)}, keeping them`,
    };
  }
  throw new PreconditionError(
    `HEAD of ${place} is at ${head ? shortSha(head) : 'no commit'}, which does not contain ${shortSha(expectedHead)}, where run ${runId} stopped (the branch was reset or rewritten)`,
    {
      hint: `to resume, put the branch back (git -C ${place} branch keep-mine && git -C ${place} reset --hard ${expectedHead}); or start a new run with mmm cook`,
    },
  );
}
