// GitHub Copilot's CLI: the arguments mmm builds, and what it reads of the output the real CLI
// (1.0.102) printed against the scripted model server (test/fixtures/copilot/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCopilotArgs, copilotAdapter } from '../../../src/agents/copilot.js';
import {
  parseCopilotResult,
  readCopilotUsage,
  showCopilotEvent,
} from '../../../src/agents/copilot-result.js';
import { unsupportedSettings } from '../../../src/agents/support.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/copilot/${name}`, import.meta.url), 'utf8');
const base = { prompt: 'x'.repeat(200_000), cwd: '/repo' };

describe('buildCopilotArgs', () => {
  it('asks for JSON lines, no update, no questions, and leaves the prompt for standard input', () =>
    expect(buildCopilotArgs(base)).toEqual([
      '--output-format',
      'json',
      '--no-auto-update',
      '--no-ask-user',
      '--no-color',
    ]));
  it('passes the model and the call id as the new session id', () =>
    expect(buildCopilotArgs({ ...base, model: 'gpt-5.4', conversationId: 'c0ffee' })).toEqual(
      expect.arrayContaining(['--model', 'gpt-5.4', '--session-id', 'c0ffee']),
    ));
  it.each([
    ['default', []],
    ['dontAsk', []],
    ['acceptEdits', ['--allow-tool=write']],
    ['bypassPermissions', ['--allow-all']],
  ])('maps permission mode %s to %j', (mode, flags) =>
    expect(buildCopilotArgs({ ...base, permissionMode: mode }).slice(5)).toEqual(flags),
  );
  it('passes each allowed and denied tool pattern as its own flag', () =>
    expect(
      buildCopilotArgs({
        ...base,
        allowedTools: ['shell(git:*)', 'write'],
        disallowedTools: ['shell(git push)'],
      }).slice(5),
    ).toEqual(['--allow-tool=shell(git:*)', '--allow-tool=write', '--deny-tool=shell(git push)']));
  it('names the usage file when given one', () =>
    expect(buildCopilotArgs(base, '/tmp/u.json').slice(-2)).toEqual([
      '--usage-output-file',
      '/tmp/u.json',
    ]));
  it('refuses the settings it cannot honour', () =>
    expect(
      unsupportedSettings(copilotAdapter, {
        permissionMode: 'plan',
        maxTurns: 3,
        appendSystemPrompt: 'x',
        resumeConversation: true,
      }).map((u) => u.key),
    ).toEqual(['permission_mode', 'max_turns', 'append_system_prompt', 'resume_conversation']));
});

describe('parseCopilotResult', () => {
  it('reads the final text and the session id of a successful run', () =>
    expect(parseCopilotResult(fixture('real-1.0.102-success.jsonl'), '', 0)).toMatchObject({
      ok: true,
      text: 'Wrote hello.txt.',
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      models: ['claude-sonnet-4.5'],
      error: undefined,
      costUsd: undefined,
    }));
  it('reads a provider 401 as not logged in, in the CLI words', () => {
    const r = parseCopilotResult(fixture('real-1.0.102-401.jsonl'), '', 1);
    expect(r).toMatchObject({ ok: false, unavailable: 'not logged in', limit: undefined });
    expect(r.error).toContain(
      'copilot failed (authentication): Authentication failed with provider',
    );
  });
  it('reads a 429 it gave up on as a rate limit', () =>
    expect(parseCopilotResult(fixture('real-1.0.102-429.jsonl'), '', 1)).toMatchObject({
      ok: false,
      limit: { kind: 'rate_limit', resetsAt: undefined },
      unavailable: undefined,
    }));
  it('reads a quota error as a usage limit, but not a billing one', () => {
    const line = (data: object) =>
      `${JSON.stringify({ type: 'session.error', data })}\n{"type":"result","exitCode":1}\n`;
    expect(
      parseCopilotResult(
        line({ errorType: 'quota', message: 'You have used up your quota' }),
        '',
        1,
      ).limit,
    ).toEqual({ kind: 'usage_limit', resetsAt: undefined });
    expect(
      parseCopilotResult(
        line({ errorType: 'quota', errorCode: 'billing_not_configured', message: 'no billing' }),
        '',
        1,
      ).limit,
    ).toBeUndefined();
  });
  it('reads "No authentication information found" on stderr as not logged in', () => {
    const r = parseCopilotResult('', fixture('real-1.0.102-not-logged-in.stderr'), 1);
    expect(r).toMatchObject({ ok: false, unavailable: 'not logged in' });
    expect(r.error).toContain('Error: No authentication information found.');
  });
  it('says a run that printed nothing crashed', () =>
    expect(parseCopilotResult('', 'Segmentation fault', 139)).toMatchObject({
      ok: false,
      unavailable: 'crashed',
      error: expect.stringContaining('code 139 without a result') as string,
    }));
  it('records tool calls refused for want of a terminal', () => {
    const refused = JSON.stringify({
      type: 'tool.execution_complete',
      data: {
        toolCallId: 't1',
        success: false,
        error: { message: 'Permission denied because no interactive user response was available.' },
      },
    });
    expect(
      parseCopilotResult(`${refused}\n{"type":"result","exitCode":0}\n`, '', 0).permissionDenials,
    ).toHaveLength(1);
  });
});

