import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unsupportedSettings } from '../../../src/agents/support.js';
import {
  buildOpencodeArgs,
  buildOpencodeEnv,
  opencodeAdapter,
  readAuthList,
} from '../../../src/agents/opencode.js';

const base = { prompt: '/mmm-lint', cwd: '/repo' };
const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/opencode/${name}`, import.meta.url), 'utf8');

describe('buildOpencodeArgs', () => {
  it('runs `opencode run` with JSON events in the working directory, the prompt left for standard input', () =>
    expect(buildOpencodeArgs({ ...base, conversationId: 'c-1' })).toEqual([
      'run',
      '--format',
      'json',
      '--dir=/repo',
      '--title=mmm c-1',
    ]));
  it('never puts the prompt in an argument, whatever its size', () =>
    expect(buildOpencodeArgs({ ...base, prompt: 'x'.repeat(200_000) }).join(' ')).not.toContain(
      'x'.repeat(100),
    ));
  it('passes the model as provider/model', () =>
    expect(
      buildOpencodeArgs({ ...base, model: 'anthropic/claude-sonnet-4-5' }).join(' '),
    ).toContain('--model anthropic/claude-sonnet-4-5'));
  it('runs plan mode as opencode’s read-only plan agent', () =>
    expect(buildOpencodeArgs({ ...base, permissionMode: 'plan' }).join(' ')).toContain(
      '--agent plan',
    ));
  it('runs bypassPermissions with --auto, and no other mode with it', () => {
    expect(buildOpencodeArgs({ ...base, permissionMode: 'bypassPermissions' })).toContain('--auto');
    expect(buildOpencodeArgs({ ...base, permissionMode: 'acceptEdits' })).not.toContain('--auto');
  });
});

describe('buildOpencodeEnv', () => {
  const rules = (mode: string) =>
    JSON.parse(
      buildOpencodeEnv({ ...base, permissionMode: mode }).OPENCODE_PERMISSION ?? '{}',
    ) as unknown;
  it('lets edits through and leaves shell commands to be refused under acceptEdits', () =>
    expect(rules('acceptEdits')).toEqual({ edit: 'allow', bash: 'ask', webfetch: 'ask' }));
  it('leaves edits to be refused under default (opencode run rejects every ask)', () =>
    expect(rules('default')).toMatchObject({ edit: 'ask', bash: 'ask' }));
  it('takes the tools away under dontAsk', () =>
    expect(rules('dontAsk')).toEqual({ edit: 'deny', bash: 'deny', webfetch: 'deny' }));
  it('adds nothing without a permission mode, so the user’s own opencode config decides', () =>
    expect(buildOpencodeEnv(base)).toEqual({}));
});

describe('the settings opencode takes', () => {
  it('refuses the settings it has no equivalent for, naming them', () =>
    expect(
      unsupportedSettings(opencodeAdapter, {
        permissionMode: 'auto',
        allowedTools: ['Edit'],
        maxTurns: 3,
        resumeConversation: true,
      }).map((s) => s.key),
    ).toEqual(['permission_mode', 'allowed_tools', 'max_turns', 'resume_conversation']));
  it('has mmm write slash commands out', () => expect(opencodeAdapter.slashCommands).toBe('mmm'));
});

describe('readAuthList', () => {
  it('reads a provider key found in the environment as logged in', () =>
    expect(readAuthList(fixture('auth-list-env.txt'))).toEqual({
      loggedIn: true,
      detail: 'Anthropic ANTHROPIC_API_KEY',
    }));
  it('reads no credentials as not logged in', () =>
    expect(readAuthList(fixture('auth-list-none.txt'))).toMatchObject({ loggedIn: false }));
});
