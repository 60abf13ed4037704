// What happens to the tree after a try: success is committed, anything else is saved and undone.
import {
  commitAll,
  commitMessage,
  commitsBetween,
  diffStat,
  type MadeCommit,
} from '../git/commit.js';
import { isAncestor, resolveCommit } from '../git/branch.js';
import { head, headIfAny, headRef } from '../git/repo.js';
import { GitCommandError, runGit } from '../git/run.js';
import { reattachHead, restoreTo, saveWorkToRef } from '../git/save.js';
import { isDirty } from '../git/status.js';
import { flattenControls } from '../infra/control-chars.js';
import type { Step } from '../playbook/model.js';
import type { RunContext } from './context.js';
import type { StepRef } from '../events.js';
import { shortSha } from '../infra/format.js';
import type { RunCommit } from './types.js';

/**
 * Message and trailers of the commit the engine makes for a step. The subject is one line
 * whatever the name and label hold (the loader already refuses a name with a line break), so
 * nothing in them can add lines, `Mmm-Run:` trailers among them, to the message.
 */
export function stepCommitMessage(ctx: RunContext, step: Step) {
  return {
    message: flattenControls(`mmm(${ctx.playbook.name}): ${step.label}`),
    trailers: { 'Mmm-Run': ctx.options.runId, 'Mmm-Step': `${step.index + 1} ${step.label}` },
  };
}

function record(ctx: RunContext, ref: StepRef, commit: MadeCommit, byAgent: boolean): RunCommit {
  ctx.emit({ type: 'step.committed', ...ref, ...commit, byAgent });
  const made: RunCommit = { commit: commit.commit, message: commit.message, byAgent, step: ref };
  ctx.commits.push(made);
  return made;
}

/** A commit the agent made itself, as git stored it. */
async function describeCommit(ctx: RunContext, commit: string): Promise<MadeCommit> {
  const message = await commitMessage(ctx.git, ctx.cwd, commit);
  const stat = await diffStat(ctx.git, ctx.cwd, `${commit}^`, commit);
  return { commit, message, ...stat };
}

/** How a ref reads in a message: `branch main`, or `a detached HEAD`. */
function describeRef(ref: string | undefined): string {
  if (ref === undefined) return 'a detached HEAD';
  return ref.startsWith('refs/heads/') ? `branch ${ref.slice('refs/heads/'.length)}` : ref;
}

/**
 * Why the HEAD a successful try left cannot be committed on, or undefined when it can: the run's
 * commits go on the branch it started on, and never drop a commit that was there before.
 */
export async function headProblem(
  ctx: RunContext,
  headBefore: string,
): Promise<string | undefined> {
  const ref = await headRef(ctx.git, ctx.cwd);
  if (ref !== ctx.headRef) {
    return `the step left HEAD on ${describeRef(ref)} instead of ${describeRef(ctx.headRef)}; a run commits only where it started, so the step failed`;
  }
  const now = await headIfAny(ctx.git, ctx.cwd);
  if (now === undefined)
    return `the step left ${describeRef(ref)} without any commit, so the step failed`;
  if (now !== headBefore && !(await isAncestor(ctx.git, ctx.cwd, headBefore, now))) {
    return `the step rewrote history (a reset, an amend or a rebase): ${shortSha(headBefore)}, where it started, is no longer part of ${describeRef(ref)}; a run never drops commits, so the step failed`;
  }
  return undefined;
}

/**
 * After a successful try: keeps (and reports) the commits the agent made itself, then commits
 * whatever the step left in the tree. Returns every commit of the try, oldest first, and why the
 * step's work could not be committed when git refused (a signing key that is missing, a hook that
 * still runs).
 */
export async function commitStepWork(
  ctx: RunContext,
  step: Step,
  ref: StepRef,
  headBefore: string,
): Promise<{ commits: RunCommit[]; error?: string }> {
  const made: RunCommit[] = [];
  const now = await head(ctx.git, ctx.cwd);
  // HEAD moved during the step: the agent committed, and each of its commits is reported.
  for (const commit of await commitsBetween(ctx.git, ctx.cwd, headBefore, now)) {
    made.push(record(ctx, ref, await describeCommit(ctx, commit), true));
  }
  try {
    const commit = await commitAll(ctx.git, ctx.cwd, stepCommitMessage(ctx, step));
    if (commit) made.push(record(ctx, ref, commit, false));
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    const said = (error.result.stderr || error.result.stdout).trim();
    return {
      commits: made,
      error: `git could not commit the step's work: git ${error.args[0] === '-c' ? 'commit' : error.args[0]} exited with ${String(error.result.exitCode)}${said ? `: ${said}` : ''}`,
    };
  }
  return { commits: made };
}

/**
 * Saves everything a try left (uncommitted work and any commits past `target`) to
 * `refs/mmm/<runId>/<kind>-<n>` and resets the tree to `target`. Returns the ref, or undefined
 * when there was nothing to save.
 */
export async function saveAndRestore(
  ctx: RunContext,
  target: string,
  kind: 'failed' | 'interrupted' | 'budget',
): Promise<string | undefined> {
  const at = await headRef(ctx.git, ctx.cwd);
  const away = at !== ctx.headRef;
  const now = await headIfAny(ctx.git, ctx.cwd);
  if (!away && now === target && !(await isDirty(ctx.git, ctx.cwd))) return undefined;
  ctx.savedRefs += 1;
  const name = `${ctx.options.runId}/${kind}-${ctx.savedRefs}`;
  const saved = await saveWorkToRef(ctx.git, ctx.cwd, name);
  if (away) {
    // The step left the run's branch: what it had committed there before leaving is kept as
    // well, then HEAD goes back, so that the reset below moves the run's branch and no other.
    const tip = ctx.headRef && (await resolveCommit(ctx.git, ctx.cwd, ctx.headRef));
    if (tip && tip !== target && tip !== now) {
      await runGit(ctx.git, ['update-ref', '-m', 'mmm: save work', `${saved}-branch`, tip], {
        cwd: ctx.cwd,
      });
    }
    await reattachHead(ctx.git, ctx.cwd, ctx.headRef, target);
  }
  await restoreTo(ctx.git, ctx.cwd, target);
  return saved;
}

/**
 * Saves and clears uncommitted leftovers on top of the run's branch (or the current HEAD, for a
 * run on a detached HEAD), if there are any.
 */
export async function sweepLeftovers(ctx: RunContext): Promise<string | undefined> {
  const tip = ctx.headRef && (await resolveCommit(ctx.git, ctx.cwd, ctx.headRef));
  return saveAndRestore(ctx, tip || (await head(ctx.git, ctx.cwd)), 'failed');
}
