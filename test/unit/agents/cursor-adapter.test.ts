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
