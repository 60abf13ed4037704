// The `when:` language: literals, ${...} variables, == != < > <= >= && || ! and parentheses.
// Parsed once at load time into an Expr tree; evaluate.ts walks the tree. Nothing is eval'd.
import type { Problem } from '../errors.js';
import type { Expr, Position } from './model.js';
import { parseVarBody } from './variables.js';

type Token =
  | { t: 'op'; op: string; at: number }
  | { t: 'lit'; value: string | number | boolean; at: number }
  | { t: 'var'; body: string; raw: string; at: number }
  | { t: 'end'; at: number };

class ConditionSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')'];
const COMPARE = new Set(['==', '!=', '<', '>', '<=', '>=']);

function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '$' && src[i + 1] === '{') {
      const close = src.indexOf('}', i);
      if (close === -1) throw new ConditionSyntaxError('unterminated `${`: close it with `}`', i);
      tokens.push({ t: 'var', body: src.slice(i + 2, close), raw: src.slice(i, close + 1), at: i });
      i = close + 1;
    } else if (c === '$' && /^ARG(?![A-Za-z0-9_])/.test(src.slice(i + 1))) {
      tokens.push({ t: 'var', body: 'ARG', raw: '$ARG', at: i });
      i += 4;
    } else if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      for (; j < src.length && src[j] !== c; j++) {
        if (src[j] === '\\' && j + 1 < src.length) j += 1;
        value += src[j];
      }
      if (j >= src.length) {
        throw new ConditionSyntaxError(`unterminated string: close it with ${c}`, i);
      }
      tokens.push({ t: 'lit', value, at: i });
      i = j + 1;
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i));
      if (!m) throw new ConditionSyntaxError(`unexpected \`${c}\``, i);
      tokens.push({ t: 'lit', value: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i))?.[0] ?? c;
      if (word !== 'true' && word !== 'false') {
        throw new ConditionSyntaxError(
          `unknown word \`${word}\`: quote text ("${word}"), write variables as \${...}, or use true/false`,
          i,
        );
      }
      tokens.push({ t: 'lit', value: word === 'true', at: i });
      i += word.length;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) {
        const advice =
          c === '=' ? '; compare with ==' : c === '&' || c === '|' ? `; use ${c}${c}` : '';
        throw new ConditionSyntaxError(`unexpected \`${c}\`${advice}`, i);
      }
      tokens.push({ t: 'op', op, at: i });
      i += op.length;
    }
  }
  tokens.push({ t: 'end', at: src.length });
  return tokens;
}

export interface ParseConditionResult {
  expr: Expr | undefined;
  problems: Problem[];
}

/** Parses a `when:` string; problems point inside the string where `posAt` can tell. */
export function parseCondition(
  src: string,
  posAt: (offset: number) => Position,
): ParseConditionResult {
  const problems: Problem[] = [];
  let tokens: Token[];
  try {
    tokens = lex(src);
  } catch (error) {
    if (!(error instanceof ConditionSyntaxError)) throw error;
    return {
      expr: undefined,
      problems: [{ ...posAt(error.at), message: `in when: ${error.message}` }],
    };
  }
  let k = 0;
  const peek = (): Token => tokens[k] ?? { t: 'end', at: src.length };
  const isOp = (op: string): boolean => {
    const tok = peek();
    return tok.t === 'op' && tok.op === op;
  };
  const describe = (tok: Token): string =>
    tok.t === 'end'
      ? 'the end of the condition'
      : `\`${tok.t === 'op' ? tok.op : tok.t === 'var' ? tok.raw : JSON.stringify(tok.value)}\``;

  const parseOr = (): Expr => {
    let left = parseAnd();
    while (isOp('||')) {
      k += 1;
      left = { kind: 'binary', op: '||', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expr => {
    let left = parseUnary();
    while (isOp('&&')) {
      k += 1;
      left = { kind: 'binary', op: '&&', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Expr => {
    if (isOp('!')) {
      k += 1;
      return { kind: 'not', operand: parseUnary() };
    }
    const left = parsePrimary();
    const tok = peek();
    if (tok.t !== 'op' || !COMPARE.has(tok.op)) return left;
    k += 1;
    const right = parsePrimary();
    const after = peek();
    if (after.t === 'op' && COMPARE.has(after.op)) {
      throw new ConditionSyntaxError('comparisons do not chain; join them with && or ||', after.at);
    }
    return { kind: 'binary', op: tok.op as '==', left, right };
  };
  const parsePrimary = (): Expr => {
    const tok = peek();
    k += 1;
    if (tok.t === 'lit') return { kind: 'literal', value: tok.value };
    if (tok.t === 'var') {
      const parsed = parseVarBody(tok.body, false);
      if (!parsed.ok) throw new ConditionSyntaxError(parsed.message, tok.at);
      return { kind: 'var', ref: parsed.ref, pos: posAt(tok.at) };
    }
    if (tok.t === 'op' && tok.op === '(') {
      const inner = parseOr();
      if (!isOp(')')) {
        throw new ConditionSyntaxError(`expected \`)\` but found ${describe(peek())}`, peek().at);
      }
      k += 1;
      return inner;
    }
    throw new ConditionSyntaxError(
      `expected a value, a variable or \`(\` but found ${describe(tok)}`,
      tok.at,
    );
  };

  try {
    if (peek().t === 'end') throw new ConditionSyntaxError('empty condition', 0);
    const expr = parseOr();
    const rest = peek();
    if (rest.t !== 'end') {
      throw new ConditionSyntaxError(
        `unexpected ${describe(rest)}; join conditions with && or ||`,
        rest.at,
      );
    }
    return { expr, problems };
  } catch (error) {
    if (!(error instanceof ConditionSyntaxError)) throw error;
    problems.push({ ...posAt(error.at), message: `in when: ${error.message}` });
    return { expr: undefined, problems };
  }
}
