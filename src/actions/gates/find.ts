// The gate a command decides: the run's proposal that waits, found in the ledger.
import { PreconditionError, UsageError } from '../../errors.js';
import { gitIdentity } from '../../git/proposals.js';
import { noWorkTreeError, workTreeRoot } from '../../git/repo.js';
import { exec } from '../../infra/exec.js';
import {
  openRepoLedger,
  openRepoLedgerForReading,
  type GateRecord,
  type Ledger,
  type RunRecord,
} from '../../ledger/index.js';
import type { CliContext } from '../context.js';

export const git = { exec };

/** The repository's ledger, open for writing, and the root of the checkout. */
export async function openForDecision(
  ctx: CliContext,
  command: string,
): Promise<{ ledger: Ledger; root: string }> {
  const root = await workTreeRoot(git, ctx.cwd);
  if (root === undefined) {
    throw await noWorkTreeError(git, ctx.cwd, `run ${command} inside the repository of the run`);
  }
  // Nothing recorded means nothing waits: no database is made for the question.
  const reader = await openRepoLedgerForReading(git, root);
  if (!reader) {
    throw new UsageError('no runs recorded in this repository yet', {
      hint: 'mmm pending lists what waits for a decision',
    });
  }
  reader.close();
  return { ledger: await openRepoLedger(git, root), root };
}

/** What mmm approve and mmm reject both find first: the run, the gate it waits at, who decides. */
export interface PendingDecision {
  runId: string;
  run: RunRecord;
  gate: GateRecord;
  /** The run's tree (its session's worktree, or the checkout). */
  place: string;
  /** git's `user.name <user.email>` in the run's tree. */
  by: string;
  at: string;
  /** The pid of another process that holds the run (an ack gate waiting in it), if any. */
  live: number | undefined;
  /** `proposal 1 of run 1a2b3c4d (step 2, label)`, for messages. */
  what: string;
}

/** The run `query` names and the gate it waits at (see waitingGate), held to `step` when given. */
export async function findDecision(
  ledger: Ledger,
  root: string,
  query: string,
  step: number | undefined,
): Promise<PendingDecision> {
  const runId = ledger.resolveRun(query);
  const { run } = ledger.getRun(runId);
  const gate = waitingGate(ledger, run, step);
  const place = run.cwd ?? root;
  return {
    runId,
    run,
    gate,
    place,
    by: await gitIdentity(git, place),
    at: new Date().toISOString(),
    live: ledger.liveProcessOf(runId),
    what: `proposal ${gate.proposal ?? ''} of run ${run.shortId} (step ${gate.stepIndex + 1}, ${gate.label})`,
  };
}

/** `--step 2` → 2; a usage error for anything but a whole number of 1 or more. */
export function parseStep(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) {
    throw new UsageError(`--step must be a step number (1 or more), not "${value}"`);
  }
  return n;
}

/**
 * The proposal the run waits at (the latest that has not landed and was not rejected), held to
 * `--step` when given; a PreconditionError (exit 3) when the run waits at none.
 */
export function waitingGate(ledger: Ledger, run: RunRecord, step: number | undefined): GateRecord {
  const id = run.shortId;
  const last = ledger.gatesOf(run.id).findLast((g) => g.proposal !== null);
  const waiting = run.status === 'paused' && last && !last.landed && last.state !== 'rejected';
  if (!waiting) {
    const state = `${run.status}${run.reason ? ` (${run.reason})` : ''}`;
    throw new PreconditionError(`run ${id} does not wait for a decision: it is ${state}`, {
      hint: 'mmm pending lists the runs that wait for one',
    });
  }
  if (step !== undefined && last.stepIndex + 1 !== step) {
    throw new PreconditionError(
      `run ${id} waits at step ${last.stepIndex + 1} (${last.label}), not at step ${step}`,
      { hint: `leave out --step, or give --step ${last.stepIndex + 1}` },
    );
  }
  return last;
}

/**
 * A run paused at an approve gate whose process is still alive (a terminal asking about the
 * change, a --map run going on with its other items) cannot go on elsewhere yet: a decision that
 * goes on with it is refused before it is recorded, so none stands that was reported as failed.
 * An ack wait is not refused: its process lands (or drops) the change itself.
 */
export function heldByLiveProcess(run: RunRecord, live: number | undefined): void {
  if (live === undefined || run.stateReason === 'ack') return;
  throw new PreconditionError(
    `run ${run.shortId} waits for approval in a process that is still alive (pid ${String(live)}); nothing was decided`,
    {
      hint: `answer at the terminal that asks about it, or decide once that process has ended (a --map run ends when its other items are done): mmm approve ${run.shortId} or mmm reject ${run.shortId}`,
    },
  );
}
