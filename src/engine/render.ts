// Rendering of templates and conditions against the run's variables.
// Interim: a faithful local rendering of the model until the playbook module exports its own.
import type { Expr, Template, VarContext, VarRef } from '../playbook/model.js';

/** The value a reference has now; undefined when it has none yet. */
export function refValue(ref: VarRef, ctx: VarContext): string | undefined {
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
export function refText(ref: VarRef): string {
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

export function renderText(template: Template, ctx: VarContext): string {
  return template.parts
    .map((part) => (part.kind === 'text' ? part.text : (refValue(part.ref, ctx) ?? '')))
    .join('');
}

/** Shell source in which every value is an environment variable reference, never spliced text. */
export function renderShell(
  template: Template,
  ctx: VarContext,
): { script: string; env: Record<string, string> } {
  const env: Record<string, string> = {};
  let script = '';
  let n = 0;
  for (const part of template.parts) {
    if (part.kind === 'text') {
      script += part.text;
      continue;
    }
    const name = `MMM_VAR_${++n}`;
    env[name] = refValue(part.ref, ctx) ?? '';
    if (part.quoting === 'double') script += `\${${name}}`;
    else if (part.quoting === 'single') script += `'"\${${name}}"'`;
    else script += `"\${${name}}"`;
  }
  return { script, env };
}

type Value = string | number | boolean;

function valueOf(expr: Expr, ctx: VarContext): Value {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'var':
      return refValue(expr.ref, ctx) ?? '';
    case 'not':
      return !truthy(valueOf(expr.operand, ctx));
    case 'binary':
      return binary(expr.op, expr.left, expr.right, ctx);
  }
}

function truthy(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return v !== '' && v !== 'false' && v !== '0';
}

function compare(a: Value, b: Value): number {
  const na = Number(a);
  const nb = Number(b);
  if (String(a).trim() !== '' && String(b).trim() !== '' && !isNaN(na) && !isNaN(nb))
    return na - nb;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function binary(
  op: Extract<Expr, { kind: 'binary' }>['op'],
  left: Expr,
  right: Expr,
  ctx: VarContext,
): boolean {
  if (op === '&&') return truthy(valueOf(left, ctx)) && truthy(valueOf(right, ctx));
  if (op === '||') return truthy(valueOf(left, ctx)) || truthy(valueOf(right, ctx));
  const c = compare(valueOf(left, ctx), valueOf(right, ctx));
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '>=':
      return c >= 0;
  }
}

export function evaluateCondition(expr: Expr, ctx: VarContext): boolean {
  return truthy(valueOf(expr, ctx));
}
