// Visiting the steps of a playbook and the variable references inside them.
import type { Expr, Playbook, Position, Step, VarRef } from './model.js';

/** A step's handlers, in the order they may run. */
export function handlersOf(step: Step): Step[] {
  const out: Step[] = [];
  if (step.onFailure) out.push(step.onFailure.step);
  if (step.onSuccess) out.push(step.onSuccess);
  return out;
}

/** The step and all handler steps below it. */
export function stepTree(step: Step): Step[] {
  return [step, ...handlersOf(step).flatMap(stepTree)];
}

/** Every step of the playbook: steps with their handlers in order, then until. */
export function allSteps(playbook: Playbook): Step[] {
  const out = playbook.steps.flatMap(stepTree);
  if (playbook.until) out.push(...stepTree(playbook.until));
  return out;
}

export interface RefUse {
  ref: VarRef;
  raw: string;
  pos: Position;
}

function exprRefs(expr: Expr | undefined, out: RefUse[]): void {
  if (!expr) return;
  switch (expr.kind) {
    case 'literal':
      return;
    case 'var':
      out.push({ ref: expr.ref, raw: '', pos: expr.pos });
      return;
    case 'not':
      exprRefs(expr.operand, out);
      return;
    case 'binary':
      exprRefs(expr.left, out);
      exprRefs(expr.right, out);
      return;
  }
}

/** References in a step's own fields (not its handlers), in file order where it matters. */
export function stepRefs(step: Step): RefUse[] {
  const out: RefUse[] = [];
  exprRefs(step.when, out);
  const templates = [step.command, ...Object.values(step.env)];
  if (step.workingDir) templates.push(step.workingDir);
  for (const template of templates) {
    for (const part of template.parts) {
      if (part.kind === 'var') out.push({ ref: part.ref, raw: part.raw, pos: part.pos });
    }
  }
  return out.sort((a, b) => a.pos.line - b.pos.line || a.pos.col - b.pos.col);
}

/** References in the top-level env. */
export function envRefs(playbook: Playbook): RefUse[] {
  const out: RefUse[] = [];
  for (const template of Object.values(playbook.env)) {
    for (const part of template.parts) {
      if (part.kind === 'var') out.push({ ref: part.ref, raw: part.raw, pos: part.pos });
    }
  }
  return out;
}
