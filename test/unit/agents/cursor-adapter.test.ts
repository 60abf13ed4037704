// Cursor's agent CLI: the arguments mmm builds, and what it reads of `--output-format stream-json`
// in the documented shape (test/fixtures/cursor/README.md) and of its failures on stderr.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCursorArgs, cursorAdapter } from '../../../src/agents/cursor.js';
import { parseCursorResult, showCursorEvent } from '../../../src/agents/cursor-result.js';
import { unsupportedSettings } from '../../../src/agents/support.js';

const success = readFileSync(
  new URL('../../fixtures/cursor/documented-success.jsonl', import.meta.url),
  'utf8',
);
const base = { prompt: 'x'.repeat(200_000), cwd: '/repo' };

describe('buildCursorArgs', () => {
  it('runs print mode with stream JSON in a trusted workspace, the prompt left for standard input', () =>
    expect(buildCursorArgs(base)).toEqual([
      '--print',
      '--output-format',
      'stream-json',
      '--trust',
    ]));
  it.each([
    ['default', []],
    ['plan', ['--mode', 'plan']],
    ['bypassPermissions', ['--force']],
  ])('maps permission mode %s to %j', (mode, flags) =>
    expect(buildCursorArgs({ ...base, permissionMode: mode }).slice(4)).toEqual(flags),
  );
  it('passes the model', () =>
    expect(buildCursorArgs({ ...base, model: 'sonnet-4.5' }).slice(4)).toEqual([
      '--model',
      'sonnet-4.5',
    ]));
  it('refuses the settings it cannot honour', () =>
    expect(
      unsupportedSettings(cursorAdapter, {
        permissionMode: 'acceptEdits',
        disallowedTools: ['Shell'],
        resumeConversation: true,
      }).map((u) => u.key),
    ).toEqual(['permission_mode', 'disallowed_tools', 'resume_conversation']));
});

describe('parseCursorResult', () => {
  it('reads the result, the session and the model; no tokens or cost when the result has none', () =>
    expect(parseCursorResult(success, '', 0)).toMatchObject({
      ok: true,
      text: "I'll create the file.Created hello.txt.",
      sessionId: '6c1f8f2e-2b7a-4d7e-9a55-0e4b3f1d2c10',
      models: ['Claude 4.5 Sonnet'],
      usage: undefined,
      costUsd: undefined,
    }));
  it('reads token counts when the result carries them', () => {
    const withUsage = success.replace(
      '"request_id"',
      '"usage":{"inputTokens":900,"outputTokens":30,"cacheReadTokens":4000,"cacheWriteTokens":10},"request_id"',
    );
    expect(parseCursorResult(withUsage, '', 0).usage).toEqual({
      inputTokens: 900,
      outputTokens: 30,
      cacheReadInputTokens: 4000,
      cacheCreationInputTokens: 10,
    });
  });
  it('reads "Authentication required" on stderr as not logged in, in its words', () => {
    const r = parseCursorResult(
      '',
      'Error: Authentication required. Please run `cursor-agent login` or set CURSOR_API_KEY.\n',
      1,
    );
    expect(r).toMatchObject({ ok: false, unavailable: 'not logged in' });
    expect(r.error).toContain('without a result: Error: Authentication required.');
  });
  it('reads a usage limit on stderr as one', () =>
    expect(
      parseCursorResult('', 'Error: You have reached your usage limit for this model.\n', 1).limit,
    ).toEqual({ kind: 'usage_limit', resetsAt: undefined }));
  it('says a run that printed nothing crashed', () =>
    expect(parseCursorResult('', '', 1)).toMatchObject({ ok: false, unavailable: 'crashed' }));
});

describe('showCursorEvent', () => {
  it('shows the assistant text and each tool call as it starts', () =>
    expect(
      success
        .split('\n')
        .filter(Boolean)
        .map((line) => showCursorEvent(JSON.parse(line) as Record<string, unknown>))
        .join(''),
    ).toBe(
      'I\'ll create the file.\n[writeToolCall] {"path":"hello.txt","fileText":"hello\\n"}\nCreated hello.txt.\n',
    ));
});

