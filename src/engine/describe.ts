// Words for why a step was skipped: the condition as written and the values it saw.
import type { Expr, VarContext, VarRef } from '../playbook/model.js';

/** The value a reference has now; undefined when it has none yet. */
function refValue(ref: VarRef, ctx: VarContext): string | undefined {
  switch (ref.kind) {
    case 'step': {
      const values = ctx.steps[ref.id];
      if (!values) return undefined;
      if (ref.field === 'output') return values.output;
      if (ref.field === 'exit_code') return values.exitCode === null ? '' : String(values.exitCode);
      if (ref.field === 'success') return String(values.success);
      return values.named[ref.field];
    }
    case 'shell_output':
      return ctx.lastShellOutput;
    case 'arg':
      return ctx.arg;
    case 'item':
      return ctx.item;
    case 'iteration':
      return String(ctx.iteration);
    case 'env':
      return ctx.env[ref.name];
  }
}

/** `${...}` as written, for messages. */
function refText(ref: VarRef): string {
  switch (ref.kind) {
    case 'step':
      return `\${${ref.id}.${ref.field}}`;
    case 'shell_output':
      return '${shell.output}';
    case 'arg':
      return '${ARG}';
    case 'item':
      return '${item}';
    case 'iteration':
      return '${ITERATION}';
    case 'env':
      return `\${env.${ref.name}}`;
  }
}

function exprText(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? JSON.stringify(expr.value) : String(expr.value);
    case 'var':
      return refText(expr.ref);
    case 'not':
      return `!${exprText(expr.operand)}`;
    case 'binary':
      return `${exprText(expr.left)} ${expr.op} ${exprText(expr.right)}`;
  }
}

function collectRefs(expr: Expr, into: Extract<Expr, { kind: 'var' }>[]): void {
  if (expr.kind === 'var') into.push(expr);
  else if (expr.kind === 'not') collectRefs(expr.operand, into);
  else if (expr.kind === 'binary') {
    collectRefs(expr.left, into);
    collectRefs(expr.right, into);
  }
}

const shorten = (v: string) => (v.length > 60 ? `${v.slice(0, 57)}...` : v);

/** e.g. `when: ${test.success} == true was false (${test.success} = "false")`. */
export function describeFalseCondition(expr: Expr, ctx: VarContext): string {
  const refs: Extract<Expr, { kind: 'var' }>[] = [];
  collectRefs(expr, refs);
  const seen = [...new Set(refs.map((r) => refText(r.ref)))].map((text) => {
    const ref = refs.find((r) => refText(r.ref) === text)!.ref;
    const value = refValue(ref, ctx);
    return `${text} = ${value === undefined ? '(unset)' : JSON.stringify(shorten(value))}`;
  });
  return `when: ${exprText(expr)} was false${seen.length ? ` (${seen.join(', ')})` : ''}`;
}
