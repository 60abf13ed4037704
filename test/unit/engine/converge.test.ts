import { describe, expect, it } from 'vitest';
import {
  failsAlike,
  failureCount,
  failureSignature,
  growsWithoutProgress,
  lastLines,
  normalizeFailure,
  notConvergingWhy,
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
    failures: undefined,
    changed: 0,
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

describe('the failure count', () => {
  it('reads the last summary line of a test runner or compiler', () => {
    expect(
      failureCount(' Test Files  1 failed (1)\n      Tests  2 failed | 10 passed (12)\n'),
    ).toBe(2);
    expect(failureCount('Tests:       3 failed, 4 passed, 7 total\nTime: 1 s')).toBe(3);
    expect(failureCount('==== 1 failed, 1 error, 3 passed in 0.2s ====')).toBe(2);
    expect(failureCount('  2 failing\n')).toBe(2);
    expect(failureCount('Found 4 errors in 2 files.')).toBe(4);
    expect(failureCount('\x1b[31m5 failed\x1b[0m')).toBe(5);
  });

  it('counts lines that name a failure when no summary gives a figure, and knows none in quiet output', () => {
    expect(failureCount('src/a.ts(1,2): error TS2322\nsrc/b.ts(3,4): error TS2345\nok line')).toBe(
      2,
    );
    expect(failureCount('FAIL src/a.test.ts\n✗ adds')).toBe(2);
    expect(failureCount('exited with code 1')).toBeUndefined();
    expect(failureCount('')).toBeUndefined();
  });
});

describe('the failure count of common tools', () => {
  it("takes eslint's problem count, not the fixable count said after it", () => {
    const eslint = (errors: number, fixable: number) =>
      [
        '/repo/src/a.ts',
        "  1:7  error  'x' is assigned a value but never used  no-unused-vars",
        '',
        `✖ ${errors} problems (${errors} errors, 0 warnings)`,
        `  ${fixable} error and 0 warnings potentially fixable with the \`--fix\` option.`,
        '',
      ].join('\n');
    expect(failureCount(eslint(5, 1))).toBe(5);
    expect(failureCount(eslint(3, 1))).toBe(3);
  });

  it("takes jest's failed tests, not the failed snapshots said under them", () => {
    const jest = (failed: number) =>
      [
        'Test Suites: 1 failed, 1 total',
        `Tests:       ${failed} failed, 2 passed, ${failed + 2} total`,
        'Snapshots:   1 failed, 1 total',
        'Time:        0.52 s',
        'Ran all test suites.',
      ].join('\n');
    expect(failureCount(jest(3))).toBe(3);
    expect(failureCount(jest(2))).toBe(2);
  });

  it("adds vitest's row of errors outside the tests to its failed tests", () => {
    const vitest = (failed: number) =>
      [
        ` Test Files  1 failed (1)`,
        `      Tests  ${failed} failed | 1 passed (${failed + 1})`,
        '     Errors  1 error',
        '   Start at  10:00:00',
        '   Duration  1.20s',
      ].join('\n');
    expect(failureCount(vitest(3))).toBe(4);
    expect(failureCount(vitest(2))).toBe(3);
    expect(failureCount(' Test Files  1 failed (1)\n     Errors  1 error\n')).toBe(1);
  });

  it('knows no count from failure lines when the tail kept of the output is full of them', () => {
    const tsc = (errors: number) =>
      Array.from(
        { length: errors },
        (_, i) => `src/a.ts(${i + 1},1): error TS2304: Cannot find name 'x${i}'.`,
      ).join('\n');
    // The try's output is its last 60 lines: 100 errors and 80 look alike there.
    expect(failureCount(lastLines(tsc(100), 60))).toBeUndefined();
    expect(failureCount(lastLines(tsc(80), 60))).toBeUndefined();
    expect(failureCount(lastLines(tsc(3), 60))).toBe(3);
  });
});

describe('a change that grows while the failures do not fall', () => {
  const tried = (attempt: number, changed: number, failures: number | undefined): FailedTry => ({
    attempt,
    headBefore: `h${attempt}`,
    error: 'e',
    output: '',
    signature: `s${attempt}`,
    failures,
    changed,
  });

  it('stops after `times` fixes in a row that each made the change larger and the failures no fewer', () => {
    expect(growsWithoutProgress([tried(1, 0, 3), tried(2, 10, 3), tried(3, 25, 4)], 2)).toBe(true);
    expect(growsWithoutProgress([tried(1, 0, 3), tried(2, 10, 3)], 2)).toBe(false);
    expect(growsWithoutProgress([tried(1, 0, 3), tried(2, 10, 3)], 1)).toBe(true);
    expect(notConvergingWhy([tried(1, 0, 3), tried(2, 10, 3), tried(3, 25, 4)], 'growing', 2)).toBe(
      'its last 2 fixes made the change larger (lines changed since the first try: 0, 10, 25) while the failures did not fall (3, 3, 4)',
    );
  });

  it('goes on when the failures fall, the change does not grow, or no count is known', () => {
    expect(growsWithoutProgress([tried(1, 0, 3), tried(2, 10, 3), tried(3, 25, 2)], 2)).toBe(false);
    expect(growsWithoutProgress([tried(1, 0, 3), tried(2, 10, 3), tried(3, 10, 3)], 2)).toBe(false);
    expect(growsWithoutProgress([tried(1, 0, 3), tried(2, 10, 3), tried(3, 5, 3)], 2)).toBe(false);
    expect(
      growsWithoutProgress([tried(1, 0, 3), tried(2, 10, undefined), tried(3, 25, 3)], 2),
    ).toBe(false);
  });
});
