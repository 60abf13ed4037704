// Which playbook agent settings an agent CLI cannot honour: such a setting makes the playbook
// invalid for that tool (exit 2) before anything runs, instead of being dropped without a word.
import type { AgentAdapter } from './types.js';

/** The agent settings as the playbook writes them (`agent:` keys), those that reach the CLI. */
export interface WrittenAgentSettings {
  permissionMode?: string | undefined;
  allowedTools?: readonly string[] | undefined;
  disallowedTools?: readonly string[] | undefined;
  maxTurns?: number | undefined;
  appendSystemPrompt?: string | undefined;
  resumeConversation?: boolean | undefined;
}

export interface UnsupportedSetting {
  /** The `agent:` key, as written in a playbook. */
  key: string;
  message: string;
}

const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');

/** Every setting `adapter` cannot honour, each with what to do instead. */
export function unsupportedSettings(
  adapter: AgentAdapter,
  settings: WrittenAgentSettings,
): UnsupportedSetting[] {
  const { supports, name } = adapter;
  const found: UnsupportedSetting[] = [];
  const none = (key: string) =>
    found.push({
      key,
      message: `\`${key}\` has no meaning for agent tool \`${name}\`; remove it, or set it only on the steps that run another tool`,
    });
  const mode = settings.permissionMode;
  if (mode !== undefined && mode !== '' && !supports.permissionModes.includes(mode)) {
    found.push({
      key: 'permission_mode',
      message:
        supports.permissionModes.length === 0
          ? `\`permission_mode\` has no meaning for agent tool \`${name}\`; remove it`
          : `unknown permission_mode \`${mode}\` for agent tool \`${name}\` (modes: ${list(supports.permissionModes)})`,
    });
  }
  if (settings.allowedTools?.length && !supports.allowedTools) none('allowed_tools');
  if (settings.disallowedTools?.length && !supports.disallowedTools) none('disallowed_tools');
  if (settings.maxTurns !== undefined && !supports.maxTurns) none('max_turns');
  if (settings.appendSystemPrompt && !supports.appendSystemPrompt) none('append_system_prompt');
  if (settings.resumeConversation === true && !supports.resumeConversation) {
    none('resume_conversation');
  }
  return found;
}
