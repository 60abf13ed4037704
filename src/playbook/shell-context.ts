// Follows POSIX sh quoting through a command, one character at a time, so the tokenizer knows
// whether a variable stands bare, inside "..." or inside '...' (or in a here-document) and the
// renderer can reference it without changing how the shell reads the rest of the line.
import type { ShellQuoting } from './model.js';

/** Where a variable stands; `heredoc-quoted` (<<'EOF') is a place no expansion can reach. */
export type ShellPlace = ShellQuoting | 'heredoc-quoted';

type Frame =
  | { mode: 'none' | 'double' | 'single' | 'backtick' | 'comment' }
  | { mode: 'subst'; depth: number }
  | { mode: 'heredoc'; delimiter: string; quoted: boolean; stripTabs: boolean; line: string };

interface PendingHeredoc {
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
}

interface HeredocWord extends PendingHeredoc {
  started: boolean;
  quote: string | undefined;
}

export interface ShellContext {
  /** Feeds shell source text as it will reach the shell. */
  feed: (text: string) => void;
  /** Where a variable at the current point stands. */
  place: () => ShellPlace;
}

const WORD_END = new Set([' ', '\t', '\n', ';', '|', '&', '<', '>', '(', ')']);
const COMMENT_AFTER = new Set(['', ' ', '\t', '\n', ';', '&', '|', '(', ')']);

export function createShellContext(): ShellContext {
  const stack: Frame[] = [{ mode: 'none' }];
  const pending: PendingHeredoc[] = [];
  let escaped = false;
  let prev = '';
  let word: HeredocWord | undefined;

  const top = (): Frame => stack[stack.length - 1] ?? { mode: 'none' };
  const startHeredoc = () => {
    const next = pending.shift();
    if (next) stack.push({ mode: 'heredoc', ...next, line: '' });
  };

  // Reads the delimiter after `<<`; returns true while the character belongs to it.
  const readWord = (c: string): boolean => {
    const w = word;
    if (!w) return false;
    if (w.quote !== undefined) {
      if (c === w.quote) w.quote = undefined;
      else w.delimiter += c;
      return true;
    }
    if (!w.started) {
      if (c === '-' && !w.stripTabs) {
        w.stripTabs = true; // <<- strips leading tabs from the body and the closing line
        return true;
      }
      if (c === ' ' || c === '\t') return true;
      if (c === '<') {
        word = undefined; // `<<<` is a here-string, not a here-document
        return true;
      }
      w.started = true;
    }
    if (c === "'" || c === '"') {
      w.quote = c;
      w.quoted = true;
      return true;
    }
    if (c === '\\') {
      w.quoted = true;
      return true;
    }
    if (WORD_END.has(c) && w.delimiter !== '') {
      pending.push({ delimiter: w.delimiter, quoted: w.quoted, stripTabs: w.stripTabs });
      word = undefined;
      return false;
    }
    w.delimiter += c;
    return true;
  };

  const feedChar = (c: string): void => {
    const frame = top();
    if (frame.mode === 'heredoc') {
      if (c === '\n') {
        const line = frame.stripTabs ? frame.line.replace(/^\t+/, '') : frame.line;
        if (line === frame.delimiter) {
          stack.pop();
          startHeredoc();
        } else frame.line = '';
      } else frame.line += c;
      return;
    }
    if (escaped) {
      escaped = false;
      prev = 'x';
      return;
    }
    if (readWord(c)) return;
    const afterDollar = prev === '$';
    const before = prev;
    prev = c;
    switch (frame.mode) {
      case 'single':
        if (c === "'") stack.pop();
        return;
      case 'comment':
        if (c === '\n') {
          stack.pop();
          startHeredoc();
        }
        return;
      case 'double':
        if (c === '\\') escaped = true;
        else if (c === '"') stack.pop();
        else if (c === '`') stack.push({ mode: 'backtick' });
        else if (c === '(' && afterDollar) stack.push({ mode: 'subst', depth: 0 });
        return;
      case 'none':
      case 'subst':
      case 'backtick':
        break;
    }
    if (c === '\\') escaped = true;
    else if (c === "'") stack.push({ mode: 'single' });
    else if (c === '"') stack.push({ mode: 'double' });
    else if (c === '`') {
      if (frame.mode === 'backtick') stack.pop();
      else stack.push({ mode: 'backtick' });
    } else if (c === '(' && afterDollar) stack.push({ mode: 'subst', depth: 0 });
    else if (c === '(' && frame.mode === 'subst') frame.depth++;
    else if (c === ')' && frame.mode === 'subst') {
      if (frame.depth === 0) stack.pop();
      else frame.depth--;
    } else if (c === '#' && COMMENT_AFTER.has(before)) stack.push({ mode: 'comment' });
    else if (c === '<' && before === '<') {
      word = { delimiter: '', quoted: false, stripTabs: false, started: false, quote: undefined };
      prev = '';
    } else if (c === '\n') startHeredoc();
  };

  return {
    feed: (text) => {
      for (const c of text) feedChar(c);
    },
    place: () => {
      const frame = top();
      switch (frame.mode) {
        case 'single':
          return 'single';
        case 'double':
          return 'double';
        case 'heredoc':
          return frame.quoted ? 'heredoc-quoted' : 'double';
        case 'none':
        case 'subst':
        case 'backtick':
        case 'comment':
          return 'none';
      }
    },
  };
}
