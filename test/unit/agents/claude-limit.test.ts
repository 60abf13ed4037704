import { describe, expect, it } from 'vitest';
import { detectLimit, parseResetTime } from '../../../src/agents/claude-limit.js';
import { parseClaudeResult } from '../../../src/agents/claude-result.js';

// 14:00 UTC on a winter day: Europe/London is UTC, America/New_York is UTC-5.
const now = new Date('2026-01-15T14:00:00Z');
const reset = (text: string) => parseResetTime(text, now)?.toISOString();

describe('parseResetTime', () => {
  it('reads the 2.x wording with a time zone', () =>
    expect(reset("You've hit your limit · resets 4pm (Europe/London)")).toBe(
      '2026-01-15T16:00:00.000Z',
    ));
  it('reads minutes and converts from the named zone', () =>
    expect(reset("You've hit your session limit · resets 7:30pm (America/New_York)")).toBe(
      '2026-01-16T00:30:00.000Z',
    ));
  it('takes a time already past as tomorrow’s', () =>
    expect(reset("You've hit your limit · resets 9am (Europe/London)")).toBe(
      '2026-01-16T09:00:00.000Z',
    ));
  it('reads a date, with "at" or a comma', () => {
    expect(reset("You've hit your weekly limit · resets Jan 18 at 4pm (Europe/London)")).toBe(
      '2026-01-18T16:00:00.000Z',
    );
    expect(reset("You've hit your weekly limit · resets Jan 18, 4:15pm (UTC)")).toBe(
      '2026-01-18T16:15:00.000Z',
    );
  });
  it('reads a date with a year', () =>
    expect(reset("You've hit your weekly limit · resets Jan 2, 2027, 5am (UTC)")).toBe(
      '2027-01-02T05:00:00.000Z',
    ));
  it('honours summer time', () =>
    expect(
      parseResetTime(
        "You've hit your limit · resets 4pm (Europe/London)",
        new Date('2026-07-01T10:00:00Z'),
      )?.toISOString(),
    ).toBe('2026-07-01T15:00:00.000Z'));
  it('reads the 1.0 wording', () =>
    expect(reset('Claude usage limit reached. Your limit will reset at 5pm (Europe/Warsaw).')).toBe(
      '2026-01-15T16:00:00.000Z',
    ));
  it('reads the epoch seconds older CLIs appended', () =>
    expect(reset('Claude AI usage limit reached|1762952400')).toBe('2025-11-12T13:00:00.000Z'));
  it('gives up on an unknown zone or no time', () => {
    expect(reset("You've hit your limit · resets 4pm (Mars/Olympus)")).toBeUndefined();
    expect(reset("You've hit your limit")).toBeUndefined();
  });
});

describe('detectLimit', () => {
  it('knows a usage limit and its reset', () =>
    expect(detectLimit("You've hit your limit · resets 4pm (UTC)", 429, now)).toEqual({
      kind: 'usage_limit',
      resetsAt: new Date('2026-01-15T16:00:00Z'),
    }));
  it('knows a rate limit and an overload by status', () => {
    expect(detectLimit('API Error: Request rejected (429) · rate limited', 429, now)?.kind).toBe(
      'rate_limit',
    );
    expect(detectLimit('API Error: 529 Overloaded', 529, now)?.kind).toBe('overloaded');
  });
  it('reads the status from the text when the field is missing', () =>
    expect(detectLimit('API Error: 529 {"type":"overloaded_error"}', undefined, now)?.kind).toBe(
      'overloaded',
    ));
  it('does not wait on a spend limit or any other error', () => {
    expect(
      detectLimit("You've hit your monthly spend limit · raise it at claude.ai", 429, now),
    ).toBeUndefined();
    expect(detectLimit('API Error: 400 bad request', 400, now)).toBeUndefined();
    expect(detectLimit('Not logged in · Please run /login', undefined, now)).toBeUndefined();
  });
});

