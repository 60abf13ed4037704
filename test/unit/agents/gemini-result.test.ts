// Outputs captured from the real Gemini CLI 0.61.0 against a scripted Gemini API server
// (test/fixtures/gemini/<case>.stdout, .stderr, .exit).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGeminiResult } from '../../../src/agents/gemini-result.js';

const fixture = (name: string) => {
  const read = (ext: string) =>
    readFileSync(new URL(`../../fixtures/gemini/${name}.${ext}`, import.meta.url), 'utf8');
  return { stdout: read('stdout'), stderr: read('stderr'), exit: Number(read('exit').trim()) };
};
const now = new Date('2026-12-07T12:00:00Z');
const parse = (name: string) => {
  const f = fixture(name);
  return parseGeminiResult(f.stdout, f.stderr, f.exit, now);
};

describe('parseGeminiResult on what the real CLI printed', () => {
  it('reads a call that wrote a file: the answer, session, tokens (thinking as output), model', () =>
    expect(parse('write')).toMatchObject({
      ok: true,
      error: undefined,
      text: 'Done here.',
      sessionId: '0b5e0d9a-4c1e-4f4e-9a7e-3f1d2c3b4a59',
      usage: {
        inputTokens: 190,
        outputTokens: 47,
        cacheCreationInputTokens: 0,
        cacheReadInputTokens: 10,
      },
      models: ['gemini-2.5-flash'],
      costUsd: undefined,
      permissionDenials: [],
      limit: undefined,
      unavailable: undefined,
    }));

  it('records the write the default approval mode refused, and the call still succeeds', () => {
    const r = parse('denied');
    expect(r.ok).toBe(true);
    expect(r.permissionDenials).toEqual([
      {
        tool_name: 'write_file',
        tool_input: { file_path: 'hello.txt', content: 'hi\n' },
        reason: expect.stringContaining('Tool "write_file" not found') as unknown,
      },
    ]);
  });

  it('takes no credentials at all (exit 41) as not logged in, in the CLI words', () => {
    for (const name of ['no-key', 'no-auth']) {
      const r = parse(name);
      expect(r).toMatchObject({ ok: false, unavailable: 'not logged in', limit: undefined });
      expect(r.error).toMatch(/^gemini is not logged in \(exit 41\): .*GEMINI_API_KEY/);
    }
  });

  it('takes a key the API refused as not logged in', () => {
    const r = parse('key-invalid');
    expect(r).toMatchObject({ ok: false, unavailable: 'not logged in', limit: undefined });
    expect(r.error).toContain('API key not valid');
  });

  it('takes a daily quota as a usage limit, a 429 as a rate limit, a 503 as an overload', () => {
    expect(parse('quota-daily')).toMatchObject({
      ok: false,
      limit: { kind: 'usage_limit', resetsAt: undefined },
      unavailable: undefined,
    });
    expect(parse('quota-daily').error).toContain('You have exhausted your daily quota');
    expect(parse('rate-limit').limit).toEqual({ kind: 'rate_limit', resetsAt: undefined });
    expect(parse('rate-limit').error).toContain('Resource has been exhausted');
    expect(parse('overloaded').limit).toEqual({ kind: 'overloaded', resetsAt: undefined });
  });

  it('fails with the API error words of another refusal, which is no limit', () => {
    const r = parse('bad-request');
    expect(r).toMatchObject({ ok: false, limit: undefined, unavailable: undefined });
    expect(r.error).toContain('scripted refusal for mmm');
  });
});

