import { describe, expect, it } from 'vitest';
import { buildGeminiArgs, geminiAdapter, geminiAuthStatus } from '../../../src/agents/gemini.js';
import { unsupportedSettings } from '../../../src/agents/support.js';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = (request: Partial<Parameters<typeof buildGeminiArgs>[0]>) =>
  buildGeminiArgs({ prompt: 'p', cwd: '/repo', ...request });

describe('buildGeminiArgs', () => {
  it('asks for JSON events, trusts the working tree, and leaves the prompt for stdin', () =>
    expect(args({ prompt: '--help me' })).toEqual([
      '--output-format',
      'stream-json',
      '--skip-trust',
    ]));
  it('passes the model and the conversation id mmm chose', () =>
    expect(args({ model: 'gemini-2.5-pro', conversationId: 'c-1' })).toEqual([
      '--output-format',
      'stream-json',
      '--skip-trust',
      '--model',
      'gemini-2.5-pro',
      '--session-id',
      'c-1',
    ]));
  it.each([
    ['acceptEdits', 'auto_edit'],
    ['bypassPermissions', 'yolo'],
    ['default', 'default'],
    ['dontAsk', 'default'],
    ['plan', 'plan'],
  ])('maps permission_mode %s to --approval-mode %s', (mode, approval) =>
    expect(args({ permissionMode: mode }).slice(3)).toEqual(['--approval-mode', approval]),
  );
  it('gives each allowed tool its own --allowed-tools', () =>
    expect(args({ allowedTools: ['write_file', 'run_shell_command(npm test)'] }).slice(3)).toEqual([
      '--allowed-tools',
      'write_file',
      '--allowed-tools',
      'run_shell_command(npm test)',
    ]));
});

describe('settings gemini cannot take', () => {
  it('refuses those it has no flag for, and the auto permission mode', () =>
    expect(
      unsupportedSettings(geminiAdapter, {
        permissionMode: 'auto',
        disallowedTools: ['run_shell_command'],
        maxTurns: 3,
        appendSystemPrompt: 'be brief',
        resumeConversation: true,
      }).map((u) => u.key),
    ).toEqual([
      'permission_mode',
      'disallowed_tools',
      'max_turns',
      'append_system_prompt',
      'resume_conversation',
    ]));
  it('has mmm write slash commands out', () => expect(geminiAdapter.slashCommands).toBe('mmm'));
});

describe('geminiAuthStatus', () => {
  const home = () => mkdtempSync(join(tmpdir(), 'mmm-gemini-auth-'));
  it('sees a key in GEMINI_API_KEY', () =>
    expect(geminiAuthStatus({ HOME: home(), GEMINI_API_KEY: 'k' })).toEqual({
      loggedIn: true,
      detail: 'api key from GEMINI_API_KEY',
    }));
  it('says no when nothing is set', () =>
    expect(geminiAuthStatus({ HOME: home() }).loggedIn).toBe(false));
  it('reads a Google login from the settings and saved credentials under GEMINI_CLI_HOME', () => {
    const dir = home();
    mkdirSync(join(dir, '.gemini'));
    const settings = { security: { auth: { selectedType: 'oauth-personal' } } };
    writeFileSync(join(dir, '.gemini', 'settings.json'), JSON.stringify(settings));
    expect(geminiAuthStatus({ HOME: home(), GEMINI_CLI_HOME: dir }).loggedIn).toBe(false);
    writeFileSync(join(dir, '.gemini', 'oauth_creds.json'), '{}');
    expect(geminiAuthStatus({ HOME: home(), GEMINI_CLI_HOME: dir })).toEqual({
      loggedIn: true,
      detail: 'Google login (oauth_creds.json)',
    });
  });
  it('needs a key or a project for Vertex AI', () => {
    expect(geminiAuthStatus({ HOME: home(), GOOGLE_GENAI_USE_VERTEXAI: 'true' }).loggedIn).toBe(
      false,
    );
    expect(
      geminiAuthStatus({ HOME: home(), GOOGLE_GENAI_USE_VERTEXAI: 'true', GOOGLE_API_KEY: 'k' })
        .loggedIn,
    ).toBe(true);
  });
});

describe('a prompt past what Gemini CLI reads', () => {
  it('fails the call before starting the CLI, instead of losing the end of the prompt', async () => {
    let started = false;
    const result = await geminiAdapter.run(
      { prompt: 'x'.repeat(8 * 1024 * 1024 + 1), cwd: '/repo' },
      {
        exec: () => {
          started = true;
          throw new Error('not to be started');
        },
        env: {},
      },
    );
    expect(started).toBe(false);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(
      /^the prompt is 8388609 bytes; gemini reads at most 8388608 bytes/,
    );
  });
});
