// A step with its condition and handlers: when:, the on_failure test-fix loop, on_success.
import type { Step } from '../playbook/model.js';
import { runAttempt, stepRef, type Role } from './attempt.js';
import type { RunContext } from './context.js';
import { describeFalseCondition } from './describe.js';
import { evaluateCondition } from '../playbook/index.js';
import { sweepLeftovers } from './settle.js';
import { diffStat } from '../git/commit.js';
import {
  escalationPacket,
  failsAlike,
  failureCount,
  failureSignature,
  growsWithoutProgress,
  lastLines,
  notConvergingWhy,
  repeatedTries,
  writeEscalation,
  type FailedTry,
  type NotConverging,
} from './converge.js';

export interface StepOutcome {
  /**
   * `not_converging`: its fix loop failed the same way `on_failure.stop_on_repeat` tries in a row,
   * or that many fixes in a row made the change larger while the failures did not fall.
   */
  status: 'ok' | 'failed' | 'skipped' | 'budget' | 'interrupted' | 'not_converging';
  error?: string | undefined;
  /** For a failed step: whether the run must stop (on_failure.fail_workflow, default true). */
  failWorkflow?: boolean;
  /** Set when the policy blocked the step's last try (or its handler's): the rules it broke. */
  violation?: string | undefined;
}

/** Emits step.skipped and returns true when the step's `when:` is false. */
function skipped(ctx: RunContext, step: Step, role: Role, attempt: number): boolean {
  if (!step.when || evaluateCondition(step.when, ctx.vars)) return false;
  ctx.emit({
    type: 'step.skipped',
    ...stepRef(ctx, step, role, attempt),
    reason: describeFalseCondition(step.when, ctx.vars),
  });
  return true;
}

/** A handler step or the until check: one try, honouring its own `when:`. */
export async function runSingle(
  ctx: RunContext,
  step: Step,
  role: Role,
  attempt: number,
): Promise<StepOutcome> {
  if (skipped(ctx, step, role, attempt)) return { status: 'skipped' };
  return runAttempt(ctx, step, role, attempt);
}

function failed(step: Step, error: string | undefined, violation?: string): StepOutcome {
  return {
    status: 'failed',
    error,
    failWorkflow: step.onFailure?.failWorkflow ?? true,
    violation,
  };
}

/**
 * The fix loop goes in circles (`trigger`): the tries left are not spent. The escalation packet
 * is written and recorded, and the step ends as not converging.
 */
async function giveUp(
  ctx: RunContext,
  step: Step,
  tries: readonly FailedTry[],
  unspent: number,
  trigger: NotConverging,
): Promise<StepOutcome> {
  const last = tries.at(-1);
  const repeats = repeatedTries(tries);
  const resume = `mmm resume ${ctx.options.runId}`;
  const why = notConvergingWhy(tries, trigger, step.onFailure?.stopOnRepeat ?? 2);
  const packet = await escalationPacket(ctx, step, tries, unspent, resume, why);
  const written = await writeEscalation(ctx, packet);
  ctx.emit({
    type: 'step.not_converging',
    ...stepRef(ctx, step, 'step', last?.attempt ?? 1),
    signature: last?.signature ?? '',
    repeats,
    trigger,
    unspent,
    packet,
    path: written.error === undefined ? written.path : undefined,
  });
  const where =
    written.error === undefined
      ? `what was tried is in ${written.path}`
      : `what was tried could not be written to ${written.path} (${written.error}); it is in the ledger (mmm runs export ${ctx.options.runId})`;
  return {
    status: 'not_converging',
    error: `not converging: ${why}, so ${unspent} ${unspent === 1 ? 'try was' : 'tries were'} not spent; ${where}\n${last?.error ?? ''}`,
    failWorkflow: step.onFailure?.failWorkflow ?? true,
  };
}