describe('parseGeminiResult on other outputs', () => {
  const result = (extra: object) =>
    JSON.stringify({ type: 'result', status: 'error', stats: {}, ...extra });
  it('names when the limit lifts when the API said', () =>
    expect(
      parseGeminiResult(
        result({ error: { message: '[API Error: Quota exceeded. Please retry in 30s.]' } }),
        '',
        1,
        now,
      ).limit,
    ).toEqual({ kind: 'rate_limit', resetsAt: new Date('2026-12-07T12:00:30Z') }));
  it('takes nothing on stdout and a non-auth exit as a crash, saying what stderr said', () => {
    const r = parseGeminiResult('', 'Ripgrep is not available.\nboom\n', 1, now);
    expect(r).toMatchObject({ ok: false, unavailable: 'crashed' });
    expect(r.error).toBe(
      'gemini exited with code 1 without a result event (expected JSON lines from --output-format stream-json); stderr: boom',
    );
  });
  it('says so when the output ended before the result event of a call that exited 0', () => {
    const started = JSON.stringify({ type: 'init', session_id: 's-1' });
    const r = parseGeminiResult(`${started}\n{"type":"message","role":"user","con`, '', 0, now);
    expect(r).toMatchObject({ ok: false, unavailable: 'crashed', sessionId: 's-1' });
    expect(r.error).toMatch(/output ended before the result event/);
  });
  it('keeps only the text after the last tool call as the answer', () => {
    const lines = [
      { type: 'message', role: 'assistant', content: 'I will write it.', delta: true },
      { type: 'tool_use', tool_name: 'write_file', tool_id: 't1', parameters: {} },
      { type: 'message', role: 'assistant', content: 'Wrote ', delta: true },
      { type: 'message', role: 'assistant', content: 'it.', delta: true },
      { type: 'result', status: 'success', stats: {} },
    ];
    const r = parseGeminiResult(lines.map((l) => JSON.stringify(l)).join('\n'), '', 0, now);
    expect(r).toMatchObject({ ok: true, text: 'Wrote it.' });
  });
  it('fails a success whose process exited non-zero', () =>
    expect(parseGeminiResult(result({ status: 'success' }), '', 2, now).error).toBe(
      'gemini exited with code 2',
    ));
});