describe('readCopilotUsage', () => {
  it('sums tokens per model, cached tokens apart from the input', () =>
    expect(readCopilotUsage(fixture('real-1.0.102-usage.json'))).toEqual({
      usage: {
        inputTokens: 2200,
        outputTokens: 50,
        cacheReadInputTokens: 500,
        cacheCreationInputTokens: 300,
      },
      models: ['claude-sonnet-4.5'],
    }));
  it('is undefined for a file that is not there or not JSON', () =>
    expect(readCopilotUsage('')).toBeUndefined());
});

describe('showCopilotEvent', () => {
  it('shows the messages and tool calls of a real run, and hides the rest', () =>
    expect(
      fixture('real-1.0.102-success.jsonl')
        .split('\n')
        .filter(Boolean)
        .map((line) => showCopilotEvent(JSON.parse(line) as Record<string, unknown>))
        .join(''),
    ).toBe(
      '[create] {"path":"/tmp/ma-cli/w1/hello.txt","file_text":"hello from copilot\\n"}\nWrote hello.txt.\n',
    ));
});

describe('parseCopilotResult, line by line', () => {
  const line = (event: object) => JSON.stringify(event);
  const message = (content: unknown, model?: string) =>
    line({ type: 'assistant.message', data: { content, model } });
  const result = (fields: object = {}) =>
    line({ type: 'result', sessionId: 's-1', exitCode: 0, ...fields });
  const failure = (data: object) => line({ type: 'session.error', data });

  it('answers with the last message that said anything, and names each model once', () => {
    const stdout = [
      message('first', 'model-a'),
      message('last words', 'model-b'),
      line({ type: 'user.message', data: { content: 'not the agent' } }),
      message('   ', 'model-a'),
      result(),
    ].join('\n');
    expect(parseCopilotResult(stdout, '', 0)).toMatchObject({
      ok: true,
      text: 'last words',
      sessionId: 's-1',
      models: ['model-a', 'model-b'],
    });
    expect(parseCopilotResult(result(), '', 0).text).toBe('');
  });

  it("says why a call failed: the session's error, no result, or the result's exit code", () => {
    expect(parseCopilotResult(failure({ errorType: 'query', message: 'bad' }), '', 1).error).toBe(
      'copilot failed (query): bad',
    );
    expect(parseCopilotResult(failure({}), '', 1).error).toBe('copilot failed: no message');
    expect(parseCopilotResult('', 'boom', 1).error).toBe(
      'copilot exited with code 1 without a result (expected JSON lines from --output-format json): boom',
    );
    expect(parseCopilotResult('', '', 1).error).toBe(
      'copilot exited with code 1 without a result (expected JSON lines from --output-format json); it printed nothing',
    );
    expect(parseCopilotResult(result({ exitCode: 3 }), 'why', 0).error).toBe(
      'copilot exited with code 3: why',
    );
    expect(parseCopilotResult(result({ exitCode: 3 }), '', 0).error).toBe(
      'copilot exited with code 3',
    );
    // No result and exit 0: nothing says it failed.
    expect(parseCopilotResult(message('hi'), '', 0)).toMatchObject({ ok: true, error: undefined });
  });

  it('reads limits from the error type, code, words or status, and none a wait cannot lift', () => {
    const limit = (data: object) => parseCopilotResult(failure(data), '', 1).limit;
    expect(limit({ errorType: 'quota', message: 'x' })).toEqual({
      kind: 'usage_limit',
      resetsAt: undefined,
    });
    expect(limit({ errorType: 'rate_limit', message: 'x' })).toEqual({
      kind: 'rate_limit',
      resetsAt: undefined,
    });
    expect(
      limit({ errorType: 'quota', errorCode: 'billing_not_configured', message: 'x' }),
    ).toBeUndefined();
    expect(limit({ errorType: 'query', message: 'x', statusCode: 429 })).toMatchObject({
      kind: 'rate_limit',
    });
    expect(limit({ errorType: 'query', message: 'boom' })).toBeUndefined();
    expect(parseCopilotResult(result({ exitCode: 3 }), 'rate limit', 0).limit).toBeUndefined();
  });

  it('reads a login problem from the error type or the words, only for a failed call', () => {
    const unavailable = (data: object, stderr = '') =>
      parseCopilotResult(failure(data), stderr, 1).unavailable;
    expect(unavailable({ errorType: 'authentication', message: 'x' })).toBe('not logged in');
    expect(unavailable({ errorType: 'authorization', message: 'x' })).toBe('not logged in');
    expect(unavailable({ errorType: 'query', message: 'Not logged in' })).toBe('not logged in');
    expect(unavailable({ errorType: 'query', message: 'x' }, 'please run /login')).toBe(
      'not logged in',
    );
    expect(unavailable({ errorType: 'query', message: 'x' })).toBeUndefined();
    expect(parseCopilotResult(result(), 'not logged in', 0).unavailable).toBeUndefined();
  });

  it('records only the tool calls refused for want of a person to ask', () => {
    const done = (data: object) => line({ type: 'tool.execution_complete', data });
    const stdout = [
      done({
        toolCallId: 't1',
        success: false,
        error: { message: 'Permission denied because no interactive user response' },
      }),
      done({ toolCallId: 't2', success: true, error: { message: 'Permission denied' } }),
      done({ toolCallId: 't3', success: false, error: { message: 'exit 1' } }),
      line({ type: 'other', data: { success: false, error: { message: 'Permission denied' } } }),
      result(),
    ].join('\n');
    expect(parseCopilotResult(stdout, '', 0).permissionDenials).toEqual([
      { toolCallId: 't1', message: 'Permission denied because no interactive user response' },
    ]);
  });
});

