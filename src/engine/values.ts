// What a finished try exposes to later steps: ${id.output}, ${id.exit_code}, ${id.success},
// ${id.violation}, outputs.
import { resolve } from 'node:path';
import type { Step, StepValues } from '../playbook/model.js';
import type { RunContext } from './context.js';
import type { Execution } from './execute-shell.js';
import { newestMatch } from './glob.js';

/**
 * Sets the values the try exposes to later steps. Returns its named outputs, when the step
 * declares any, so step.finished records them and a resumed run can give them back.
 */
export async function recordValues(
  ctx: RunContext,
  step: Step,
  execution: Execution,
  success: boolean,
  workDir: string,
  violation?: string,
): Promise<Record<string, string> | undefined> {
  if (step.kind === 'shell') ctx.vars.lastShellOutput = execution.value;
  if (step.id === undefined) return undefined;
  const named: Record<string, string> = {};
  for (const [name, spec] of Object.entries(step.outputs)) {
    // A declared output with no matching file is empty rather than an error: "nothing found" is
    // a normal answer for a review step. Only files inside the working tree count.
    named[name] = success
      ? ((await newestMatch(resolve(workDir), spec.filePattern, ctx.cwd)) ?? '')
      : '';
  }
  const values: StepValues = {
    output: execution.value,
    exitCode: execution.exitCode,
    success,
    named,
    violation,
  };
  ctx.vars.steps[step.id] = values;
  return Object.keys(named).length > 0 ? named : undefined;
}
