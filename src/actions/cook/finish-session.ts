// What happens to a session when its run is over: merge it, ask, or say how to merge it later.
import { ExitCode, MmmError } from '../../errors.js';
import { mergeSession } from '../../sessions/merge.js';
import { giveBackMerged } from '../../sessions/retire.js';
import type { SessionDeps, SessionRecord } from '../../sessions/store.js';
import { printError } from '../print-error.js';
import { writeLine, type CliContext } from '../context.js';
import { reportMerge } from '../worktree/merge.js';
import { takeRepoLock } from '../repo-lock.js';

/** How the end of a worktree run treats a session that is ready to merge. */
export interface MergePolicy {
  /** --yes: merge without asking. */
  yes: boolean;
  /** Asks a yes/no question, or is undefined when nobody is at the terminal. */
  ask: ((question: string) => Promise<boolean>) | undefined;
}

/** Merges one session and returns the exit code of the merge (0, 3 refused, 4 conflict). */
export async function mergeNow(
  deps: SessionDeps,
  record: SessionRecord,
  ctx: CliContext,
): Promise<number> {
  try {
    const command = `mmm cook --worktree: merge of ${record.name}`;
    const lock = await takeRepoLock(deps, ctx.cwd, { command, env: ctx.env, stderr: ctx.stderr });
    try {
      const code = reportMerge(await mergeSession(deps, { cwd: ctx.cwd, name: record.name }), ctx);
      if (
        code === ExitCode.ok &&
        (await giveBackMerged(deps, { cwd: ctx.cwd, name: record.name }).catch(() => false))
      ) {
        writeLine(
          ctx.stderr,
          `Gave the worktree of ${record.name} back to the worktree pool; ${record.branch} stays until: mmm worktree clean --merged`,
        );
      }
      return code;
    } finally {
      lock.release();
    }
  } catch (error) {
    if (!(error instanceof MmmError)) throw error;
    printError(error, ctx.stderr);
    writeLine(
      ctx.stderr,
      `The session is kept; merge it later with: mmm worktree merge ${record.name}`,
    );
    return error.exitCode;
  }
}

export function adviseKept(record: SessionRecord, ctx: CliContext): void {
  writeLine(
    ctx.stderr,
    record.ranOn === undefined
      ? `Session ${record.name} (${record.status}) is kept for inspection at ${record.worktreePath} (branch ${record.branch}).`
      : `Session ${record.name} (${record.status}) ran on ${record.ranOn}; its branch ${record.branch} is kept for inspection.`,
  );
}

/** A session whose run waits at a gate: nothing to merge yet, and where it is. */
export function adviseWaiting(record: SessionRecord, ctx: CliContext): void {
  writeLine(
    ctx.stderr,
    `Session ${record.name} waits for a decision on its run's change (mmm pending shows it); it is kept ${record.ranOn === undefined ? `at ${record.worktreePath} (branch ${record.branch})` : `as its branch ${record.branch} (it ran on ${record.ranOn})`}.`,
  );
}

export function adviseMerge(record: SessionRecord, ctx: CliContext): void {
  if (!record.baseBranch) {
    writeLine(
      ctx.stderr,
      `Session ${record.name} started from a detached HEAD; merge it yourself: git merge ${record.branch}`,
    );
    return;
  }
  const where =
    record.ranOn === undefined
      ? `is kept at ${record.worktreePath}`
      : `ran on ${record.ranOn}; its branch ${record.branch} is here`;
  writeLine(
    ctx.stderr,
    `Session ${record.name} ${where}. To merge it into ${record.baseBranch}: mmm worktree merge ${record.name}`,
  );
}

/**
 * Ends one session after its run. A completed session with commits is merged (--yes), offered
 * (terminal) or left with the command to merge it; any other is kept and its place shown.
 * Returns the exit code of the merge, 0 when none was made.
 */
export async function finishSession(
  deps: SessionDeps,
  record: SessionRecord,
  policy: MergePolicy,
  ctx: CliContext,
): Promise<number> {
  if (record.status !== 'completed') {
    adviseKept(record, ctx);
    return ExitCode.ok;
  }
  if (record.commits === 0) {
    writeLine(
      ctx.stderr,
      `Session ${record.name} made no commits; nothing to merge. Remove it with: mmm worktree clean ${record.name}`,
    );
    return ExitCode.ok;
  }
  if (!record.baseBranch) {
    adviseMerge(record, ctx);
    return ExitCode.ok;
  }
  const merge =
    policy.yes ||
    (policy.ask !== undefined &&
      (await policy.ask(`Merge ${record.name} into ${record.baseBranch}?`)));
  if (!merge) {
    adviseMerge(record, ctx);
    return ExitCode.ok;
  }
  return mergeNow(deps, record, ctx);
}
