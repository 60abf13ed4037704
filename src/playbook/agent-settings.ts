// `agent:` into AgentSettings, with the tool and the settings it can honour checked at load time:
// a value only the agent would refuse would otherwise surface after earlier steps had run.
import { isSeq, type Node } from 'yaml';
import { getAgentAdapter, knownAgentTools } from '../agents/index.js';
import { unsupportedSettings } from '../agents/support.js';
import { parseDuration } from './duration.js';
import type { AgentChoice, AgentSettings } from './model.js';
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

/** Each setting written here that `tool` cannot honour, at its own line. */
function checkSupport(
  ctx: NormalizeContext,
  tool: string,
  f: Map<string, Field> | undefined,
  written: Partial<AgentSettings>,
): void {
  if (!knownAgentTools().includes(tool)) return;
  const adapter = getAgentAdapter(tool);
  for (const problem of unsupportedSettings(adapter, written)) {
    const field = f?.get(problem.key);
    const mode = problem.key === 'permission_mode' ? written.permissionMode : undefined;
    const next =
      mode === undefined || adapter.supports.permissionModes.length === 0
        ? ''
        : didYouMean(mode, adapter.supports.permissionModes) ||
          "; use one of them, or leave it out for the agent's default";
    ctx.problems.push({ ...ctx.locator.node(field?.value), message: problem.message + next });
  }
}

/** Default of `agent.wait_on_limit`: a subscription's usage limit lifts within five hours. */
export const DEFAULT_WAIT_ON_LIMIT_MS = 6 * 3_600_000;

/** `false` turns waiting off; absent is the default; any other value is a duration (schema-checked). */
function readWaitOnLimit(field: Field | undefined): number | undefined {
  if (field === undefined) return DEFAULT_WAIT_ON_LIMIT_MS;
  const value = scalar(field.value);
  return value === false ? undefined : parseDuration(value);
}

/** An agent to fall back to, as `agent.fallback` lists them. */
function readFallback(ctx: NormalizeContext, field: Field | undefined): AgentChoice[] | undefined {
  if (!field) return undefined;
  const items = field.value && isSeq(field.value) ? field.value.items : [];
  return items.map((item) => {
    const f = fields(ctx, item);
    checkTool(ctx, f?.get('tool'));
    return {
      tool: readString(f?.get('tool')?.value) ?? 'claude',
      model: readString(f?.get('model')?.value),
    };
  });
}

/**
 * The settings `agent:` writes, and only those (a step's own go over the playbook's one by one);
 * problems go to ctx.problems. `tool` is the tool they apply to when they name none.
 */
export function readAgentFields(
  ctx: NormalizeContext,
  node: Node | undefined,
  defaultTool: string,
): Partial<AgentSettings> {
  const f = fields(ctx, node);
  const written: Partial<AgentSettings> = {};
  const has = (key: string) => f?.get(key) !== undefined;
  const text = (key: string) => readString(f?.get(key)?.value);
  checkTool(ctx, f?.get('tool'));
  if (has('tool')) written.tool = text('tool') ?? defaultTool;
  if (has('model')) written.model = text('model');
  if (has('permission_mode')) written.permissionMode = text('permission_mode');
  if (has('allowed_tools')) written.allowedTools = readStrings(ctx, f?.get('allowed_tools')?.value);
  if (has('disallowed_tools'))
    written.disallowedTools = readStrings(ctx, f?.get('disallowed_tools')?.value);
  if (has('max_turns')) {
    const turns = readInt(f?.get('max_turns')?.value);
    written.maxTurns = turns !== undefined && turns >= 1 ? turns : undefined;
  }
  if (has('timeout')) written.timeoutMs = parseDuration(scalar(f?.get('timeout')?.value));
  if (has('append_system_prompt')) written.appendSystemPrompt = text('append_system_prompt');
  if (has('wait_on_limit')) written.waitOnLimitMs = readWaitOnLimit(f?.get('wait_on_limit'));
  if (has('idle_timeout'))
    written.idleTimeoutMs = parseDuration(scalar(f?.get('idle_timeout')?.value));
  if (has('resume_conversation'))
    written.resumeConversation = readBool(f?.get('resume_conversation')?.value, false);
  const fallback = readFallback(ctx, f?.get('fallback'));
  if (fallback) written.fallback = fallback;
  checkSupport(ctx, text('tool') ?? defaultTool, f, written);
  return written;
}

/** The agent settings, defaults written out; problems go to ctx.problems. */
export function readAgent(ctx: NormalizeContext, node: Node | undefined): AgentSettings {
  const written = readAgentFields(ctx, node, 'claude');
  return {
    tool: written.tool ?? 'claude',
    model: written.model,
    permissionMode: written.permissionMode,
    allowedTools: written.allowedTools ?? [],
    disallowedTools: written.disallowedTools ?? [],
    maxTurns: written.maxTurns,
    timeoutMs: written.timeoutMs,
    appendSystemPrompt: written.appendSystemPrompt,
    waitOnLimitMs: 'waitOnLimitMs' in written ? written.waitOnLimitMs : DEFAULT_WAIT_ON_LIMIT_MS,
    idleTimeoutMs: written.idleTimeoutMs,
    resumeConversation: written.resumeConversation ?? false,
    fallback: written.fallback ?? [],
  };
}
