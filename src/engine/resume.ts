// Continuing a recorded run: what it had done is given back, the tree is put where it was.
import type { RunSetup } from '../events.js';
import type { RunContext } from './context.js';
import { saveAndRestore } from './settle.js';
import type { ResumeFrom } from './types.js';

/**
 * Gives the run back what its finished steps left (values, totals, commits), saves whatever the
 * dead step left in the tree to `refs/mmm/<run>/resumed-<n>`, resets the tree to the commit the
 * resumed step starts from, and emits run.resumed.
 */
export async function resumeRun(
  ctx: RunContext,
  resume: ResumeFrom,
  setup: RunSetup,
): Promise<void> {
  Object.assign(ctx.vars.steps, resume.steps);
  ctx.vars.lastShellOutput = resume.lastShellOutput;
  Object.assign(ctx.totals, resume.totals);
  ctx.commits.push(...resume.commits);
  ctx.savedRefs = resume.savedRefs;
  ctx.cutOffConversation = resume.cutOffConversation;
  const saved = await saveAndRestore(ctx, resume.startAt, 'resumed');
  const step = ctx.playbook.steps[resume.stepIndex];
  ctx.emit({
    type: 'run.resumed',
    ...setup,
    from: resume.from,
    iteration: resume.iteration,
    atStepIndex: resume.stepIndex,
    label: step?.label ?? (ctx.playbook.until ? 'until' : 'end of the iteration'),
    headAt: resume.startAt,
    savedRef: saved.ref,
    playbookChanged: resume.playbookChanged,
  });
}
