// When an agent CLI's words mean a limit that lifts by itself (and when the Codex CLI says it
// lifts), and how its line-per-event output is read: what a run waits for, and what -v shows.
import { describe, expect, it } from 'vitest';
import { detectCodexLimit, parseCodexResetTime } from '../../../src/agents/codex-limit.js';
import {
  distinct,
  lastOfType,
  limitFromWords,
  num,
  obj,
  readJsonLines,
  readLines,
  showJsonLines,
  str,
} from '../../../src/agents/json-lines.js';

// 2026-12-08 10:30 local time.
const now = new Date(2026, 11, 8, 10, 30);

describe('the reset time the Codex CLI names', () => {
  it.each([
    ['Try again at 11:45 AM.', new Date(2026, 11, 8, 11, 45)],
    ['try again at 11:45 am', new Date(2026, 11, 8, 11, 45)],
    ['Try again at 3:07 PM.', new Date(2026, 11, 8, 15, 7)],
    ['Try again at 12:10 PM.', new Date(2026, 11, 8, 12, 10)],
    ['Try again at 12:10 AM.', new Date(2026, 11, 9, 0, 10)],
    ['Try again at 10:30 AM.', new Date(2026, 11, 8, 10, 30)],
    ['Try again at 10:29 AM.', new Date(2026, 11, 8, 10, 29)],
    ['Try again at 10:28 AM.', new Date(2026, 11, 9, 10, 28)],
    ['Try again at Jan 2nd, 2027 9:00 PM.', new Date(2027, 0, 2, 21, 0)],
    ['Try again at Dec 31st, 2026 1:00AM', new Date(2026, 11, 31, 1, 0)],
  ])('%j is %s', (text, when) => {
    expect(parseCodexResetTime(text, now)).toEqual(when);
  });

  it.each([
    'Try again later.',
    'Try again at 13:00 PM.',
    'Try again at 0:30 AM.',
    'Try again at 9:60 AM.',
    'Try again at Foo 2nd, 2027 9:00 PM.',
    '',
  ])('%j names none', (text) => {
    expect(parseCodexResetTime(text, now)).toBeUndefined();
  });
});

describe('a limit in the Codex CLI words', () => {
  it('a usage limit, with its reset time when the words name one', () => {
    expect(detectCodexLimit("You've hit your usage limit. Try again at 11:45 AM.", now)).toEqual({
      kind: 'usage_limit',
      resetsAt: new Date(2026, 11, 8, 11, 45),
    });
    expect(detectCodexLimit('You’ve hit your usage limit.', now)).toEqual({
      kind: 'usage_limit',
      resetsAt: undefined,
    });
  });

  it.each([
    ['exceeded retry limit, last status: 429 Too Many Requests', 'rate_limit'],
    ['Rate limit reached for requests', 'rate_limit'],
    ['503 Service Unavailable', 'overloaded'],
    ['We are experiencing high demand right now', 'overloaded'],
    ['the server is overloaded', 'overloaded'],
  ])('%j is a %s', (said, kind) => {
    expect(detectCodexLimit(said, now)).toEqual({ kind, resetsAt: undefined });
  });

  it.each([
    'You have hit your spend cap',
    'insufficient_quota',
    "You've hit your usage limit. Upgrade to Plus: https://chatgpt.com",
    'stream disconnected before completion',
    'exit 4290',
  ])('%j is none to wait for', (said) => {
    expect(detectCodexLimit(said, now)).toBeUndefined();
  });
});

describe('a limit in the words or status of another CLI', () => {
  it.each([
    ['You have reached your usage limit', undefined, 'usage_limit'],
    ['Quota exceeded for the day', undefined, 'usage_limit'],
    ['error: quota_exceeded', undefined, 'usage_limit'],
    ['rate_limit_error', undefined, 'rate_limit'],
    ['Rate-limit hit', undefined, 'rate_limit'],
    ['status 429', undefined, 'rate_limit'],
    ['failed', 429, 'rate_limit'],
    ['Overloaded', undefined, 'overloaded'],
    ['failed', 503, 'overloaded'],
    ['failed', 529, 'overloaded'],
    ['HTTP 529', undefined, 'overloaded'],
    ['Service Unavailable', undefined, 'overloaded'],
  ])('%j (status %s) is a %s', (said, status, kind) => {
    expect(limitFromWords(said, status)).toEqual({ kind, resetsAt: undefined });
  });

  it.each([
    ['file not found', undefined],
    ['failed', 500],
    ['code 5290', undefined],
  ])('%j (status %s) is none', (said, status) => {
    expect(limitFromWords(said, status)).toBeUndefined();
  });
});

describe('line-per-event JSON', () => {
  it('keeps the lines that are JSON objects, whatever else the CLI printed', () => {
    const text = [
      'WARNING: something',
      '  {"type":"a","n":1}  ',
      '[1,2]',
      '{not json',
      'null',
      '{"type":"b"}',
      '"text"',
      '',
    ].join('\n');
    expect(readJsonLines(text)).toEqual([{ type: 'a', n: 1 }, { type: 'b' }]);
  });

  it('reads fields of the kind expected, or nothing', () => {
    expect([num(3), num(Infinity), num(NaN), num('3'), num(undefined)]).toEqual([
      3,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect([str('x'), str(1), str(null)]).toEqual(['x', undefined, undefined]);
    expect([obj({ a: 1 }), obj([1]), obj(null), obj('x')]).toEqual([
      { a: 1 },
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('names each model once, in the order first seen', () => {
    expect(distinct(['b', undefined, 'a', 'b', undefined])).toEqual(['b', 'a']);
  });

  it('finds the last event of a type', () => {
    const events = [{ type: 'x', n: 1 }, { type: 'y' }, { type: 'x', n: 2 }, { n: 3 }];
    expect(lastOfType(events, 'x')).toEqual({ type: 'x', n: 2 });
    expect(lastOfType(events, 'y')).toEqual({ type: 'y' });
    expect(lastOfType(events, 'z')).toBeUndefined();
    expect(lastOfType([], 'x')).toBeUndefined();
  });

  it('shows each whole line as it arrives: events rendered, other lines as they are', () => {
    const show = showJsonLines((event) =>
      event.type === 'hidden' ? '' : `<${String(event.type)}>\n`,
    );
    expect(show('{"type":"a"}\n{"ty')).toBe('<a>\n');
    expect(show('pe":"hidden"}\n   \nplain words  \n')).toBe('plain words\n');
    expect(show('{"type":"b"}')).toBe('');
    expect(show('\n')).toBe('<b>\n');
  });

  it('gives the last line without its newline when the output ends, and nothing for blanks', () => {
    const seen: string[] = [];
    const reader = readLines((line) => {
      seen.push(line);
      return `${line};`;
    });
    expect(reader.push('one\ntw')).toBe('one;');
    expect(reader.end()).toBe('tw;');
    expect(reader.end()).toBe('');
    expect(reader.push('  ')).toBe('');
    expect(reader.end()).toBe('');
    expect(seen).toEqual(['one', 'tw']);
  });
});
