import { describe, expect, it } from 'vitest';
import { parseClaudeResult } from '../../../src/agents/claude-result.js';
import { excerpt } from '../../../src/agents/format.js';
import { getAgentAdapter, knownAgentTools } from '../../../src/agents/index.js';

const result = (fields: object) => JSON.stringify({ type: 'result', ...fields });
const parse = (stdout: string, exitCode: number | null = 0, stderr = '') =>
  parseClaudeResult(stdout, stderr, exitCode);

describe('what a failed claude call says', () => {
  it('explains a turn limit without a turn count when the CLI gave none', () =>
    expect(parse(result({ subtype: 'error_max_turns', is_error: true }), 1).error).toBe(
      'claude stopped after reaching its turn limit; raise agent.max_turns or split the step',
    ));
  it('quotes what the CLI said at the spending limit', () =>
    expect(parse(result({ subtype: 'error_max_budget_usd', result: ' over $2 ' }), 1).error).toBe(
      'claude stopped because the spending limit passed as --max-budget-usd was reached: over $2',
    ));
  it('says the bare reason for a failed execution that gave no words', () =>
    expect(parse(result({ subtype: 'error_during_execution' }), 1).error).toBe(
      'claude failed during execution',
    ));
  it('lists structured errors as JSON, skipping empty ones', () =>
    expect(
      parse(result({ subtype: 'error_during_execution', errors: ['', { code: 7 }, 'late'] }), 1)
        .error,
    ).toBe('claude failed during execution: {"code":7}; late'));
  it('prefers the result text over the error list', () =>
    expect(
      parse(result({ subtype: 'error_during_execution', result: 'it broke', errors: ['x'] }), 1)
        .error,
    ).toBe('claude failed during execution: it broke'));
  it('names an error subtype it does not know, with what was said', () => {
    expect(parse(result({ subtype: 'error_new_kind', result: 'why' }), 1).error).toBe(
      'claude failed (error_new_kind): why',
    );
    expect(parse(result({ subtype: 'error_new_kind' }), 0).error).toBe(
      'claude failed (error_new_kind)',
    );
  });
  it('takes a non-error subtype it does not know as success when all else says so', () =>
    expect(parse(result({ subtype: 'partial', result: 'fine' }), 0)).toMatchObject({
      ok: true,
      error: undefined,
    }));
  it('says an error was reported when the CLI flagged one without words', () =>
    expect(parse(result({ subtype: 'success', is_error: true }), 0).error).toBe(
      'claude reported an error (success)',
    ));
  it('does not take a truthy is_error that is not true as an error', () =>
    expect(parse(result({ is_error: 'yes', result: 'ok' }), 0).ok).toBe(true));
  it('quotes the text of a success object from a process that failed', () => {
    expect(parse(result({ result: 'half done' }), 1).error).toBe(
      'claude exited with code 1: half done',
    );
    expect(parse(result({}), null).error).toBe('claude exited with code null');
  });
  it('says when there was no result object and only stdout or stderr had text', () => {
    expect(parse('  ', 1, 'fatal: no').error).toBe(
      'claude exited with code 1 without a result object (expected JSON from --output-format stream-json); stderr: fatal: no',
    );
    expect(parse('plain words', 1, ' \n').error).toBe(
      'claude exited with code 1 without a result object (expected JSON from --output-format stream-json); stdout: plain words',
    );
  });
  it('explains the root refusal only when the call failed', () => {
    const refusal = 'cannot be used with root/sudo privileges';
    expect(parse(result({ result: 'ok' }), 0, refusal)).toMatchObject({
      ok: true,
      error: undefined,
    });
    expect(parse(refusal, 1).error).toMatch(/^claude refuses .* \(claude said: cannot be used/);
  });
});

describe('what a claude result reports', () => {
  it('takes the last result object of several', () =>
    expect(parse(`${result({ result: 'first' })}\n  ${result({ result: 'last' })}  \n`).text).toBe(
      'last',
    ));
  it('reads a result object on a line with surrounding spaces', () =>
    expect(parse(`noise\n   ${result({ result: 'spaced' })}\n`).text).toBe('spaced'));
  it('leaves usage, models, denials, turns and cost empty when the CLI sent none', () =>
    expect(
      parse(
        result({
          usage: 'n/a',
          modelUsage: null,
          permission_denials: {},
          num_turns: 'many',
          total_cost_usd: Infinity,
        }),
      ),
    ).toMatchObject({
      usage: undefined,
      models: [],
      permissionDenials: [],
      numTurns: undefined,
      costUsd: undefined,
      sessionId: undefined,
      text: '',
      budgetReached: false,
    }));
  it('keeps the raw output and stderr, and the exit code', () =>
    expect(parse(result({}), 0, 'warn')).toMatchObject({
      raw: result({}),
      stderr: 'warn',
      exitCode: 0,
    }));
});

describe('excerpts in messages', () => {
  it('puts the text on one line and cuts it at the limit with an ellipsis', () => {
    expect(excerpt('  a\n\tb   c \n')).toBe('a b c');
    expect(excerpt('x'.repeat(300))).toBe('x'.repeat(300));
    expect(excerpt('x'.repeat(301))).toBe(`${'x'.repeat(300)}…`);
    expect(excerpt('abcdef', 3)).toBe('abc…');
  });
});

describe('agent tools', () => {
  it('knows claude first, and nothing inherited from objects', () => {
    expect(knownAgentTools()[0]).toBe('claude');
    expect(knownAgentTools()).toEqual(
      expect.arrayContaining(['amp', 'cursor', 'copilot', 'opencode']),
    );
    expect(getAgentAdapter('claude').name).toBe('claude');
    expect(() => getAgentAdapter('toString')).toThrow(/unknown agent tool "toString"/);
  });
});