describe('readCopilotUsage and showCopilotEvent, field by field', () => {
  it('sums every model, cached tokens out of the input, and reads no file that is not its JSON', () => {
    const file = JSON.stringify({
      modelMetrics: {
        a: {
          usage: { inputTokens: 100, outputTokens: 5, cacheReadTokens: 30, cacheWriteTokens: 20 },
        },
        b: { usage: { inputTokens: 10, outputTokens: 1 } },
        c: { requests: 1 },
      },
    });
    expect(readCopilotUsage(file)).toEqual({
      usage: {
        inputTokens: 60,
        outputTokens: 6,
        cacheReadInputTokens: 30,
        cacheCreationInputTokens: 20,
      },
      models: ['a', 'b', 'c'],
    });
    expect(readCopilotUsage('not json')).toBeUndefined();
    expect(readCopilotUsage('{"other":1}')).toBeUndefined();
  });

  it('shows the message, each tool call it asks for, and errors', () => {
    const shown = showCopilotEvent({
      type: 'assistant.message',
      data: {
        content: '  thinking  ',
        toolRequests: [{ name: 'bash', arguments: { command: 'ls' } }, {}],
      },
    });
    expect(shown.startsWith('thinking\n')).toBe(true);
    expect(shown).toContain('ls');
    expect(shown.split('\n').length).toBeGreaterThan(2);
    expect(showCopilotEvent({ type: 'assistant.message', data: { content: ' ' } })).toBe('');
    expect(showCopilotEvent({ type: 'session.error', data: { message: 'bad' } })).toBe(
      'error: bad\n',
    );
    expect(showCopilotEvent({ type: 'session.error' })).toBe('error: \n');
    expect(showCopilotEvent({ type: 'result', data: { message: 'x' } })).toBe('');
  });
});
