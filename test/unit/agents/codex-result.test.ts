// The codex adapter's pure parts, on output captured from the real CLI (0.171.0).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCodexArgs } from '../../../src/agents/codex.js';
import { detectCodexLimit, parseCodexResetTime } from '../../../src/agents/codex-limit.js';
import { codexStderr, parseCodexResult } from '../../../src/agents/codex-result.js';
import { readCodexStream } from '../../../src/agents/codex-stream.js';
import { unsupportedSettings } from '../../../src/agents/support.js';
import { getAgentAdapter } from '../../../src/agents/index.js';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../fixtures/codex', name), 'utf8');
const now = new Date(2026, 11, 7, 3, 0);

describe('buildCodexArgs', () => {
  const base = ['exec', '--json', '--skip-git-repo-check', '-C', '/repo'];
  const fixed = [
    '-c',
    'approval_policy="never"',
    '-c',
    'features.unbounded_connection_retries=false',
  ];

  it('runs exec with JSON events, no approvals, and no prompt argument', () => {
    expect(buildCodexArgs({ prompt: 'do it', cwd: '/repo' })).toEqual([...base, ...fixed]);
  });

  it('maps the model, the permission mode to a sandbox, and the appended system prompt', () => {
    expect(
      buildCodexArgs({
        prompt: 'x',
        cwd: '/repo',
        model: 'gpt-5.5',
        permissionMode: 'acceptEdits',
        appendSystemPrompt: 'Say "hi"\nthen stop',
      }),
    ).toEqual([
      ...base,
      ...fixed,
      '-m',
      'gpt-5.5',
      '-s',
      'workspace-write',
      '-c',
      'developer_instructions="Say \\"hi\\"\\nthen stop"',
    ]);
  });

  it.each([
    ['default', 'read-only'],
    ['plan', 'read-only'],
    ['auto', 'workspace-write'],
    ['bypassPermissions', 'danger-full-access'],
  ])('permission_mode %s is the %s sandbox', (mode, sandbox) => {
    const args = buildCodexArgs({ prompt: 'x', cwd: '/r', permissionMode: mode });
    expect(args.slice(args.indexOf('-s'), args.indexOf('-s') + 2)).toEqual(['-s', sandbox]);
  });

  it('refuses the settings it cannot honour', () => {
    const codex = getAgentAdapter('codex');
    expect(
      unsupportedSettings(codex, {
        permissionMode: 'dontAsk',
        allowedTools: ['Read'],
        maxTurns: 3,
        resumeConversation: true,
      }).map((p) => p.key),
    ).toEqual(['permission_mode', 'allowed_tools', 'max_turns', 'resume_conversation']);
  });
});

