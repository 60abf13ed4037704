// Evaluates a parsed `when:` condition. The rules (also in docs/playbooks.md):
// - a variable's value is its text with surrounding whitespace trimmed;
// - a value is false when it is "", "false" (any case), or a number equal to 0; else true;
// - == != < > <= >= compare numerically when both sides are numbers (or numeric text), as
//   booleans when either side is true/false, else as strings (by code point);
// - && and || short-circuit; ! negates.
import type { Expr, VarContext } from './model.js';
import { resolveVar } from './render.js';

type Value = string | number | boolean;

const numericRe = /^-?\d+(\.\d+)?$/;

function asNumber(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && numericRe.test(v)) return Number(v);
  return undefined;
}

/** Whether a value counts as true in a condition. */
export function truthy(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const s = v.trim();
  if (s === '' || s.toLowerCase() === 'false') return false;
  const n = asNumber(s);
  return n === undefined || n !== 0;
}

function compare(a: Value, b: Value): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x === y ? 0 : x < y ? -1 : 1;
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    return Number(truthy(a)) - Number(truthy(b));
  }
  const s = String(a);
  const t = String(b);
  return s === t ? 0 : s < t ? -1 : 1;
}

function value(expr: Expr, ctx: VarContext): Value {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'var':
      return resolveVar(expr.ref, ctx).trim();
    case 'not':
      return !truthy(value(expr.operand, ctx));
    case 'binary': {
      if (expr.op === '&&') return truthy(value(expr.left, ctx)) && truthy(value(expr.right, ctx));
      if (expr.op === '||') return truthy(value(expr.left, ctx)) || truthy(value(expr.right, ctx));
      const c = compare(value(expr.left, ctx), value(expr.right, ctx));
      switch (expr.op) {
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
  }
}

/** True when the condition holds for the values known now. */
export function evaluateCondition(expr: Expr, ctx: VarContext): boolean {
  return truthy(value(expr, ctx));
}
