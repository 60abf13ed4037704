import type { Playbook } from './model.js';
import { varName } from './variables.js';
import { allSteps, envRefs, stepRefs } from './walk.js';

/** Names of the variables a playbook uses (`review.spec`, `shell.output`, `ARG`), in file order. */
export function referencedVariables(playbook: Playbook): string[] {
  const uses = [...envRefs(playbook), ...allSteps(playbook).flatMap(stepRefs)];
  uses.sort((a, b) => a.pos.line - b.pos.line || a.pos.col - b.pos.col);
  return [...new Set(uses.map((use) => varName(use.ref)))];
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
