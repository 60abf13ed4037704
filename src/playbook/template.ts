// Tokenizes a command, prompt or value once, at load time, into text and variable parts.
// Only `$ARG` and `${...}` belong to mmm; any other `$` (shell's $HOME, $1, $(cmd)) stays text.
import type { Problem } from '../errors.js';
import type { Position, Template, TemplatePart } from './model.js';
import { createShellContext } from './shell-context.js';
import { parseVarBody } from './variables.js';

export interface TokenizeOptions {
  /** Shell source: records each variable's quoting and keeps `\$` for the shell to read. */
  shell: boolean;
  /** Where the character at `offset` of the string stands in the file. */
  posAt: (offset: number) => Position;
}

export interface TokenizeResult {
  template: Template;
  problems: Problem[];
}

const identChar = /[A-Za-z0-9_]/;

export function tokenizeTemplate(source: string, options: TokenizeOptions): TokenizeResult {
  const parts: TemplatePart[] = [];
  const problems: Problem[] = [];
  const context = options.shell ? createShellContext() : undefined;
  let text = '';
  const emit = (s: string) => {
    text += s;
    context?.feed(s);
  };
  const flush = () => {
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
  };
  const addVar = (offset: number, raw: string, body: string) => {
    const pos = options.posAt(offset);
    const parsed = parseVarBody(body, options.shell);
    if (!parsed.ok) {
      problems.push({ ...pos, message: parsed.message });
      return;
    }
    const place = context?.place() ?? 'none';
    if (place === 'heredoc-quoted') {
      problems.push({
        ...pos,
        message: `\`${raw}\` is inside a quoted here-document (<<'EOF'), where the shell expands nothing; write the delimiter without quotes (<<EOF) to use variables`,
      });
      return;
    }
    flush();
    parts.push({ kind: 'var', ref: parsed.ref, raw, pos, quoting: place });
  };

  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    const next = source[i + 1];
    if (c === '\\' && next === '$') {
      // The shell reads `\$` as a literal `$` itself, so shell source keeps the backslash.
      emit(options.shell ? '\\$' : '$');
      i += 2;
    } else if (c === '\\' && next === '\\') {
      emit('\\\\');
      i += 2;
    } else if (c === '$' && next === '$') {
      emit('$');
      i += 2;
    } else if (c === '$' && next === '{') {
      const close = source.indexOf('}', i + 2);
      const newline = source.indexOf('\n', i + 2);
      if (close === -1 || (newline !== -1 && newline < close)) {
        problems.push({
          ...options.posAt(i),
          message:
            'unterminated `${`: close it with `}`, or write `$${` (or `\\${`) for a literal `${`',
        });
        emit(source.slice(i, newline === -1 ? source.length : newline));
        i = newline === -1 ? source.length : newline;
        continue;
      }
      const body = source.slice(i + 2, close);
      addVar(i, source.slice(i, close + 1), body);
      i = close + 1;
    } else if (
      c === '$' &&
      source.startsWith('ARG', i + 1) &&
      !identChar.test(source[i + 4] ?? '')
    ) {
      addVar(i, '$ARG', 'ARG');
      i += 4;
    } else {
      emit(c);
      i += 1;
    }
  }
  flush();
  return { template: { source, parts }, problems };
}

/** A template with no variables (for text written by mmm itself). */
export function literalTemplate(text: string): Template {
  return { source: text, parts: text === '' ? [] : [{ kind: 'text', text }] };
}
