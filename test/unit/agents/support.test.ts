import { describe, expect, it } from 'vitest';
import { claudeAdapter } from '../../../src/agents/claude.js';
import { unsupportedSettings } from '../../../src/agents/support.js';
import type { AgentAdapter } from '../../../src/agents/types.js';

const bare: AgentAdapter = {
  ...claudeAdapter,
  name: 'bare',
  supports: {
    permissionModes: [],
    allowedTools: false,
    disallowedTools: false,
    maxTurns: false,
    appendSystemPrompt: false,
    resumeConversation: false,
  },
};

describe('settings an agent CLI cannot honour', () => {
  it('lets Claude Code take every setting', () => {
    expect(
      unsupportedSettings(claudeAdapter, {
        permissionMode: 'plan',
        allowedTools: ['Edit'],
        disallowedTools: ['Bash'],
        maxTurns: 3,
        appendSystemPrompt: 'be brief',
        resumeConversation: true,
      }),
    ).toEqual([]);
  });

  it('names each setting a CLI has no equivalent for, by its playbook key', () => {
    const found = unsupportedSettings(bare, {
      permissionMode: 'plan',
      allowedTools: ['Edit'],
      disallowedTools: [],
      maxTurns: 3,
      appendSystemPrompt: 'be brief',
      resumeConversation: false,
    });
    expect(found.map((f) => f.key)).toEqual([
      'permission_mode',
      'allowed_tools',
      'max_turns',
      'append_system_prompt',
    ]);
    expect(found[1]?.message).toContain('`allowed_tools` has no meaning for agent tool `bare`');
  });

  it('lists the modes a CLI takes when the one written is not among them', () => {
    expect(unsupportedSettings(claudeAdapter, { permissionMode: 'yolo' })[0]?.message).toContain(
      'modes: `acceptEdits`',
    );
  });
});
