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
