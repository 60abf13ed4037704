import { describe, expect, it } from 'vitest';
import { buildClaudeArgs } from '../../../src/agents/claude.js';

const base = { prompt: '/mmm-lint', cwd: '/repo' };

describe('buildClaudeArgs', () => {
  it('asks for a stream of JSON events (which -p takes only with --verbose), the prompt left for standard input', () =>
    expect(buildClaudeArgs(base)).toEqual(['-p', '--output-format', 'stream-json', '--verbose']));
  it('never puts the prompt in an argument, whatever its size', () =>
    expect(buildClaudeArgs({ ...base, prompt: 'x'.repeat(200_000) }).join(' ')).not.toContain(
      'x'.repeat(100),
    ));
  it('passes the model', () =>
    expect(buildClaudeArgs({ ...base, model: 'sonnet' })).toContain('sonnet'));
  it('passes the permission mode', () =>
    expect(buildClaudeArgs({ ...base, permissionMode: 'acceptEdits' }).join(' ')).toContain(
      '--permission-mode acceptEdits',
    ));
  it('passes each allowed tool as its own argument', () =>
    expect(
      buildClaudeArgs({ ...base, allowedTools: ['Bash(npm test *)', 'Edit'] }).slice(-3),
    ).toEqual(['--allowedTools', 'Bash(npm test *)', 'Edit']));
  it('passes disallowed tools', () =>
    expect(buildClaudeArgs({ ...base, disallowedTools: ['WebFetch'] }).join(' ')).toContain(
      '--disallowedTools WebFetch',
    ));
  it('leaves out empty tool lists', () =>
    expect(buildClaudeArgs({ ...base, allowedTools: [] })).not.toContain('--allowedTools'));
  it('passes max turns', () =>
    expect(buildClaudeArgs({ ...base, maxTurns: 7 }).join(' ')).toContain('--max-turns 7'));
  it('passes the remaining budget', () =>
    expect(buildClaudeArgs({ ...base, maxBudgetUsd: 1.25 }).join(' ')).toContain(
      '--max-budget-usd 1.25',
    ));
  it('never passes a negative budget', () =>
    expect(buildClaudeArgs({ ...base, maxBudgetUsd: -0.5 }).join(' ')).toContain(
      '--max-budget-usd 0',
    ));
  it('appends a system prompt', () =>
    expect(buildClaudeArgs({ ...base, appendSystemPrompt: 'be brief' })).toContain('be brief'));
  it('starts the conversation under the id mmm chose', () =>
    expect(buildClaudeArgs({ ...base, conversationId: 'c0ffee' }).join(' ')).toContain(
      '--session-id c0ffee',
    ));
  it('continues an earlier conversation as a copy under the new id', () => {
    const args = buildClaudeArgs({ ...base, conversationId: 'new', continueConversation: 'old' });
    expect(args.join(' ')).toContain('--resume old --fork-session');
    expect(args.join(' ')).toContain('--session-id new');
  });
  it('continues no conversation unless asked', () =>
    expect(buildClaudeArgs({ ...base, conversationId: 'new' })).not.toContain('--resume'));
  it('cannot mistake a prompt starting with a dash for an option', () =>
    expect(buildClaudeArgs({ ...base, prompt: '-x' })).not.toContain('-x'));
  it('never passes --bare or skips permissions on its own', () =>
    expect(
      buildClaudeArgs({ ...base, model: 'm', allowedTools: ['Write'] }).filter((a) =>
        /bare|dangerously/.test(a),
      ),
    ).toEqual([]));
});
