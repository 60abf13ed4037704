// One try of one step: budget check, run, then commit on success or save-and-undo otherwise.
import { PreconditionError } from '../errors.js';
import { pinnedGitDirIntact, pinnedTreeProblem } from '../git/pin.js';
import { head } from '../git/repo.js';
import { saveWorkToRef } from '../git/save.js';
import type { Step } from '../playbook/model.js';
import { checkBudget } from './budget.js';
import {
  gateFeedback,
  headNow,
  isInterrupted,
  noteIgnoreRules,
  type RunContext,
} from './context.js';
import type { StepRef } from '../events.js';
import { executeAgent } from './execute-agent.js';
import { executeShell, type Execution } from './execute-shell.js';
import { formatCost, shortSha } from '../infra/format.js';
import { renderText } from '../playbook/index.js';
import { notRun, nulProblem, workingDir } from './prepare.js';
import type { PolicyViolation } from './policy/check.js';
import { describeBlock, emitViolations } from './policy/enforce.js';
import {
  commitStepWork,
  describeLeftInPlace,
  headProblem,
  saveAndRestore,
  type Restored,
} from './settle.js';
import { recordValues } from './values.js';
import { outputTail } from './converge.js';

export type Role = StepRef['role'];

/** How a try ended. `budget` and `interrupted` mean it never ran or was cut short. */
export interface AttemptResult {
  status: 'ok' | 'failed' | 'budget' | 'interrupted';
  error?: string | undefined;
  /** Set when the policy blocked the try: the rules it broke, as `${<id>.violation}` holds them. */
  violation?: string | undefined;
  /** For a try that ran and failed: where it started, and the end of its output. */
  failure?: { headBefore: string; output: string } | undefined;
}

function renderEnv(ctx: RunContext, step: Step): Record<string, string> {
  const env: Record<string, string> = {};
  const feedback = gateFeedback(ctx, step);
  if (feedback !== undefined) env.MMM_GATE_FEEDBACK = feedback;
  for (const [name, value] of Object.entries(ctx.playbook.env)) {
    env[name] = renderText(value, ctx.vars);
  }
  for (const [name, value] of Object.entries(step.env)) env[name] = renderText(value, ctx.vars);
  return env;
}

async function execute(
  ctx: RunContext,
  step: Step,
  ref: StepRef,
  remainingUsd: number | undefined,
): Promise<{ execution: Execution; workDir: string }> {
  const nul = nulProblem(ctx, step);
  if (nul !== undefined) return { execution: notRun(nul), workDir: ctx.cwd };
  const { dir: workDir, error } = workingDir(ctx, step);
  if (error !== undefined) return { execution: notRun(error), workDir };
  const env = renderEnv(ctx, step);
  const execution =
    step.kind === 'shell'
      ? await executeShell(ctx, step, ref, workDir, env)
      : await executeAgent(ctx, step, ref, workDir, env, remainingUsd);
  return { execution, workDir };
}

/** A failure message, and on its next line what no ref could hold and was left as it was. */
function withLeftInPlace(message: string, saved: Restored): string {
  return saved.leftInPlace ? `${message}\n${saved.leftInPlace}` : message;
}

/** Which try of which step, in the current iteration, as events name it. */
export function stepRef(ctx: RunContext, step: Step, role: Role, attempt: number): StepRef {
  return {
    iteration: ctx.vars.iteration,
    stepIndex: step.index,
    stepId: step.id,
    label: step.label,
    kind: step.kind,
    role,
    attempt,
  };
}

/**
 * The step left the run's tree without its .git: nothing more is done there. What it left is saved
 * to a ref (git still reaches the tree through the pinned git dir, when that is still there), the
 * step is recorded as failed, and the run stops with exit 3.
 */
async function stopOnLostTree(
  ctx: RunContext,
  step: Step,
  ref: StepRef,
  execution: Execution,
  headBefore: string,
  lost: string,
): Promise<never> {
  ctx.savedRefs += 1;
  const saved = await (
    pinnedGitDirIntact(ctx.git)
      ? saveWorkToRef(ctx.git, ctx.cwd, `${ctx.options.runId}/failed-${ctx.savedRefs}`, {
          kept: ctx.ignoredAtStart,
        })
      : Promise.reject(new Error("the run's git directory is gone"))
  )
    .then(({ ref: name, nested, changedSubmodules }) => {
      const left = describeLeftInPlace(nested, changedSubmodules);
      return `its work was saved to ${name ?? ''}${left ? `; ${left}` : ''}`;
    })
    .catch(() => 'its work could not be saved to a ref (the tree is left as it is)');
  const error = `after the step, ${lost}; mmm ran no more git there and stopped the run; ${saved}`;
  ctx.emit({
    type: 'step.finished',
    ...ref,
    status: 'failed',
    exitCode: execution.exitCode,
    durationMs: 0,
    error,
    output: execution.output,
    outputFile: execution.outputFile,
    outputBytes: execution.outputBytes,
    headBefore,
    headAfter: headBefore,
  });
  throw new PreconditionError(`step ${step.index + 1} (${step.label}): ${error}`, {
    hint: `nothing outside ${ctx.cwd} was changed; for a worktree, git worktree repair ${ctx.cwd} (run in the repository) puts its .git back`,
  });
}

/**
 * Runs one try. On failure the tree is saved to a ref and reset to where the try began, unless
 * `keepTreeOnFailure` (the test-fix loop, where the handler must see what the step left).
 */
