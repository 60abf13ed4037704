// Amp: the arguments mmm builds, and what it reads of `--stream-json` in the documented shape and
// of what the real CLI (0.0.1790142911) printed with no key (test/fixtures/amp/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ampAdapter, buildAmpArgs } from '../../../src/agents/amp.js';
import { parseAmpResult } from '../../../src/agents/amp-result.js';
import { unsupportedSettings } from '../../../src/agents/support.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/amp/${name}`, import.meta.url), 'utf8');
const base = { prompt: 'x'.repeat(200_000), cwd: '/repo' };

describe('buildAmpArgs', () => {
  it('runs execute mode with stream JSON, the prompt left for standard input', () =>
    expect(buildAmpArgs(base)).toEqual([
      '--stream-json',
      '--no-ide',
      '--no-notifications',
      '--no-color',
      '--execute',
    ]));
  it('passes the model as the agent mode, and bypassPermissions as --dangerously-allow-all', () =>
    expect(buildAmpArgs({ ...base, model: 'high', permissionMode: 'bypassPermissions' })).toEqual(
      expect.arrayContaining(['--mode', 'high', '--dangerously-allow-all']),
    ));
  it('ends with --execute, which would take a message after it', () =>
    expect(buildAmpArgs({ ...base, model: 'low' }).at(-1)).toBe('--execute'));
  it('refuses the settings it cannot honour', () =>
    expect(
      unsupportedSettings(ampAdapter, {
        permissionMode: 'acceptEdits',
        allowedTools: ['Bash'],
        maxTurns: 2,
      }).map((u) => u.key),
    ).toEqual(['permission_mode', 'allowed_tools', 'max_turns']));
});

describe('parseAmpResult', () => {
  it('reads the text, the thread id, the turns and the tokens of every message', () =>
    expect(parseAmpResult(fixture('documented-success.jsonl'), '', 0)).toMatchObject({
      ok: true,
      text: 'Created hello.txt.',
      sessionId: 'T-5f0c2a9e-1b7d-4e55-9a40-3c2d8e6f7a11',
      numTurns: 2,
      usage: {
        inputTokens: 1250,
        outputTokens: 48,
        cacheCreationInputTokens: 300,
        cacheReadInputTokens: 18500,
      },
      costUsd: undefined,
    }));
  it('reads an error result, and a 429 in it as a rate limit', () => {
    const r = parseAmpResult(fixture('documented-error.jsonl'), '', 1);
    expect(r).toMatchObject({ ok: false, limit: { kind: 'rate_limit' }, unavailable: undefined });
    expect(r.error).toBe(
      'amp failed (error_during_execution): 429 Too Many Requests: rate limit exceeded, retry later',
    );
  });
  it('reads the login flow the CLI starts without a key as not logged in', () => {
    const r = parseAmpResult(
      fixture('real-0.0.1790142911-not-logged-in.stdout'),
      fixture('real-0.0.1790142911-not-logged-in.stderr'),
      1,
    );
    expect(r).toMatchObject({ ok: false, unavailable: 'not logged in', limit: undefined });
    expect(r.error).toContain('No API key found');
  });
  it('says a run with no result crashed, with what it said', () =>
    expect(
      parseAmpResult('', "Error: Couldn't connect to the Amp server at http://127.0.0.1:9.", 1),
    ).toMatchObject({
      ok: false,
      unavailable: 'crashed',
      error: expect.stringContaining("Couldn't connect to the Amp server") as string,
    }));
});

describe('parseAmpResult, line by line', () => {
  const line = (event: object) => JSON.stringify(event);
  const result = (fields: object = {}) =>
    line({ type: 'result', subtype: 'success', result: 'done', num_turns: 1, ...fields });
  const assistant = (usage: object | undefined, model?: string) =>
    line({ type: 'assistant', message: { model, usage, content: [] } });

  it('sums the tokens of the assistant messages only, and reports none when no message has any', () => {
    const stdout = [
      line({ type: 'user', message: { usage: { input_tokens: 1000 } } }),
      assistant({ input_tokens: 10, output_tokens: 2 }, 'model-a'),
      assistant(undefined, 'model-b'),
      assistant({ cache_creation_input_tokens: 5, cache_read_input_tokens: 7 }, 'model-a'),
      result(),
    ].join('\n');
    const r = parseAmpResult(stdout, '', 0);
    expect(r.usage).toEqual({
      inputTokens: 10,
      outputTokens: 2,
      cacheCreationInputTokens: 5,
      cacheReadInputTokens: 7,
    });
    expect(r.models).toEqual(['model-a', 'model-b']);
    expect(parseAmpResult([assistant(undefined), result()].join('\n'), '', 0).usage).toBe(
      undefined,
    );
  });

  it('takes the thread id from the init event when the result has none, and only from init', () => {
    const stdout = [
      line({ type: 'system', subtype: 'other', session_id: 'T-other' }),
      line({ type: 'system', subtype: 'init', session_id: 'T-init' }),
      result(),
    ].join('\n');
    expect(parseAmpResult(stdout, '', 0).sessionId).toBe('T-init');
    expect(parseAmpResult(result({ session_id: 'T-result' }), '', 0).sessionId).toBe('T-result');
    expect(
      parseAmpResult(
        line({ type: 'system', subtype: 'other', session_id: 'T-x' }) + '\n' + result(),
        '',
        0,
      ).sessionId,
    ).toBeUndefined();
  });

  it('says why a result failed: the turn limit, an error subtype, is_error, or a non-zero exit', () => {
    expect(parseAmpResult(result({ subtype: 'error_max_turns' }), '', 1).error).toBe(
      'amp stopped after reaching its turn limit',
    );
    expect(
      parseAmpResult(result({ subtype: 'error_tool', result: '  it broke  ' }), '', 1).error,
    ).toBe('amp failed (error_tool): it broke');
    expect(parseAmpResult(result({ is_error: true, result: '' }), '', 1).error).toBe(
      'amp failed (success)',
    );
    const exited = parseAmpResult(result(), 'segfault near here\n', 2);
    expect(exited).toMatchObject({
      ok: false,
      error: 'amp exited with code 2: segfault near here',
    });
    expect(parseAmpResult(result(), '', 2).error).toBe('amp exited with code 2');
    expect(parseAmpResult(result(), 'noise', 0)).toMatchObject({
      ok: true,
      error: undefined,
      text: 'done',
    });
  });

  it('reads a limit and a login only from a failed run', () => {
    const ok = parseAmpResult(result({ result: 'rate limit exceeded; amp login' }), '', 0);
    expect(ok).toMatchObject({ ok: true, limit: undefined, unavailable: undefined });
    const failed = parseAmpResult(
      result({ is_error: true, result: '429 rate limit exceeded' }),
      '',
      1,
    );
    expect(failed.limit).toMatchObject({ kind: 'rate_limit' });
    expect(failed.unavailable).toBeUndefined();
    const noResult = parseAmpResult('', 'Invalid API key\n', 1);
    expect(noResult).toMatchObject({ unavailable: 'not logged in' });
    expect(noResult.error).toBe(
      'amp exited with code 1 without a result (expected JSON lines from --stream-json): Invalid API key',
    );
    expect(parseAmpResult('', '', 1).error).toBe(
      'amp exited with code 1 without a result (expected JSON lines from --stream-json); it printed nothing',
    );
  });
});
