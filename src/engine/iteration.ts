// The iteration loop: run every step, check `until`, stop when an iteration changed nothing.
import type { RunStatus, StopReason } from '../events.js';
import { headNow, isInterrupted, type RunContext } from './context.js';
import { runSingle, runStep } from './step.js';
import { ExitCode } from '../errors.js';
import { passGate } from './gate.js';

/** How the loop ended. */
export interface LoopEnd {
  status: RunStatus;
  reason: StopReason;
  exitCode: number;
  message: string | undefined;
  iterations: number;
}

function interrupted(ctx: RunContext, iterations: number): LoopEnd {
  const by = ctx.options.interruptedBy() ?? 'SIGINT';
  return {
    status: 'interrupted',
    reason: 'interrupted',
    exitCode: by === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted,
    message: `interrupted by ${by}`,
    iterations,
  };
}

/** A budget stop: before an agent call over budget, or by the agent itself during one. */
function budget(message: string | undefined, iterations: number): LoopEnd {
  return {
    status: 'stopped',
    reason: 'budget',
    exitCode: ExitCode.needsAttention,
    message: message ?? 'budget reached',
    iterations,
  };
}

function completed(reason: StopReason, message: string, iterations: number): LoopEnd {
  return { status: 'completed', reason, exitCode: ExitCode.ok, message, iterations };
}

/**
 * Runs one iteration's steps, from `fromIndex` on (a resumed run); returns a LoopEnd when the run
 * must stop inside it.
 */
async function runSteps(
  ctx: RunContext,
  iteration: number,
  fromIndex: number,
): Promise<LoopEnd | undefined> {
  for (const step of ctx.playbook.steps) {
    if (step.index < fromIndex) continue;
    if (isInterrupted(ctx)) return interrupted(ctx, iteration);
    const fb = ctx.feedback;
    if (fb && (fb.stepIndex !== step.index || fb.iteration !== iteration)) ctx.feedback = undefined;
    // Whether this step's change needs approval is found anew each time it runs.
    ctx.policyApproval = undefined;
    const base = await headNow(ctx);
    const outcome = await runStep(ctx, step);
    switch (outcome.status) {
      case 'ok': {
        const gated = await passGate(ctx, step, base);
        if (gated.kind === 'end') return gated.end;
        if (gated.kind === 'retry') {
          // The rejected step runs again from where it started, with the reviewer's reason.
          ctx.totals.ok -= 1;
          return runSteps(ctx, iteration, step.index);
        }
        break;
      }
      case 'skipped':
        break;
      case 'budget':
        return budget(outcome.error, iteration);
      case 'not_converging':
        if (outcome.failWorkflow === false) break;
        return {
          status: 'stopped',
          reason: 'not_converging',
          exitCode: ExitCode.needsAttention,
          message: `step ${step.index + 1} (${step.label}) ${outcome.error ?? 'is not converging'}`,
          iterations: iteration,
        };
      case 'interrupted':
        return interrupted(ctx, iteration);
      case 'failed':
        if (outcome.failWorkflow === false) break;
        if (outcome.violation !== undefined) {
          return {
            status: 'stopped',
            reason: 'policy',
            exitCode: ExitCode.needsAttention,
            message: `step ${step.index + 1} (${step.label}): ${outcome.error ?? 'blocked by policy'}`,
            iterations: iteration,
          };
        }
        return {
          status: 'failed',
          reason: 'step_failed',
          exitCode: ExitCode.stepFailed,
          message: `step ${step.index + 1} (${step.label}) failed: ${outcome.error ?? 'no reason given'}`,
          iterations: iteration,
        };
    }
  }
  return undefined;
}

/** Where the loop starts: iteration 1, step 0, unless a resumed run goes on from elsewhere. */
export interface LoopStart {
  iteration: number;
  stepIndex: number;
}

export async function runIterations(
  ctx: RunContext,
  maxIterations: number,
  start: LoopStart = { iteration: 1, stepIndex: 0 },
): Promise<LoopEnd> {
  // A resumed run that had finished its last iteration has nothing left but to end.
  if (start.iteration > maxIterations) {
    return completed('max_iterations', `ran all ${maxIterations} iterations`, maxIterations);
  }
  for (let iteration = start.iteration; iteration <= maxIterations; iteration++) {
    if (isInterrupted(ctx)) return interrupted(ctx, iteration - 1);
    ctx.vars.iteration = iteration;
    ctx.emit({ type: 'iteration.started', iteration, of: maxIterations });
    const fromIndex = iteration === start.iteration ? start.stepIndex : 0;
    let end = await runSteps(ctx, iteration, fromIndex);
    if (!end && ctx.playbook.until) {
      const check = await runSingle(ctx, ctx.playbook.until, 'until', 1);
      if (check.status === 'budget') end = budget(check.error, iteration);
      else if (check.status === 'interrupted') end = interrupted(ctx, iteration);
      else if (check.status === 'ok') {
        end = completed('until_passed', `until passed after iteration ${iteration}`, iteration);
      }
    }
    const commits = ctx.commits.filter((c) => c.step?.iteration === iteration).length;
    ctx.emit({ type: 'iteration.finished', iteration, commits });
    if (end) return end;
    if (commits === 0) {
      return completed(
        'no_changes',
        `iteration ${iteration} made no commit: no more changes to make`,
        iteration,
      );
    }
  }
  return completed('max_iterations', `ran all ${maxIterations} iterations`, maxIterations);
}