export async function runAttempt(
  ctx: RunContext,
  step: Step,
  role: Role,
  attempt: number,
  keepTreeOnFailure = false,
): Promise<AttemptResult> {
  if (isInterrupted(ctx)) return { status: 'interrupted' };
  const ref = stepRef(ctx, step, role, attempt);
  let remainingUsd: number | undefined;
  if (step.kind === 'claude') {
    const budget = checkBudget(ctx);
    if (budget.exceeded) {
      return { status: 'budget', error: `${budget.exceeded}; stopped before the next agent call` };
    }
    remainingUsd = budget.remainingUsd;
  }
  const headBefore = await headNow(ctx);
  await noteIgnoreRules(ctx);
  ctx.emit({ type: 'step.started', ...ref, headBefore });
  const started = ctx.deps.now().getTime();
  const { execution, workDir } = await execute(ctx, step, ref, remainingUsd);
  const lost = await pinnedTreeProblem(ctx.git);
  if (lost !== undefined) await stopOnLostTree(ctx, step, ref, execution, headBefore, lost);

  let ok = execution.ok;
  let error = execution.error;
  let status: AttemptResult['status'] = 'failed';
  if (execution.interrupted || isInterrupted(ctx)) {
    ok = false;
    status = 'interrupted';
    const saved = await saveAndRestore(ctx, headBefore, 'interrupted');
    error = withLeftInPlace(
      saved.ref
        ? `interrupted; nothing was committed for this step, its changes were saved to ${saved.ref} and the tree reset to ${shortSha(headBefore)}`
        : 'interrupted; nothing was committed for this step',
      saved,
    );
  } else if (execution.budgetReached) {
    // The agent stopped itself at the budget mmm passed down (--max-budget-usd): the run stops
    // as it would before a call over budget, and the half-done work is kept on a ref, not committed.
    ok = false;
    status = 'budget';
    const limit = remainingUsd === undefined ? '' : ` (${formatCost(remainingUsd)} left)`;
    const saved = await saveAndRestore(ctx, headBefore, 'budget');
    error = withLeftInPlace(
      `budget reached during the call: ${ctx.playbook.agent.tool} stopped itself at the spending limit mmm passed${limit}` +
        (saved.ref
          ? `; nothing was committed for this step, its changes were saved to ${saved.ref} and the tree reset to ${shortSha(headBefore)}`
          : '; nothing was committed for this step'),
      saved,
    );
  }
  if (status === 'interrupted' || status === 'budget') ctx.cutShort = ref;
  // Where the step left HEAD is checked even for a failed try: the tree is then always reset on
  // the run's branch, and a try left for the test-fix loop cannot move the run elsewhere.
  const left =
    status === 'interrupted' || status === 'budget'
      ? undefined
      : await headProblem(ctx, headBefore);
  const misplaced = left?.problem;
  // Where the try leaves HEAD, when known without asking git again.
  let headAfter: string | undefined;
  let blocked: PolicyViolation[] | undefined;
  if (ok && misplaced !== undefined) {
    ok = false;
    error = misplaced;
  } else if (ok && left?.now !== undefined) {
    // Committing moves HEAD: what it is afterwards is known only once the commits are made.
    ctx.headSeen = undefined;
    const {
      commits,
      error: notCommitted,
      blocked: violations,
    } = await commitStepWork(ctx, step, ref, headBefore, left.now, left.dirty, left.embedded);
    if (violations !== undefined) {
      ok = false;
      blocked = violations;
      error = `blocked by policy: ${describeBlock(violations)}`;
    } else if (notCommitted !== undefined) {
      ok = false;
      error = notCommitted;
    } else if (step.commitRequired && commits.length === 0) {
      ok = false;
      error =
        'nothing was committed though commit_required is set: the step made no commit and left no change to commit';
    } else {
      headAfter = commits.at(-1)?.commit ?? left.now;
      ctx.headSeen = headAfter;
    }
  }
  if (ok) status = 'ok';
  else if (
    status === 'failed' &&
    (!keepTreeOnFailure || misplaced !== undefined || blocked !== undefined)
  ) {
    // A blocked change is undone even for the test-fix loop: the handler starts from where the
    // step did, with the violation to go on.
    const saved = await saveAndRestore(ctx, headBefore, blocked ? 'blocked' : 'failed');
    if (saved.ref) {
      error = `${error ?? 'failed'}\nnot committed: its changes were saved to ${saved.ref} and the tree reset to ${shortSha(headBefore)}`;
    }
    if (saved.leftInPlace) error = withLeftInPlace(error ?? 'failed', saved);
    if (blocked) emitViolations(ctx, ref, blocked, saved.ref);
  }
  const violation = blocked && describeBlock(blocked);
  const named = await recordValues(ctx, step, execution, ok, workDir, violation);
  ctx.emit({
    type: 'step.finished',
    ...ref,
    status: ok ? 'ok' : 'failed',
    exitCode: execution.exitCode,
    durationMs: ctx.deps.now().getTime() - started,
    error: ok ? undefined : error,
    output: execution.output,
    outputFile: execution.outputFile,
    outputBytes: execution.outputBytes,
    named,
    violation,
    headBefore,
    headAfter: headAfter ?? (await head(ctx.git, ctx.cwd)),
  });
  if (status !== 'failed') return { status, error: ok ? undefined : error };
  const output = await outputTail(execution.output, execution.outputFile);
  return { status, error, violation, failure: { headBefore, output } };
}
