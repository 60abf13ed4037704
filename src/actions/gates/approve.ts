// `mmm approve <run>`: lands the proposal the run waits at, and the run goes on from the next step.
import { PreconditionError } from '../../errors.js';
import { head } from '../../git/repo.js';
import { shortSha } from '../../infra/format.js';
import { writeLine, type CliContext } from '../context.js';
import { checkOutputFlags } from '../cook/options.js';
import { prepareRunResume, resumeIn } from '../resume/resume.js';
import { findDecision, git, heldByLiveProcess, openForDecision, parseStep } from './find.js';

/** Flags of `mmm approve`. */
export interface ApproveFlags {
  step?: string | undefined;
  comment?: string | undefined;
  force?: boolean | undefined;
  verbose?: boolean | undefined;
  quiet?: boolean | undefined;
  json?: boolean | undefined;
}

/** Returns the exit code of the continued run, or 0 when a waiting process lands it. */
export async function approveCommand(
  query: string,
  flags: ApproveFlags,
  ctx: CliContext,
): Promise<number> {
  checkOutputFlags(flags);
  const step = parseStep(flags.step);
  const { ledger, root } = await openForDecision(ctx, 'mmm approve');
  const releases: (() => void)[] = [];
  try {
    const { runId, run, gate, place, by, at, live, what } = await findDecision(
      ledger,
      root,
      query,
      step,
    );
    const verdict = { decision: 'approved' as const, by, at, comment: flags.comment, retry: false };
    if (live !== undefined && run.stateReason === 'ack') {
      if (!ledger.decideGate(runId, gate.proposal ?? 0, verdict)) throw decidedAlready(run.shortId);
      writeLine(ctx.stderr, `Approved ${what}; the waiting mmm (pid ${live}) lands it now.`);
      return 0;
    }
    heldByLiveProcess(run, live);
    // The proposal lands as a fast-forward of the branch from where the step started.
    const headNow = await head(git, place).catch(() => undefined);
    if (headNow !== gate.base && headNow !== gate.commit) {
      throw new PreconditionError(
        `the branch of run ${run.shortId} moved since step ${gate.stepIndex + 1} started: HEAD of ${place} is ${shortSha(headNow)}, the proposal ${gate.ref ?? ''} is on top of ${shortSha(gate.base)}; nothing was changed`,
        {
          hint: `put the branch back (save your commits on another branch, then git -C ${place} reset --keep ${gate.base}) and approve again; or take the change yourself (git cherry-pick ${shortSha(gate.base)}..${shortSha(gate.commit)}) and mmm reject ${run.shortId}`,
        },
      );
    }
    if (gate.state === 'pending' && !ledger.decideGate(runId, gate.proposal ?? 0, verdict)) {
      throw decidedAlready(run.shortId);
    }
    writeLine(
      ctx.stderr,
      `Approved ${what}: landing ${shortSha(gate.commit)} and going on from step ${gate.stepIndex + 2}.`,
    );
    const resumable = await prepareRunResume(ledger, runId, root, flags, ctx, releases, true);
    ledger.close();
    return await resumeIn(resumable, flags, ctx);
  } finally {
    ledger.close();
    for (const release of releases.reverse()) release();
  }
}

export function decidedAlready(id: string): PreconditionError {
  return new PreconditionError(`the proposal of run ${id} was decided a moment ago by another`, {
    hint: `mmm runs show ${id} says what was decided`,
  });
}