describe('parseCodexResult', () => {
  it('reads the thread id, the last message and the tokens (cached ones apart)', () => {
    const r = parseCodexResult(fixture('success.jsonl'), '', 0, now, 'gpt-5');
    expect(r).toMatchObject({
      ok: true,
      error: undefined,
      text: 'Hello from scripted',
      sessionId: '01a24e7b-1b2b-76c3-8552-71807c2da241',
      costUsd: undefined,
      models: ['gpt-5'],
      usage: {
        inputTokens: 200,
        outputTokens: 55,
        cacheReadInputTokens: 23,
        cacheCreationInputTokens: 0,
      },
    });
  });

  it('a 401 after the retries is not logged in, in the CLI words', () => {
    const r = parseCodexResult(fixture('unauthorized.jsonl'), '', 1, now);
    expect(r.ok).toBe(false);
    expect(r.unavailable).toBe('not logged in');
    expect(r.error).toBe(
      'codex failed: unexpected status 401 Unauthorized: Missing bearer or basic authentication in header, url: http://127.0.0.1:41113/v1/responses',
    );
  });

  it("a provider's key variable that is not set is not logged in", () => {
    const r = parseCodexResult(fixture('missing-key.jsonl'), '', 1, now);
    expect(r.unavailable).toBe('not logged in');
    expect(r.error).toContain('Missing environment variable: `MMM_TEST_KEY`.');
  });

  it('a usage limit is a limit with its reset time; a 429 a rate limit', () => {
    const usage = parseCodexResult(fixture('usage-limit.jsonl'), '', 1, now);
    expect(usage.limit).toEqual({ kind: 'usage_limit', resetsAt: new Date(2026, 11, 7, 5, 12) });
    expect(usage.unavailable).toBeUndefined();
    const rate = parseCodexResult(fixture('rate-limit.jsonl'), '', 1, now);
    expect(rate.limit).toEqual({ kind: 'rate_limit', resetsAt: undefined });
  });

  it('an API nobody answers at is no network', () => {
    const r = parseCodexResult(fixture('no-network.jsonl'), '', 1, now);
    expect(r.unavailable).toBe('no network');
    expect(r.limit).toBeUndefined();
  });

  it("an error on stderr is said in the CLI's words, without its warnings and stack", () => {
    const r = parseCodexResult(fixture('too-large.jsonl'), fixture('too-large.stderr'), 1, now);
    expect(r.error).toMatch(
      /^codex exited with code 1; Error: turn\/start: turn\/start failed: Input exceeds the maximum length of 1048576 characters/,
    );
    expect(r.error).not.toContain('WARNING');
    expect(r.unavailable).toBeUndefined();
  });

  it('no output at all is a crash', () => {
    const r = parseCodexResult('', 'Segmentation fault\n', 139, now);
    expect(r.unavailable).toBe('crashed');
    expect(r.error).toBe('codex exited with code 139; stderr: Segmentation fault');
  });

  it('an error the CLI recovered from does not fail the call', () => {
    const out = [
      '{"type":"thread.started","thread_id":"t"}',
      '{"type":"error","message":"Reconnecting... 1/5 (stream disconnected)"}',
      '{"type":"item.completed","item":{"type":"agent_message","text":"ok"}}',
      '{"type":"turn.completed","usage":{"input_tokens":1,"output_tokens":1}}',
    ].join('\n');
    expect(parseCodexResult(out, '', 0, now)).toMatchObject({ ok: true, text: 'ok' });
  });
});

describe('the reset time of a usage limit', () => {
  it('reads a later day with its date', () => {
    expect(parseCodexResetTime('Try again at Dec 9th, 2026 5:12 AM.', now)).toEqual(
      new Date(2026, 11, 9, 5, 12),
    );
  });

  it('takes a time of day already past as tomorrow', () => {
    expect(parseCodexResetTime('Try again at 1:05 AM.', now)).toEqual(new Date(2026, 11, 8, 1, 5));
  });

  it('does not wait for a limit that lifts only with money', () => {
    expect(
      detectCodexLimit('Your workspace is out of credits. Add credits to continue.', now),
    ).toBe(undefined);
    expect(detectCodexLimit('Quota exceeded. Check your plan and billing details.', now)).toBe(
      undefined,
    );
    expect(
      detectCodexLimit('Selected model is at capacity. Please try a different model.', now),
    ).toEqual({
      kind: 'overloaded',
      resetsAt: undefined,
    });
  });
});

describe('readCodexStream', () => {
  it('shows messages and commands, keeps what the result needs, and finds repeated commands', () => {
    const stream = readCodexStream();
    const cmd = (n: number) =>
      `{"type":"item.completed","item":{"id":"i${n}","type":"command_execution","command":"npm test","exit_code":1}}\n`;
    const shown =
      stream.push(
        '{"type":"thread.started","thread_id":"t1"}\n{"type":"item.started","item":{"type":"command_execution","command":"npm test"}}\n',
      ) +
      stream.push(cmd(1) + cmd(2) + cmd(3)) +
      stream.push(
        '{"type":"item.completed","item":{"type":"agent_message","text":"tests fail"}}\n{"type":"turn.comp',
      ) +
      stream.push('leted","usage":{"input_tokens":5,"output_tokens":2}}\n');
    expect(shown).toBe('[shell] npm test\ntests fail\n');
    const r = parseCodexResult(stream.keptLines(), '', 0, now);
    expect(r).toMatchObject({ ok: true, text: 'tests fail', sessionId: 't1' });
    expect(stream.repeated()).toEqual([{ tool: 'shell', input: 'npm test', times: 3 }]);
  });
});

