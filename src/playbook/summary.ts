import type { Playbook } from './model.js';
import { varName } from './variables.js';
import { allSteps } from './walk.js';

/** Names of the variables a playbook uses (`review.spec`, `shell.output`, `ARG`), first use first. */
export function referencedVariables(playbook: Playbook): string[] {
  const names = new Set<string>();
  const templates = [...Object.values(playbook.env)];
  const add = (ref: Parameters<typeof varName>[0]) => names.add(varName(ref));
  for (const step of allSteps(playbook)) {
    templates.push(step.command, ...Object.values(step.env));
    if (step.workingDir) templates.push(step.workingDir);
  }
  for (const template of templates) {
    for (const part of template.parts) if (part.kind === 'var') add(part.ref);
  }
  for (const step of allSteps(playbook)) {
    const visit = (e: NonNullable<typeof step.when>): void => {
      if (e.kind === 'var') add(e.ref);
      else if (e.kind === 'not') visit(e.operand);
      else if (e.kind === 'binary') {
        visit(e.left);
        visit(e.right);
      }
    };
    if (step.when) visit(step.when);
  }
  return [...names];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line about a valid playbook: "3 steps, max 1 iteration, variables: review.spec". */
export function summarizePlaybook(playbook: Playbook): string {
  const variables = referencedVariables(playbook);
  const parts = [
    plural(playbook.steps.length, 'step'),
    `max ${plural(playbook.maxIterations, 'iteration')}`,
  ];
  if (playbook.until) parts.push(`until: ${playbook.until.kind}`);
  parts.push(variables.length > 0 ? `variables: ${variables.join(', ')}` : 'no variables');
  return parts.join(', ');
}
