// Parsing what the real `opencode run --format json` (1.18.33) printed, captured against a scripted
// Anthropic Messages server (test/fixtures/opencode/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOpencodeResult } from '../../../src/agents/opencode-result.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/opencode/${name}`, import.meta.url), 'utf8');
const parse = (name: string, exitCode: number | null = 0, stderr = '') =>
  parseOpencodeResult(fixture(name), stderr, exitCode, new Date('2026-12-07T03:00:00Z'));
const event = (o: object) => JSON.stringify(o);
const step = (cost: number, tokens: object) =>
  event({ type: 'step_finish', sessionID: 'ses_1', part: { type: 'step-finish', cost, tokens } });

describe('parseOpencodeResult', () => {
  it('reads a call that wrote a file: the last text, the session, steps, tokens and cost', () =>
    expect(parse('write-file.jsonl')).toMatchObject({
      ok: true,
      error: undefined,
      text: 'Wrote greeting.txt',
      sessionId: 'ses_db1838c3affeG1IjpLi7GSimWV',
      numTurns: 2,
      costUsd: 0.0012,
      usage: {
        inputTokens: 200,
        outputTokens: 40,
        cacheCreationInputTokens: 0,
        cacheReadInputTokens: 0,
      },
      permissionDenials: [],
      unavailable: undefined,
    }));
  it('adds cache and reasoning tokens over the steps', () =>
    expect(
      parseOpencodeResult(
        [
          step(0.5, { input: 10, output: 5, reasoning: 2, cache: { read: 7, write: 3 } }),
          step(0.25, { input: 1, output: 1, reasoning: 0, cache: { read: 0, write: 1 } }),
        ].join('\n'),
        '',
        0,
      ),
    ).toMatchObject({
      costUsd: 0.75,
      usage: {
        inputTokens: 11,
        outputTokens: 8,
        cacheReadInputTokens: 7,
        cacheCreationInputTokens: 4,
      },
    }));
  it('reads input tokens without the cached ones, as Anthropic counts them, and the cost of each', () =>
    expect(parse('cache-tokens.jsonl')).toMatchObject({
      usage: {
        inputTokens: 100,
        outputTokens: 20,
        cacheReadInputTokens: 50,
        cacheCreationInputTokens: 30,
      },
      // 100 × $3 + 20 × $15 + 50 × $0.30 + 30 × $3.75, per million.
      costUsd: 0.0007275,
    }));
  it('leaves a cost of 0 unreported (opencode says 0 for a model it has no price for)', () =>
    expect(parseOpencodeResult(step(0, { input: 10, output: 5 }), '', 0).costUsd).toBeUndefined());
  it('records a tool call its rules left at ask, which opencode run rejected', () =>
    expect(parse('ask-rejected.jsonl').permissionDenials).toHaveLength(1));
  it('records a tool call a deny rule stopped (plan agent)', () => {
    const r = parse('plan-denied.jsonl');
    expect(r.permissionDenials).toHaveLength(1);
    expect(r).toMatchObject({ ok: true, text: 'Wrote greeting.txt' });
  });
  it('reads a missing API key as not logged in, in opencode’s words', () => {
    const r = parse('no-api-key.jsonl', 1);
    expect(r).toMatchObject({ ok: false, unavailable: 'not logged in', limit: undefined });
    expect(r.error).toContain('ProviderAuthError: Anthropic API key is missing');
  });
  it('reads an API key the provider refused (401) as not logged in', () =>
    expect(parse('api-401.jsonl', 1)).toMatchObject({
      ok: false,
      unavailable: 'not logged in',
      error: 'opencode failed: APIError: invalid x-api-key (HTTP 401)',
    }));
  it('reads a 429 as a rate limit, resetting when retry-after said', () =>
    expect(parse('api-429.jsonl', 1)).toMatchObject({
      ok: false,
      unavailable: undefined,
      limit: { kind: 'rate_limit', resetsAt: new Date('2026-12-07T03:00:01Z') },
    }));
  it('reads a 529 as an overload', () =>
    expect(parse('api-529.jsonl', 1).limit).toEqual({ kind: 'overloaded', resetsAt: undefined }));
  it('fails with the CLI’s own words when it printed no event, and says it crashed', () => {
    const r = parseOpencodeResult('', fixture('session-not-found.stderr'), 1);
    expect(r).toMatchObject({ ok: false, unavailable: 'crashed' });
    expect(r.error).toContain('stderr: Error: Session not found');
    expect(r.error).not.toContain('\u001b[');
  });
  it('says the CLI printed nothing at all', () =>
    expect(parseOpencodeResult('', '', 1).error).toContain('it printed nothing'));
  it('fails on a non-zero exit even after events', () =>
    expect(parseOpencodeResult(step(0, {}), 'boom', 2)).toMatchObject({
      ok: false,
      error: 'opencode exited with code 2: boom',
      unavailable: undefined,
    }));
  it('reports the same tool call three times in a row', () => {
    const read = event({
      type: 'tool_use',
      part: { tool: 'read', state: { status: 'completed', input: { filePath: '/r/README.md' } } },
    });
    expect(parseOpencodeResult([read, read, read].join('\n'), '', 0).repeatedToolCalls).toEqual([
      { tool: 'read', input: '{"filePath":"/r/README.md"}', times: 3 },
    ]);
  });
});

