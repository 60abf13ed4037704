// Load-time check of every ${...} reference: the id exists, its step has run by then, the
// field exists, and ${shell.output} follows a shell step. Problems point at the reference.
import type { Problem } from '../errors.js';
import type { Playbook, Step } from './model.js';
import { didYouMean } from './suggest.js';
import { STEP_FIELDS, varName } from './variables.js';
import { allSteps, envRefs, handlersOf, stepRefs, stepTree, type RefUse } from './walk.js';

interface Scope {
  /** Ids of earlier top-level steps (and their handlers) whose values exist when the step runs. */
  earlier: ReadonlySet<string>;
  /** Ids of the steps whose handler this is, innermost last: their values exist here too. */
  enclosing: readonly string[];
  /** Whether some shell step has finished by then. */
  shellSeen: boolean;
}

// The set of earlier ids is shared, not copied per step: a copy made validation quadratic in the
// number of ids (20,000 steps with ids took half a minute).
const isAvailable = (scope: Scope, id: string): boolean =>
  scope.earlier.has(id) || scope.enclosing.includes(id);

function checkUse(
  use: RefUse,
  scope: Scope,
  self: Step,
  declared: Map<string, Step>,
  problems: Problem[],
): void {
  const shown = `\`\${${varName(use.ref)}}\``;
  const report = (message: string) => problems.push({ ...use.pos, message: `${shown} ${message}` });
  if (use.ref.kind === 'shell_output') {
    if (!scope.shellSeen) {
      report(
        "is used before any shell step has run; move it after a shell step (or into a shell step's handler), or use ${<id>.output}",
      );
    }
    return;
  }
  if (use.ref.kind !== 'step') return;
  const { id, field } = use.ref;
  const target = declared.get(id);
  if (!target) {
    const known = [...declared.keys()];
    const hint =
      didYouMean(id, known) ||
      (known.length > 0 ? `; step ids here: ${known.join(', ')}` : '; give the step an `id:`');
    report(`refers to no step with id \`${id}\`${hint}`);
    return;
  }
  if (!isAvailable(scope, id)) {
    report(
      target === self
        ? `refers to the step itself, which has not finished yet; its values exist only in its own on_failure/on_success handlers and in later steps`
        : `refers to step \`${id}\` (line ${target.pos.line}), which has not run yet at this point; a step can use values only of steps that ran before it`,
    );
    return;
  }
  const fields: string[] = [...STEP_FIELDS, ...Object.keys(target.outputs)];
  if (!fields.includes(field)) {
    const hint = didYouMean(field, fields) || `; use one of ${fields.join(', ')}`;
    report(`asks for \`${field}\`, which step \`${id}\` does not have${hint}`);
    return;
  }
  if (field === 'output' && !target.captureOutput) {
    report(
      `is always empty because step \`${id}\` has capture_output: false; remove that line or stop using its output`,
    );
  }
}

function checkStep(
  step: Step,
  scope: Scope,
  declared: Map<string, Step>,
  problems: Problem[],
): void {
  for (const use of stepRefs(step)) checkUse(use, scope, step, declared, problems);
  // Handlers run after the step, so they see its values (and ${shell.output} of a shell step).
  const inner: Scope = {
    earlier: scope.earlier,
    enclosing: step.id === undefined ? scope.enclosing : [...scope.enclosing, step.id],
    shellSeen: scope.shellSeen || step.kind === 'shell',
  };
  for (const handler of handlersOf(step)) checkStep(handler, inner, declared, problems);
}

/** Every reference problem in the playbook, in file order. */
export function checkReferences(playbook: Playbook): Problem[] {
  const problems: Problem[] = [];
  const declared = new Map<string, Step>();
  for (const step of allSteps(playbook)) {
    if (step.id !== undefined && !declared.has(step.id)) declared.set(step.id, step);
  }
  for (const use of envRefs(playbook)) {
    if (use.ref.kind === 'step' || use.ref.kind === 'shell_output') {
      problems.push({
        ...use.pos,
        message: `\`\${${varName(use.ref)}}\` cannot be used in the top-level env, which is set before any step runs; use it in a step's env instead`,
      });
    }
  }
  // Filled in after each step is checked, so a step never sees its own id or later ones here.
  const earlier = new Set<string>();
  let shellSeen = false;
  for (const step of playbook.steps) {
    checkStep(step, { earlier, enclosing: [], shellSeen }, declared, problems);
    for (const s of stepTree(step)) {
      if (s.id !== undefined) earlier.add(s.id);
      if (s.kind === 'shell') shellSeen = true;
    }
  }
  if (playbook.until) {
    checkStep(playbook.until, { earlier, enclosing: [], shellSeen }, declared, problems);
  }
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}
