// What happens to the tree after a try: success is committed, anything else is saved and undone.
import {
  commitAll,
  commitMessage,
  commitsBetween,
  diffStat,
  type MadeCommit,
} from '../git/commit.js';
import { head } from '../git/repo.js';
import { restoreTo, saveWorkToRef } from '../git/save.js';
import { isDirty } from '../git/status.js';
import type { Step } from '../playbook/model.js';
import type { RunContext } from './context.js';
import type { StepRef } from './events.js';
import type { RunCommit } from './types.js';

/** Message and trailers of the commit the engine makes for a step. */
export function stepCommitMessage(ctx: RunContext, step: Step) {
  return {
    message: `mmm(${ctx.playbook.name}): ${step.label}`,
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

/**
 * After a successful try: keeps (and reports) the commits the agent made itself, then commits
 * whatever the step left in the tree. Returns every commit of the try, oldest first.
 */
export async function commitStepWork(
  ctx: RunContext,
  step: Step,
  ref: StepRef,
  headBefore: string,
): Promise<RunCommit[]> {
  const made: RunCommit[] = [];
  const now = await head(ctx.git, ctx.cwd);
  // HEAD moved during the step: the agent committed, and each of its commits is reported.
  for (const commit of await commitsBetween(ctx.git, ctx.cwd, headBefore, now)) {
    made.push(record(ctx, ref, await describeCommit(ctx, commit), true));
  }
  const { made: commit, clean } = await commitAll(
    ctx.git,
    ctx.cwd,
    stepCommitMessage(ctx, step),
    ctx.cleanIndex,
  );
  ctx.cleanIndex = clean;
  if (commit) made.push(record(ctx, ref, commit, false));
  return made;
}

/**
 * Saves everything a try left (uncommitted work and any commits past `target`) to
 * `refs/mmm/<runId>/<kind>-<n>` and resets the tree to `target`. Returns the ref, or undefined
 * when there was nothing to save.
 */
export async function saveAndRestore(
  ctx: RunContext,
  target: string,
  kind: 'failed' | 'interrupted',
): Promise<string | undefined> {
  const now = await head(ctx.git, ctx.cwd);
  if (now === target && !(await isDirty(ctx.git, ctx.cwd))) return undefined;
  ctx.savedRefs += 1;
  const ref = await saveWorkToRef(
    ctx.git,
    ctx.cwd,
    `${ctx.options.runId}/${kind}-${ctx.savedRefs}`,
  );
  await restoreTo(ctx.git, ctx.cwd, target);
  return ref;
}

/** Saves and clears uncommitted leftovers on top of the current HEAD, if there are any. */
export async function sweepLeftovers(ctx: RunContext): Promise<string | undefined> {
  return saveAndRestore(ctx, await head(ctx.git, ctx.cwd), 'failed');
}