describe('parseGeminiResult, event by event', () => {
  const line = (event: object) => JSON.stringify(event);
  const result = (fields: object = {}) =>
    line({ type: 'result', status: 'success', session_id: 's-r', ...fields });
  const parseOf = (stdout: string, stderr = '', exitCode: number | null = 0) =>
    parseGeminiResult(stdout, stderr, exitCode, now);

  it('answers with what the assistant said after its last tool call', () => {
    const stdout = [
      line({ type: 'init', session_id: 's-init' }),
      line({ type: 'message', role: 'assistant', content: 'before ' }),
      line({ type: 'tool_use', tool_id: 't1', tool_name: 'write_file', parameters: {} }),
      line({ type: 'message', role: 'user', content: 'not this' }),
      line({ type: 'message', role: 'assistant', content: ' after, ' }),
      line({ type: 'message', role: 'assistant', content: 'in parts ' }),
      result({ session_id: undefined }),
    ].join('\n');
    expect(parseOf(stdout)).toMatchObject({
      ok: true,
      text: 'after, in parts',
      sessionId: 's-init',
    });
  });

  it('counts tokens: input without the cached ones unless given, output as all that is not prompt', () => {
    const usage = (stats: object) => parseOf(result({ stats })).usage;
    expect(usage({ input_tokens: 100, cached: 30, output_tokens: 5, total_tokens: 120 })).toEqual({
      inputTokens: 70,
      outputTokens: 20,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 30,
    });
    expect(
      usage({ input: 50, input_tokens: 100, cached: 30, output_tokens: 9, total_tokens: 'x' }),
    ).toEqual({
      inputTokens: 50,
      outputTokens: 9,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 30,
    });
    expect(parseOf(result()).usage).toBeUndefined();
    expect(
      parseOf(result({ stats: { models: { 'gemini-a': {}, 'gemini-b': {} } } })).models,
    ).toEqual(['gemini-a', 'gemini-b']);
    expect(parseOf(result({ stats: { models: null } })).models).toEqual([]);
  });

  it('fails in the result’s words, its status, or the exit code with stderr without its noise', () => {
    expect(
      parseOf(result({ status: 'error', error: { message: ' quota gone ' } }), '', 1).error,
    ).toBe('quota gone');
    expect(parseOf(result({ status: 'error' }), '', 1).error).toBe(
      'gemini reported an error (error)',
    );
    expect(
      parseOf(result(), 'Warning: 256-color support not detected\n[STARTUP] x\nreal words\n', 2)
        .error,
    ).toBe('gemini exited with code 2: real words');
    expect(parseOf(result(), 'Ripgrep is not available\n', 2).error).toBe(
      'gemini exited with code 2',
    );
  });

  it('says what a run without a result printed, or that it ended before the result', () => {
    expect(parseOf('', 'boom', 1)).toMatchObject({
      error:
        'gemini exited with code 1 without a result event (expected JSON lines from --output-format stream-json); stderr: boom',
      unavailable: 'crashed',
    });
    expect(parseOf('plain', '', 1).error).toBe(
      'gemini exited with code 1 without a result event (expected JSON lines from --output-format stream-json); stdout: plain',
    );
    expect(parseOf('', '', 1).error).toBe(
      'gemini exited with code 1 without a result event (expected JSON lines from --output-format stream-json); it printed nothing',
    );
    expect(parseOf(line({ type: 'init' }), '', 0).error).toContain(
      'its output ended before the result event',
    );
    expect(parseOf('', '', 0).error).toContain('without a result event');
    expect(parseOf('', 'no key', 41)).toMatchObject({
      error: 'gemini is not logged in (exit 41): no key',
      unavailable: 'not logged in',
    });
  });

  it('reads a refused key from the words or a 401/403 on stderr, and a limit only otherwise', () => {
    const failed = (message: string, stderr = '') =>
      parseOf(result({ status: 'error', error: { message } }), stderr, 1);
    expect(failed('boom', '  status: 401,\n').unavailable).toBe('not logged in');
    expect(failed('boom', 'status: 403\n').unavailable).toBe('not logged in');
    expect(failed('boom', 'API_KEY_INVALID\n').unavailable).toBe('not logged in');
    expect(failed('boom', 'status: 500\n')).toMatchObject({
      unavailable: undefined,
      limit: undefined,
    });
    expect(failed('boom', 'status: 429\n').limit).toEqual({
      kind: 'rate_limit',
      resetsAt: undefined,
    });
    expect(failed('boom', 'status: 503\n').limit).toEqual({
      kind: 'overloaded',
      resetsAt: undefined,
    });
    expect(failed('Rate limit hit, retry in 1500ms').limit).toEqual({
      kind: 'rate_limit',
      resetsAt: new Date(now.getTime() + 1500),
    });
    expect(failed('Rate limit hit, retry after 2 s').limit).toEqual({
      kind: 'rate_limit',
      resetsAt: new Date(now.getTime() + 2000),
    });
    expect(parseOf(result(), 'status: 429\n', 0).limit).toBeUndefined();
  });

  it('records the tool calls refused by the approval mode or the policy, with what they asked', () => {
    const stdout = [
      line({
        type: 'tool_use',
        tool_id: 't1',
        tool_name: 'run_shell_command',
        parameters: { command: 'rm -rf /' },
      }),
      line({
        type: 'tool_result',
        tool_id: 't1',
        status: 'error',
        error: { type: 'policy_violation', message: 'denied' },
      }),
      line({
        type: 'tool_result',
        tool_id: 't2',
        status: 'error',
        error: { type: 'tool_not_registered', message: 'no such tool' },
      }),
      line({
        type: 'tool_result',
        tool_id: 't3',
        status: 'error',
        error: { type: 'execution_failed', message: 'exit 1' },
      }),
      line({
        type: 'tool_result',
        tool_id: 't1',
        status: 'success',
        error: { type: 'policy_violation' },
      }),
      result(),
    ].join('\n');
    expect(parseOf(stdout).permissionDenials).toEqual([
      { tool_name: 'run_shell_command', tool_input: { command: 'rm -rf /' }, reason: 'denied' },
      { tool_name: undefined, tool_input: undefined, reason: 'no such tool' },
    ]);
  });
});
