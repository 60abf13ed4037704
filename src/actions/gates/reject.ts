// `mmm reject <run>`: the proposal the run waits at does not land; the run stops, or (--retry)
// runs the step again with the reason given to it.
import { PreconditionError } from '../../errors.js';
import { ExitCode } from '../../errors.js';
import type { MmmEvent } from '../../events.js';
import type { GateRecord, Ledger, RunRecord } from '../../ledger/index.js';
import { writeLine, type CliContext } from '../context.js';
import { checkOutputFlags } from '../cook/options.js';
import { prepareRunResume, resumeIn } from '../resume/resume.js';
import { decidedAlready } from './approve.js';
import { findDecision, heldByLiveProcess, openForDecision, parseStep } from './find.js';

/** Flags of `mmm reject`. */
export interface RejectFlags {
  step?: string | undefined;
  reason?: string | undefined;
  retry?: boolean | undefined;
  force?: boolean | undefined;
  verbose?: boolean | undefined;
  quiet?: boolean | undefined;
  json?: boolean | undefined;
}

/**
 * Records the end of a run stopped by a rejection, for a run whose process is gone: the same
 * events its own process would have written.
 */
function recordStopped(ledger: Ledger, run: RunRecord, gate: GateRecord, by: string, at: string) {
  const detail = ledger.getRun(run.id);
  const kind = detail.steps.find((s) => s.stepIndex === gate.stepIndex)?.kind;
  const ref = {
    runId: run.id,
    at,
    iteration: gate.iteration,
    stepIndex: gate.stepIndex,
    stepId: gate.stepId ?? undefined,
    label: gate.label,
    kind: kind === 'claude' ? ('claude' as const) : ('shell' as const),
    role: 'step' as const,
    attempt: 1,
  };
  const held = detail.commits.filter(
    (c) => c.iteration === gate.iteration && c.stepIndex === gate.stepIndex,
  ).length;
  const message = `${by} rejected step ${gate.stepIndex + 1} (${gate.label})${gate.comment ? `: ${gate.comment}` : ''}; its change is kept on ${gate.ref ?? ''}`;
  const events: MmmEvent[] = [
    {
      type: 'gate.decided',
      ...ref,
      gate: gate.gate,
      proposal: gate.proposal ?? undefined,
      decision: 'rejected',
      by,
      decidedAt: at,
      comment: gate.comment ?? undefined,
      retry: false,
      base: gate.base,
      commit: gate.commit,
      landed: false,
    },
    {
      type: 'run.state',
      runId: run.id,
      at,
      state: 'stopped',
      reason: 'rejected',
      message,
      step: undefined,
    },
    {
      type: 'run.finished',
      runId: run.id,
      at,
      status: 'stopped',
      exitCode: ExitCode.needsAttention,
      reason: 'rejected',
      message,
      iterations: run.iterations,
      steps: run.steps,
      commits: Math.max(0, run.commits - held),
      costUsd: run.costUsd ?? 0,
      agentCalls: run.agentCalls,
      durationMs: run.durationMs ?? 0,
    },
  ];
  ledger.recordEvents(events);
  return message;
}

/** Returns 0 once the run is stopped; with --retry, the exit code of the step's new run. */
export async function rejectCommand(
  query: string,
  flags: RejectFlags,
  ctx: CliContext,
): Promise<number> {
  checkOutputFlags(flags);
  const step = parseStep(flags.step);
  const { ledger, root } = await openForDecision(ctx, 'mmm reject');
  const releases: (() => void)[] = [];
  try {
    const { runId, run, gate, by, at, live, what } = await findDecision(ledger, root, query, step);
    if (gate.state === 'approved') {
      throw new PreconditionError(
        `run ${run.shortId} was approved already (by ${gate.decidedBy ?? 'unknown'}); its proposal lands with mmm approve`,
        { hint: `mmm approve ${run.shortId}` },
      );
    }
    const retry = flags.retry ?? false;
    const verdict = { decision: 'rejected' as const, by, at, comment: flags.reason, retry };
    // A retry goes on with the run, which its live process still holds; a stop does not.
    if (retry) heldByLiveProcess(run, live);
    if (!ledger.decideGate(runId, gate.proposal ?? 0, verdict)) throw decidedAlready(run.shortId);
    if (live !== undefined && run.stateReason === 'ack') {
      writeLine(
        ctx.stderr,
        `Rejected ${what}; the waiting mmm (pid ${live}) ${retry ? 'runs the step again' : 'stops the run'}.`,
      );
      return 0;
    }
    if (!retry) {
      const message = recordStopped(
        ledger,
        run,
        { ...gate, comment: flags.reason ?? null },
        by,
        at,
      );
      writeLine(ctx.stderr, `Rejected ${what}: run ${run.shortId} is stopped.`);
      writeLine(ctx.stderr, message);
      return 0;
    }
    writeLine(ctx.stderr, `Rejected ${what}: step ${gate.stepIndex + 1} runs again.`);
    const resumable = await prepareRunResume(ledger, runId, root, flags, ctx, releases, true);
    ledger.close();
    return await resumeIn(resumable, flags, ctx);
  } finally {
    ledger.close();
    for (const release of releases.reverse()) release();
  }
}
