import { describe, expect, it } from 'vitest';
import {
  failsAlike,
  failureSignature,
  normalizeFailure,
  repeatedTries,
  type FailedTry,
} from '../../../src/engine/converge.js';

describe('the failure signature', () => {
  it('is the same for one failure whatever its times, temporary paths, ids and colours', () => {
    const a = failureSignature(
      '\x1b[31mFAIL\x1b[0m src/a.test.ts > adds (12 ms)\n  at /tmp/mmm-Ab3x/src/a.ts:14:7\nTests 1 failed | 9 passed\nDuration 1.84s (commit 3fa2c1d0e9)',
    );
    const b = failureSignature(
      'FAIL src/a.test.ts > adds (3 ms)\n  at /home/u/work/src/a.ts:15:9\nTests 1 failed | 9 passed\nDuration 0.92s (commit 77bd01ce4a)',
    );
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{12}$/);
  });

  it('tells apart failures in other files or with other words', () => {
    const base = failureSignature('FAIL src/a.test.ts > adds');
    expect(failureSignature('FAIL src/b.test.ts > adds')).not.toBe(base);
    expect(failureSignature('FAIL src/a.test.ts > subtracts')).not.toBe(base);
    expect(failureSignature('TypeError: x is undefined')).not.toBe(
      failureSignature('ReferenceError: x is not defined'),
    );
  });

  it('sets aside escapes, ids, numbers and runs of blanks, exactly', () => {
    expect(
      normalizeFailure(
        '  \x1b[31mFAIL\x1b[0m \x1b]0;title\x07at 12:03:44  in   3fa2c1d0e9\r\n\n\n  next\tline 42 \x1bM',
      ),
    ).toBe('FAIL at #:#:# in <id>\nnext line #');
    // Short hex-like words are words, and numbers inside words are still numbers.
    expect(normalizeFailure('cafe v2 abc1234')).toBe('cafe v# <id>');
  });

  it('keeps relative paths and sets absolute ones aside', () => {
    expect(normalizeFailure('error in /tmp/x1/src/a.ts and src/b.ts')).toBe(
      'error in <path> and src/b.ts',
    );
  });
});

describe('repeats', () => {
  const tried = (signature: string, attempt: number): FailedTry => ({
    attempt,
    headBefore: 'h',
    error: 'e',
    output: '',
    signature,
  });

  it('counts only the last tries in a row', () => {
    const tries = [tried('a', 1), tried('b', 2), tried('b', 3)];
    expect(repeatedTries(tries)).toBe(2);
    expect(failsAlike(tries, 2)).toBe(true);
    expect(failsAlike(tries, 3)).toBe(false);
    expect(failsAlike([tried('a', 1), tried('b', 2)], 2)).toBe(false);
    expect(failsAlike([tried('a', 1)], 2)).toBe(false);
  });
});