describe('parseCursorResult, line by line', () => {
  const line = (event: object) => JSON.stringify(event);
  const result = (fields: object = {}) =>
    line({ type: 'result', subtype: 'success', is_error: false, result: 'done', ...fields });

  it('reads tokens by either spelling, a missing count as 0, and the model of the init event only', () => {
    const stdout = [
      line({ type: 'system', subtype: 'other', model: 'not-this' }),
      line({ type: 'system', subtype: 'init', model: 'gpt-5', session_id: 's-init' }),
      result({
        usage: {
          input_tokens: 7,
          outputTokens: 3,
          cache_creation_input_tokens: 2,
          cacheReadTokens: 1,
        },
      }),
    ].join('\n');
    const r = parseCursorResult(stdout, '', 0);
    expect(r).toMatchObject({ ok: true, text: 'done', models: ['gpt-5'], sessionId: 's-init' });
    expect(r.usage).toEqual({
      inputTokens: 7,
      outputTokens: 3,
      cacheCreationInputTokens: 2,
      cacheReadInputTokens: 1,
    });
    expect(parseCursorResult(result({ usage: { cacheWriteTokens: 4 } }), '', 0).usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationInputTokens: 4,
      cacheReadInputTokens: 0,
    });
    expect(parseCursorResult(result({ session_id: 's-result' }), '', 0)).toMatchObject({
      sessionId: 's-result',
      models: [],
    });
  });

  it('says why a call failed: an error result in its words or stderr, or a non-zero exit', () => {
    expect(
      parseCursorResult(result({ is_error: true, result: ' no good ' }), 'stderr words', 1).error,
    ).toBe('cursor-agent failed (success): no good');
    expect(
      parseCursorResult(result({ subtype: 'error_x', result: '' }), 'stderr words', 1).error,
    ).toBe('cursor-agent failed (error_x): stderr words');
    expect(parseCursorResult(result({ subtype: 'error_x', result: '' }), '', 1).error).toBe(
      'cursor-agent failed (error_x)',
    );
    expect(parseCursorResult(result(), 'it broke', 2).error).toBe(
      'cursor-agent exited with code 2: it broke',
    );
    expect(parseCursorResult(result(), '', 2).error).toBe('cursor-agent exited with code 2');
    expect(parseCursorResult('', 'Segmentation fault', 139).error).toBe(
      'cursor-agent exited with code 139 without a result: Segmentation fault',
    );
  });

  it('reads a limit or a login only when the call failed, and a crash only when it printed no event', () => {
    expect(
      parseCursorResult(result({ result: 'usage limit; cursor-agent login' }), '', 0),
    ).toMatchObject({
      limit: undefined,
      unavailable: undefined,
    });
    const limited = parseCursorResult(
      result({ is_error: true, result: 'rate limit exceeded' }),
      '',
      1,
    );
    expect(limited.limit).toMatchObject({ kind: 'rate_limit' });
    expect(limited.unavailable).toBeUndefined();
    expect(parseCursorResult(line({ type: 'assistant' }), '', 1).unavailable).toBeUndefined();
  });
});

describe('showCursorEvent, event by event', () => {
  it('shows each non-empty text block on its line, and nothing of other events', () => {
    const assistant = {
      type: 'assistant',
      message: {
        content: [{ text: '  first  ' }, { text: '   ' }, { type: 'image' }, { text: 'second' }],
      },
    };
    expect(showCursorEvent(assistant)).toBe('first\nsecond\n');
    expect(showCursorEvent({ type: 'assistant', message: { content: 'not a list' } })).toBe('');
    expect(showCursorEvent({ type: 'tool_call', subtype: 'completed', tool_call: { x: {} } })).toBe(
      '',
    );
    expect(showCursorEvent({ type: 'tool_call', subtype: 'started', tool_call: {} })).toBe('');
    expect(showCursorEvent({ type: 'user', message: { content: [{ text: 'no' }] } })).toBe('');
  });
});