describe('parseOpencodeResult, event by event', () => {
  const line = (event: object) => JSON.stringify(event);
  const text = (messageID: string, words: string) =>
    line({ type: 'text', sessionID: 'ses_1', part: { type: 'text', messageID, text: words } });
  const step = (part: object) =>
    line({ type: 'step_finish', part: { type: 'step-finish', ...part } });
  const error = (name: string, data: object) => line({ type: 'error', error: { name, data } });
  const now = new Date('2026-01-01T00:00:00Z');

  it('answers with the texts of the last message that said anything, lines that are no event left out', () => {
    const stdout = [
      'not json',
      line({ noType: true }),
      text('msg_1', 'first thoughts'),
      text('msg_2', 'the answer,'),
      line({ type: 'text', part: { messageID: 'msg_3' } }),
      text('msg_2', 'in two parts'),
      step({ cost: 0.5 }),
      step({ cost: -1 }),
      step({}),
    ].join('\n');
    const r = parseOpencodeResult(stdout, '', 0, now);
    expect(r).toMatchObject({ ok: true, text: 'the answer,\nin two parts', sessionId: 'ses_1' });
    expect(r.costUsd).toBe(0.5);
    expect(r.numTurns).toBe(3);
    expect(parseOpencodeResult(text('m', 'hi'), '', 0, now)).toMatchObject({
      numTurns: undefined,
      usage: undefined,
      costUsd: undefined,
    });
  });

  it('names the error: its name, its message and its HTTP status, each only when given', () => {
    expect(
      parseOpencodeResult(error('APIError', { message: 'bad', statusCode: 500 }), '', 1, now).error,
    ).toBe('opencode failed: APIError: bad (HTTP 500)');
    expect(parseOpencodeResult(error('UnknownError', {}), '', 1, now).error).toBe(
      'opencode failed: UnknownError',
    );
    expect(parseOpencodeResult(line({ type: 'error' }), '', 1, now).error).toBe(
      'opencode failed: error',
    );
  });

  it('reads a limit from the status or the words, with retry-after only when it is a positive number', () => {
    const limit = (data: object) => parseOpencodeResult(error('APIError', data), '', 1, now).limit;
    expect(limit({ statusCode: 429, responseHeaders: { 'retry-after': '30' } })).toEqual({
      kind: 'rate_limit',
      resetsAt: new Date('2026-01-01T00:00:30Z'),
    });
    expect(
      limit({ message: 'Rate limit reached', responseHeaders: { 'retry-after': '0' } }),
    ).toEqual({
      kind: 'rate_limit',
      resetsAt: undefined,
    });
    expect(limit({ statusCode: 503 })).toEqual({ kind: 'overloaded', resetsAt: undefined });
    expect(limit({ message: 'Overloaded' })).toEqual({ kind: 'overloaded', resetsAt: undefined });
    expect(limit({ statusCode: 500, message: 'boom' })).toBeUndefined();
    // A run that did not fail has no limit, whatever its text says.
    expect(parseOpencodeResult(text('m', 'rate limit'), '', 0, now).limit).toBeUndefined();
  });

  it('reads a refused key (401, 403, ProviderAuthError) as not logged in, and nothing else', () => {
    const unavailable = (name: string, data: object) =>
      parseOpencodeResult(error(name, data), '', 1, now).unavailable;
    expect(unavailable('ProviderAuthError', {})).toBe('not logged in');
    expect(unavailable('APIError', { statusCode: 401 })).toBe('not logged in');
    expect(unavailable('APIError', { statusCode: 403 })).toBe('not logged in');
    expect(unavailable('APIError', { message: 'Unauthorized' })).toBe('not logged in');
    expect(unavailable('APIError', { statusCode: 500 })).toBeUndefined();
  });

  it('says what a run without events printed, stderr and stdout each when there is some', () => {
    expect(
      parseOpencodeResult('plain words', '\u001b[31mError:\u001b[0m broke', 2, now).error,
    ).toBe(
      'opencode exited with code 2 without any event (expected JSON lines from --format json); stderr: Error: broke; stdout: plain words',
    );
    expect(parseOpencodeResult('', 'only stderr', 2, now).error).toBe(
      'opencode exited with code 2 without any event (expected JSON lines from --format json); stderr: only stderr',
    );
    // Events, then a non-zero exit: the exit and what stderr said.
    expect(parseOpencodeResult(text('m', 'hi'), 'killed\n', 137, now).error).toBe(
      'opencode exited with code 137: killed',
    );
    expect(parseOpencodeResult(text('m', 'hi'), '', 137, now).error).toBe(
      'opencode exited with code 137',
    );
  });

  it('counts as denied only a tool call that ended in error with a permission refusal', () => {
    const tool = (state: object) =>
      line({ type: 'tool_use', part: { type: 'tool', tool: 'bash', state } });
    const stdout = [
      tool({
        status: 'error',
        error: 'The user rejected permission to use this specific tool call.',
      }),
      tool({ status: 'completed', error: 'The user rejected permission' }),
      tool({ status: 'error', error: 'command failed' }),
      line({
        type: 'text',
        part: { state: { status: 'error', error: 'user rejected permission' } },
      }),
    ].join('\n');
    expect(parseOpencodeResult(stdout, '', 0, now).permissionDenials).toHaveLength(1);
  });
});
