import { describe, expect, it } from 'vitest';
import { parseClaudeResult } from '../../../src/agents/claude-result.js';

const ok = {
  type: 'result',
  subtype: 'success',
  is_error: false,
  result: 'Done: wrote hello.txt',
  session_id: 's-1',
  num_turns: 3,
  total_cost_usd: 0.0123,
  usage: { input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 5 },
  modelUsage: { 'claude-sonnet-4-5': {}, 'claude-haiku-4-5': {} },
  permission_denials: [{ tool_name: 'Bash' }],
};
const line = (o: object) => JSON.stringify(o);
const parse = (stdout: string, exitCode: number | null = 0, stderr = '') =>
  parseClaudeResult(stdout, stderr, exitCode);

describe('parseClaudeResult', () => {
  it('reads a success', () =>
    expect(parse(line(ok))).toMatchObject({
      ok: true,
      text: 'Done: wrote hello.txt',
      error: undefined,
    }));
  it('reads the session id, turns and cost', () =>
    expect(parse(line(ok))).toMatchObject({ sessionId: 's-1', numTurns: 3, costUsd: 0.0123 }));
  it('reads usage, defaulting missing counts to 0', () =>
    expect(parse(line(ok)).usage).toEqual({
      inputTokens: 10,
      outputTokens: 20,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 5,
    }));
  it('lists the models used', () =>
    expect(parse(line(ok)).models).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5']));
  it('keeps permission denials', () =>
    expect(parse(line(ok)).permissionDenials).toEqual([{ tool_name: 'Bash' }]));
  it('reads the legacy cost_usd field', () =>
    expect(parse(line({ ...ok, total_cost_usd: undefined, cost_usd: 0.5 })).costUsd).toBe(0.5));

  it('takes total_cost_usd over the legacy cost_usd when both are there, even when it is 0', () => {
    expect(parse(line({ ...ok, total_cost_usd: 0.3, cost_usd: 0.5 })).costUsd).toBe(0.3);
    expect(parse(line({ ...ok, total_cost_usd: 0, cost_usd: 0.5 })).costUsd).toBe(0);
    expect(parse(line({ ...ok, total_cost_usd: 'free', cost_usd: 0.5 })).costUsd).toBe(0.5);
    expect(parse(line({ ...ok, total_cost_usd: undefined })).costUsd).toBeUndefined();
  });

  it('takes a negative cost as no reported cost, so that it never gives a budget back', () => {
    expect(parse(line({ ...ok, total_cost_usd: -5 })).costUsd).toBeUndefined();
    expect(parse(line({ ...ok, total_cost_usd: -5, cost_usd: 0.25 })).costUsd).toBe(0.25);
  });
  it('skips noise lines around the result', () =>
    expect(parse(`warming up\n{"type":"system"}\n${line(ok)}\nbye\n`).ok).toBe(true));
  it('reads a pretty-printed result', () =>
    expect(parse(JSON.stringify(ok, null, 2)).sessionId).toBe('s-1'));
  it("fails with the CLI's own words when not logged in", () =>
    expect(
      parse(line({ ...ok, is_error: true, result: 'Not logged in · Please run /login' }), 1).error,
    ).toBe('Not logged in · Please run /login'));
  it('explains a turn limit', () =>
    expect(parse(line({ ...ok, subtype: 'error_max_turns', is_error: true }), 1).error).toMatch(
      /turn limit \(3 turns\).*max_turns/,
    ));
  it('explains a budget limit', () =>
    expect(
      parse(line({ ...ok, subtype: 'error_max_budget_usd', is_error: true, result: '' }), 1).error,
    ).toMatch(/spending limit.*--max-budget-usd/));
  it('marks a stop at the budget limit as a budget stop', () =>
    expect(
      parse(line({ ...ok, subtype: 'error_max_budget_usd', is_error: true }), 1).budgetReached,
    ).toBe(true));
  it('does not mark other failures as budget stops', () =>
    expect(parse(line({ ...ok, subtype: 'error_max_turns' }), 1).budgetReached).toBe(false));
  it('lists errors of a failed execution', () =>
    expect(
      parse(
        line({ ...ok, subtype: 'error_during_execution', result: undefined, errors: ['boom'] }),
        1,
      ).error,
    ).toBe('claude failed during execution: boom'));
  it('fails a success object when the process exited non-zero', () =>
    expect(parse(line(ok), 2).error).toMatch(/exited with code 2/));
  it('fails on garbage, quoting it with the exit code', () =>
    expect(parse('this is not json', 0, 'oops').error).toMatch(
      /code 0 without a result object.*stderr: oops; stdout: this is not json/,
    ));
  it('fails on empty output', () =>
    expect(parse('', 1).error).toMatch(/code 1 without a result object.*printed nothing/));
  it('ignores JSON that is not a result object', () =>
    expect(parse('{"type":"assistant"}').ok).toBe(false));
  it('explains the root refusal of bypassPermissions', () =>
    expect(
      parse(
        '',
        1,
        '--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons',
      ).error,
    ).toMatch(/as root.*permission_mode: acceptEdits.*IS_SANDBOX=1/));
  it('knows a conversation the CLI does not have, as claude 2.1 says it', () => {
    const said = 'No conversation found with session ID: 4b1c0e2a-0000-4000-8000-000000000000\n';
    expect(parse('', 1, said)).toMatchObject({ ok: false, conversationMissing: true });
  });
  it('knows a missing conversation from the errors of a stream-json result, as claude 2.1.197 says it', () => {
    const stream = JSON.stringify({
      type: 'result',
      subtype: 'error_during_execution',
      is_error: true,
      num_turns: 0,
      errors: ['No conversation found with session ID: 11111111-1111-1111-1111-111111111111'],
    });
    expect(parse(stream, 1, '')).toMatchObject({ ok: false, conversationMissing: true });
    const other = JSON.stringify({ type: 'result', is_error: true, errors: ['Overloaded'] });
    expect(parse(other, 1, '').conversationMissing).toBe(false);
  });
  it('tells a call no agent could have done (not logged in, crashed) from a failure of the work', () => {
    const said = (fields: object) => JSON.stringify({ type: 'result', is_error: true, ...fields });
    expect(parse(said({ result: 'Not logged in · Please run /login' }), 1).unavailable).toBe(
      'not logged in',
    );
    expect(parse(said({ result: 'API Error: 401 {"type":"error"}' }), 1).unavailable).toBe(
      'not logged in',
    );
    expect(parse('', 134, 'Segmentation fault').unavailable).toBe('crashed');
    expect(parse(said({ result: 'the tests still fail' }), 1).unavailable).toBeUndefined();
    expect(parse(said({ result: 'Not logged in' }).replace('true', 'false'), 0).unavailable).toBe(
      undefined,
    );
  });
  it('takes no other failure for a missing conversation', () => {
    expect(parse('', 1, 'Error: Session ID x is already in use.\n').conversationMissing).toBe(
      false,
    );
    expect(parse(line(ok), 0, 'No conversation found with session ID: x').conversationMissing).toBe(
      false,
    );
  });
});
