// `agent:` into AgentSettings, with the tool and its permission mode checked at load time: a
// value only the agent would refuse would otherwise surface after earlier steps had run.
import type { Node } from 'yaml';
import { knownAgentTools } from '../agents/index.js';
import { parseDuration } from './duration.js';
import type { AgentSettings } from './model.js';
import { didYouMean } from './suggest.js';
import {
  fields,
  readBool,
  readInt,
  readString,
  readStrings,
  scalar,
  type Field,
  type NormalizeContext,
} from './yaml-access.js';

/**
 * Permission modes each agent CLI accepts (Claude Code's `--permission-mode`, as docs/agents.md
 * lists them). A tool missing here has its mode passed on unchecked.
 */
export const PERMISSION_MODES: Readonly<Record<string, readonly string[]>> = {
  claude: ['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan'],
};

const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');

function checkTool(ctx: NormalizeContext, field: Field | undefined): void {
  const tool = readString(field?.value);
  const known = knownAgentTools();
  if (tool === undefined || tool === '' || known.includes(tool)) return;
  const next =
    didYouMean(tool, known) || '; use one of them, or leave out `tool` for the default, claude';
  ctx.problems.push({
    ...ctx.locator.node(field?.value),
    message: `unknown agent tool \`${tool}\` (known tools: ${list(known)})${next}`,
  });
}

function checkPermissionMode(ctx: NormalizeContext, tool: string, field: Field | undefined): void {
  const mode = readString(field?.value);
  const modes = Object.hasOwn(PERMISSION_MODES, tool) ? PERMISSION_MODES[tool] : undefined;
  if (mode === undefined || mode === '' || !modes || modes.includes(mode)) return;
  const next =
    didYouMean(mode, modes) || "; use one of them, or leave it out for the agent's default";
  ctx.problems.push({
    ...ctx.locator.node(field?.value),
    message: `unknown permission_mode \`${mode}\` for agent tool \`${tool}\` (modes: ${list(modes)})${next}`,
  });
}

/** Default of `agent.wait_on_limit`: a subscription's usage limit lifts within five hours. */
export const DEFAULT_WAIT_ON_LIMIT_MS = 6 * 3_600_000;

/** `false` turns waiting off; absent is the default; any other value is a duration (schema-checked). */
function readWaitOnLimit(field: Field | undefined): number | undefined {
  if (field === undefined) return DEFAULT_WAIT_ON_LIMIT_MS;
  const value = scalar(field.value);
  return value === false ? undefined : parseDuration(value);
}

/** The agent settings, defaults written out; problems go to ctx.problems. */
export function readAgent(ctx: NormalizeContext, node: Node | undefined): AgentSettings {
  const f = fields(ctx, node);
  const text = (key: string) => readString(f?.get(key)?.value);
  const turns = readInt(f?.get('max_turns')?.value);
  const tool = text('tool') ?? 'claude';
  checkTool(ctx, f?.get('tool'));
  checkPermissionMode(ctx, tool, f?.get('permission_mode'));
  return {
    tool,
    model: text('model'),
    permissionMode: text('permission_mode'),
    allowedTools: readStrings(ctx, f?.get('allowed_tools')?.value),
    disallowedTools: readStrings(ctx, f?.get('disallowed_tools')?.value),
    maxTurns: turns !== undefined && turns >= 1 ? turns : undefined,
    timeoutMs: parseDuration(scalar(f?.get('timeout')?.value)),
    appendSystemPrompt: text('append_system_prompt'),
    waitOnLimitMs: readWaitOnLimit(f?.get('wait_on_limit')),
    idleTimeoutMs: parseDuration(scalar(f?.get('idle_timeout')?.value)),
    resumeConversation: readBool(f?.get('resume_conversation')?.value, false),
  };
}