describe('parseCodexResult, event by event', () => {
  const line = (event: object) => JSON.stringify(event);
  const turn = (usage: object) => line({ type: 'turn.completed', usage });
  const message = (text: unknown) =>
    line({ type: 'item.completed', item: { type: 'agent_message', text } });

  it('keeps the last agent message, the thread, and the tokens of every turn, odd values as none', () => {
    const stdout = [
      'WARNING: not json',
      '[1, 2]',
      line({ type: 'thread.started', thread_id: 7 }),
      line({ type: 'thread.started', thread_id: 'th_1' }),
      message('first'),
      line({ type: 'item.completed', item: { type: 'reasoning', text: 'thinking' } }),
      message('second'),
      turn({
        input_tokens: 100,
        cached_input_tokens: 40,
        output_tokens: 5,
        cache_write_input_tokens: 3,
      }),
      turn({ input_tokens: -5, output_tokens: Number.NaN, cached_input_tokens: 'x' }),
      turn({ input_tokens: 10, cached_input_tokens: 20 }),
    ].join('\n');
    const r = parseCodexResult(stdout, '', 0, now, 'gpt-x');
    expect(r).toMatchObject({ ok: true, text: 'second', sessionId: 'th_1', models: ['gpt-x'] });
    expect(r.usage).toEqual({
      inputTokens: 60,
      outputTokens: 5,
      cacheCreationInputTokens: 3,
      cacheReadInputTokens: 60,
    });
    expect(parseCodexResult([message(42), turn({})].join('\n'), '', 0, now).text).toBe('');
    expect(parseCodexResult(turn({}), '', 0, now).models).toEqual([]);
  });

  it('fails a failed turn in its words, or in none', () => {
    expect(
      parseCodexResult(
        line({ type: 'turn.failed', error: { message: 'context too long' } }),
        '',
        1,
        now,
      ).error,
    ).toBe('codex failed: context too long');
    expect(parseCodexResult(line({ type: 'turn.failed' }), '', 1, now).error).toBe(
      'codex failed: the turn failed',
    );
  });

  it('takes the last error that is not a reconnect as why a call with no turn failed', () => {
    const stdout = [
      line({ type: 'error', message: 'stream disconnected' }),
      line({ type: 'error', message: 'Reconnecting... 2/5 (stream disconnected)' }),
      line({ type: 'item.failed', error: { message: 'not an error event' } }),
    ].join('\n');
    expect(parseCodexResult(stdout, '', 1, now).error).toBe('codex failed: stream disconnected');
    const only = line({ type: 'error', message: 'Reconnecting... 1/5 (x)' });
    expect(parseCodexResult(only, '', 0, now).error).toBe(
      'codex ended without finishing its turn (no turn.completed event in its --json output)',
    );
  });

  it('says a non-zero exit with what stderr or stdout said, or that it printed nothing', () => {
    expect(parseCodexResult(turn({}), 'WARNING: x\nsomething odd\n', 3, now).error).toBe(
      'codex exited with code 3; stderr: something odd',
    );
    expect(parseCodexResult('plain text', '', 3, now).error).toBe(
      'codex exited with code 3; stdout: plain text',
    );
    expect(parseCodexResult('', '', 3, now)).toMatchObject({
      error: 'codex exited with code 3; it printed nothing',
      unavailable: 'crashed',
    });
    expect(parseCodexResult(turn({}), '', 0, now)).toMatchObject({
      ok: true,
      unavailable: undefined,
    });
  });

  it('reads stderr without its warnings, its stdin note and the stack under the error', () => {
    const stderr = [
      'WARNING: proceeding, even though we could not update PATH',
      'Reading prompt from stdin...',
      '',
      '  first words  ',
      'Error: the real reason',
      'Stack backtrace:',
      'Error: not this',
    ].join('\n');
    expect(codexStderr(stderr)).toBe('Error: the real reason');
    expect(codexStderr('one\nStack backtrace:\ntwo')).toBe('one');
    expect(codexStderr('a\n\nb')).toBe('a\nb');
  });
});