/** Lines changed from where the loop's first try started to `headBefore` (0 for the first). */
async function changedSinceFirst(
  ctx: RunContext,
  tries: readonly FailedTry[],
  headBefore: string,
): Promise<number> {
  const first = tries[0];
  const previous = tries.at(-1);
  if (!first || !previous) return 0;
  if (headBefore === '' || first.headBefore === '') return previous.changed;
  if (headBefore === previous.headBefore) return previous.changed;
  const stat = await diffStat(ctx.git, ctx.cwd, first.headBefore, headBefore).catch(
    () => undefined,
  );
  return stat ? stat.insertions + stat.deletions : previous.changed;
}

async function runTries(ctx: RunContext, step: Step): Promise<StepOutcome> {
  const handler = step.onFailure;
  const maxAttempts = Math.max(1, handler?.maxAttempts ?? 1);
  const tries: FailedTry[] = [];
  for (let attempt = 1; ; attempt++) {
    // The handler runs between tries; with a single try it still runs once, as a failure hook.
    const handles = handler !== undefined && (attempt < maxAttempts || maxAttempts === 1);
    const tried = await runAttempt(ctx, step, 'step', attempt, step.kind === 'shell' && handles);
    if (tried.status === 'ok') {
      if (!step.onSuccess) return { status: 'ok' };
      const after = await runSingle(ctx, step.onSuccess, 'on_success', attempt);
      if (after.status === 'failed')
        return failed(step, `on_success handler failed: ${after.error}`, after.violation);
      return after.status === 'skipped' ? { status: 'ok' } : after;
    }
    if (tried.status !== 'failed') return tried;
    if (!handler || !handles) return failed(step, tried.error, tried.violation);
    const error = tried.error ?? 'failed';
    const output = tried.failure?.output ?? '';
    const headBefore = tried.failure?.headBefore ?? '';
    const shown = output === '' ? lastLines(error, 60) : output;
    tries.push({
      attempt,
      headBefore,
      error,
      output: shown,
      signature: failureSignature(`${error}\n${output}`),
      failures: failureCount(shown),
      changed: await changedSinceFirst(ctx, tries, headBefore),
    });
    if (handler.stopOnRepeat !== undefined && attempt < maxAttempts) {
      const times = handler.stopOnRepeat;
      const trigger: NotConverging | undefined = failsAlike(tries, times)
        ? 'repeat'
        : growsWithoutProgress(tries, times)
          ? 'growing'
          : undefined;
      if (trigger) return giveUp(ctx, step, tries, maxAttempts - attempt, trigger);
    }
    const fix = await runSingle(ctx, handler.step, 'on_failure', attempt);
    if (fix.status === 'budget' || fix.status === 'interrupted') return fix;
    if (fix.status === 'failed') {
      return failed(
        step,
        `${tried.error}\nthe on_failure handler failed too: ${fix.error}`,
        tried.violation ?? fix.violation,
      );
    }
    if (attempt >= maxAttempts) return failed(step, tried.error, tried.violation);
  }
}

/**
 * Runs a top-level step through its condition, tries and handlers. The run's totals count steps
 * by how they ended: a try the test-fix loop then made good is not a failed step.
 */
export async function runStep(ctx: RunContext, step: Step): Promise<StepOutcome> {
  if (skipped(ctx, step, 'step', 1)) {
    ctx.totals.skipped += 1;
    return { status: 'skipped' };
  }
  const outcome = await runTries(ctx, step);
  if (outcome.status === 'ok' || outcome.status === 'skipped' || outcome.status === 'failed') {
    ctx.totals[outcome.status] += 1;
  } else if (outcome.status === 'not_converging') ctx.totals.failed += 1;
  if (outcome.status === 'ok' || outcome.status === 'skipped') return outcome;
  // A shell step's last failing try may have been left for a handler that never cleaned up.
  const saved = await sweepLeftovers(ctx);
  if (saved.ref) {
    outcome.error = `${outcome.error ?? ''}\nleftover changes were saved to ${saved.ref}`.trim();
  }
  // A try that was saved already said what it left in place.
  if (saved.leftInPlace && !outcome.error?.includes(saved.leftInPlace)) {
    outcome.error = `${outcome.error ?? ''}\n${saved.leftInPlace}`.trim();
  }
  return outcome;
}
