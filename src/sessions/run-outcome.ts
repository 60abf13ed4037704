// Whether a session's run succeeded, and if not, what the ledger says went wrong: a merge of a
// session whose run failed, was interrupted or crashed is asked about, not made in silence.
import { MmmError } from '../errors.js';
import { openRepoLedgerForReading, type RunRecord, type StepRecord } from '../ledger/index.js';
import { oneLine } from '../infra/format.js';
import { isSessionProcessAlive, type SessionDeps, type SessionRecord } from './store.js';

/** How a session's run ended when it did not succeed. */
export type UnsuccessfulEnd = 'failed' | 'interrupted' | 'stopped' | 'crashed';

/** A session whose run did not succeed, and what its last run recorded. */
export interface UnsuccessfulRun {
  end: UnsuccessfulEnd;
  /** The session's last run in the ledger, when it has one. */
  run?: RunRecord | undefined;
  /** Steps that failed, and the step in progress when the run stopped. */
  steps: StepRecord[];
  /** Why the ledger could not be read, when it could not. */
  ledgerProblem?: string | undefined;
}

/** How the session's run ended, when that was not a success; undefined for any other status. */
export function unsuccessfulEnd(record: SessionRecord): UnsuccessfulEnd | undefined {
  switch (record.status) {
    case 'failed':
    case 'interrupted':
    case 'stopped':
      return record.status;
    case 'running':
      // Its process died without recording how the run ended.
      return isSessionProcessAlive(record) ? undefined : 'crashed';
    case 'completed':
    case 'merged':
    case 'conflicted':
    case 'cleaned':
      return undefined;
  }
}

/**
 * What went wrong in the session's last run, from the repository's ledger; undefined when the run
 * succeeded. A ledger that is missing or cannot be read leaves the steps unknown, never an error.
 */
export async function findUnsuccessfulRun(
  deps: SessionDeps,
  repoRoot: string,
  record: SessionRecord,
): Promise<UnsuccessfulRun | undefined> {
  const end = unsuccessfulEnd(record);
  if (!end) return undefined;
  let ledger;
  try {
    ledger = await openRepoLedgerForReading(deps, repoRoot);
  } catch (error) {
    if (!(error instanceof MmmError)) throw error;
    return { end, steps: [], ledgerProblem: error.message };
  }
  if (!ledger) return { end, steps: [] };
  try {
    // Runs are listed by session name: a run that crashed never got its id into the record.
    const [run] = ledger.listRuns({ session: record.name, limit: 1 });
    if (!run) return { end, steps: [] };
    const steps = ledger
      .getRun(run.id)
      .steps.filter((s) => s.status === 'failed' || s.status === 'running');
    return { end, run, steps };
  } catch (error) {
    if (!(error instanceof MmmError)) throw error;
    return { end, steps: [], ledgerProblem: error.message };
  } finally {
    ledger.close();
  }
}

const ENDED: Record<UnsuccessfulEnd, string> = {
  failed: 'failed',
  interrupted: 'was interrupted',
  stopped: 'stopped before the end and needs attention',
  crashed: 'crashed (its process is gone and recorded no end)',
};

function describeStep(step: StepRecord): string {
  const n = step.stepIndex + 1;
  const which =
    step.role === 'step'
      ? `step ${n}`
      : step.role === 'until'
        ? 'the until check'
        : `the ${step.role} handler of step ${n}`;
  const what =
    step.status === 'running'
      ? 'was running when the run stopped'
      : `failed${step.exitCode === null ? '' : ` (exit ${step.exitCode})`}`;
  return `  iteration ${step.iteration}, ${which} (${oneLine(step.label)}) ${what}`;
}

/** For the user: how the run ended (`its run failed (run 1a2b3c4d)`), then which steps failed
 * and where to look, one line each. */
export function describeUnsuccessfulRun(
  record: SessionRecord,
  found: UnsuccessfulRun,
): { ended: string; details: string[] } {
  const { run } = found;
  const ended = `its run ${ENDED[found.end]}${run ? ` (run ${run.shortId})` : ''}`;
  const details = found.steps.map(describeStep);
  if (found.ledgerProblem) details.push(`  (its steps are unknown: ${found.ledgerProblem})`);
  else if (!run) details.push('  (the ledger has no run of this session)');
  // The run's own last word, when no step carries the blame (a budget, an error between steps).
  else if (found.steps.length === 0) {
    details.push(
      `  ${run.message ? oneLine(run.message, 160) : 'the ledger names no failed step'}`,
    );
  }
  const where = run ? `mmm runs show ${run.shortId}; ` : '';
  details.push(`  look at it: ${where}its worktree is ${record.worktreePath}`);
  return { ended, details };
}
