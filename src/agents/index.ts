import { UsageError } from '../errors.js';
import { ampAdapter } from './amp.js';
import { claudeAdapter } from './claude.js';
import { copilotAdapter } from './copilot.js';
import { cursorAdapter } from './cursor.js';
import { codexAdapter } from './codex.js';
import { geminiAdapter } from './gemini.js';
import { opencodeAdapter } from './opencode.js';
import type { AgentAdapter } from './types.js';

// One file per agent CLI; add a new one here by name.
const adapters: Readonly<Record<string, AgentAdapter>> = {
  claude: claudeAdapter,
  amp: ampAdapter,
  cursor: cursorAdapter,
  copilot: copilotAdapter,
  codex: codexAdapter,
  gemini: geminiAdapter,
  opencode: opencodeAdapter,
};

/** Names accepted by `agent: { tool: ... }`. */
export function knownAgentTools(): string[] {
  return Object.keys(adapters);
}

/** The adapter for an agent tool name; a UsageError (exit 2) naming the known tools otherwise. */
export function getAgentAdapter(tool: string): AgentAdapter {
  const adapter = Object.hasOwn(adapters, tool) ? adapters[tool] : undefined;
  if (!adapter) {
    throw new UsageError(
      `unknown agent tool "${tool}"; known tools: ${knownAgentTools().join(', ')}`,
    );
  }
  return adapter;
}

export type {
  AgentAdapter,
  AgentInfo,
  AgentRequest,
  AgentResult,
  AgentUsage,
  AuthStatus,
} from './types.js';