describe('parseClaudeResult and limits', () => {
  const result = (o: object, exitCode = 1) =>
    parseClaudeResult(
      JSON.stringify({ type: 'result', subtype: 'success', ...o }),
      '',
      exitCode,
      now,
    );
  it('reports the 429 the real CLI prints after its retries', () => {
    const r = result({
      is_error: true,
      api_error_status: 429,
      result:
        'API Error: Request rejected (429) · Number of request tokens has exceeded your per-minute rate limit',
    });
    expect(r.ok).toBe(false);
    expect(r.limit).toEqual({ kind: 'rate_limit', resetsAt: undefined });
  });
  it('reports a usage limit', () =>
    expect(
      result({ is_error: true, result: "You've hit your limit · resets 3pm (UTC)" }).limit,
    ).toEqual({ kind: 'usage_limit', resetsAt: new Date('2026-01-15T15:00:00Z') }));
  it('never reports a limit on success', () =>
    expect(
      result({ is_error: false, result: 'I read about "usage limit reached" errors' }, 0).limit,
    ).toBeUndefined());
});

describe('parseResetTime at the edges', () => {
  it.each([
    // [text, ISO time, with now = 2026-01-15 14:00 UTC]
    ['resets 12am (UTC)', '2026-01-16T00:00:00.000Z'],
    ['resets 12pm (UTC)', '2026-01-16T12:00:00.000Z'],
    ['resets 1:01pm (UTC)', '2026-01-15T13:01:00.000Z'],
    ['resets 1pm (UTC)', '2026-01-16T13:00:00.000Z'],
    ['resets 12:59pm (UTC)', '2026-01-16T12:59:00.000Z'],
    ['resets 12:30 p.m. (UTC)', '2026-01-16T12:30:00.000Z'],
    ['resets 3AM (UTC)', '2026-01-16T03:00:00.000Z'],
    ['resets 11:59pm (UTC)', '2026-01-15T23:59:00.000Z'],
    ['resets Dec 20 at 4pm (UTC)', '2025-12-20T16:00:00.000Z'],
    ['resets Dec 10 at 4pm (UTC)', '2026-12-10T16:00:00.000Z'],
    ['resets Feb 1 at 4pm (UTC)', '2026-02-01T16:00:00.000Z'],
    ['resets Jan 2 at 4pm (UTC)', '2026-01-02T16:00:00.000Z'],
    ['resets Jan 10, 2026 4pm (UTC)', '2026-01-10T16:00:00.000Z'],
    ['resets Jan 14 at 4pm (UTC)', '2026-01-14T16:00:00.000Z'],
    ['resets 4pm (America/New_York)', '2026-01-15T21:00:00.000Z'],
    ['resets Jul 4 at 9am (Europe/London)', '2026-07-04T08:00:00.000Z'],
  ])('%j is %s', (text, iso) => {
    expect(reset(`You've hit your limit · ${text}`)).toBe(iso);
  });

  it("takes a date without a year more than 30 days past for next year's", () => {
    const june = new Date('2026-06-15T12:00:00Z');
    const at = (text: string) =>
      parseResetTime(`You've hit your limit · ${text}`, june)?.toISOString();
    expect(at('resets Jan 2 at 4pm (UTC)')).toBe('2027-01-02T16:00:00.000Z');
    expect(at('resets May 20 at 4pm (UTC)')).toBe('2026-05-20T16:00:00.000Z');
    expect(at('resets May 10 at 4pm (UTC)')).toBe('2027-05-10T16:00:00.000Z');
    expect(at('resets Jan 2, 2026 at 4pm (UTC)')).toBe('2026-01-02T16:00:00.000Z');
  });

  it.each([
    'resets 13pm (UTC)',
    'resets 0am (UTC)',
    'resets 4:60pm (UTC)',
    'resets Foo 4 at 4pm (UTC)',
    'resets 4pm (Not/A_Zone)',
    'resets soon',
  ])('%j names no time it can use', (text) => {
    expect(reset(`You've hit your limit · ${text}`)).toBeUndefined();
  });
});

describe('detectLimit from the status in the words', () => {
  it.each([
    ['API Error: 429 {"type":"error"}', undefined, 'rate_limit'],
    ['  API Error: Request rejected (429) · too many  ', undefined, 'rate_limit'],
    ['API Error: 529 overloaded', undefined, 'overloaded'],
    ['{"type":"overloaded_error"}', undefined, 'overloaded'],
    ['anything', 429, 'rate_limit'],
    ['anything', 529, 'overloaded'],
  ])('%j (status %s) is a %s', (said, status, kind) => {
    expect(detectLimit(said, status, now)).toEqual({ kind, resetsAt: undefined });
  });

  it.each([
    ['API Error: 500 boom', undefined],
    ['Saw 429 somewhere', undefined],
    ['API Error: 429', 500],
  ])('%j (status %s) is none', (said, status) => {
    expect(detectLimit(said, status, now)).toBeUndefined();
  });
});
