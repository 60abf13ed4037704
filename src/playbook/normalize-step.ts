// One step mapping (in steps:, a handler, or until:) into the model, defaults written out.
import { isMap, isScalar, type Alias, type Node } from 'yaml';
import { flattenControls } from '../infra/control-chars.js';
import { parseCondition } from './condition.js';
import { parseDuration } from './duration.js';
import { readAgentFields } from './agent-settings.js';
import { readPolicy } from './policy.js';
import type {
  AgentSettings,
  Expr,
  FailureHandler,
  GateKind,
  OutputSpec,
  Step,
  StepKind,
  Template,
} from './model.js';
import { RESERVED_IDS } from './variables.js';
import { writtenOutsideTree } from './working-dir.js';
import {
  checkNotBlank,
  fields,
  readBool,
  readEnv,
  readInt,
  readString,
  readTemplate,
  scalar,
  type Field,
  type NormalizeContext,
} from './yaml-access.js';

/** on_failure.stop_on_repeat when not given: two identical failures in a row end the loop. */
export const DEFAULT_STOP_ON_REPEAT = 2;

/** `stop_on_repeat`: a count of at least 2, or `false` for never (the schema checks the rest). */
function readStopOnRepeat(node: Node | undefined): number | undefined {
  const value = scalar(node);
  if (value === false) return undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= 2
    ? value
    : DEFAULT_STOP_ON_REPEAT;
}

/** max_attempts when on_failure does not say: shell steps are the test–fix loop. */
export const DEFAULT_MAX_ATTEMPTS: Record<StepKind, number> = { shell: 3, claude: 1 };

/**
 * Short label for progress lines and commit messages: one line of text whatever the command
 * holds (a CR or another control character in its first line becomes a space), so that it can
 * never add a line of its own to a commit message.
 */
export function stepLabel(id: string | undefined, kind: StepKind, command: string): string {
  if (id !== undefined) return id;
  const first = flattenControls(command.trim().split('\n')[0] ?? '');
  return `${kind}: ${first.length > 40 ? `${first.slice(0, 39)}…` : first}`;
}

/** A step written in `steps:` or `commands:`, where a repeated id is always a second step. */
export interface ListEntry {
  /** The alias when the entry is written `- *name`. */
  alias: Alias | undefined;
}

/** Where a repeated id in a list entry came from, for the message and its position. */
function repeatedBy(ctx: NormalizeContext, step: Node, field: Field, entry: ListEntry) {
  if (entry.alias) {
    return {
      at: ctx.locator.node(entry.alias),
      how: `, repeated here by alias *${entry.alias.source}`,
    };
  }
  const own = isMap(step) && step.items.some((pair) => pair.key === field.key);
  return own ? undefined : { at: ctx.locator.node(step), how: ', brought in by a merge key (<<)' };
}

export function readId(
  ctx: NormalizeContext,
  field: Field | undefined,
  step: Node,
  entry?: ListEntry,
): string | undefined {
  const id = readString(field?.value);
  if (id === undefined || !field) return undefined;
  const pos = ctx.locator.node(field.value);
  if (RESERVED_IDS.includes(id)) {
    ctx.problems.push({
      ...pos,
      message: `id \`${id}\` is reserved (\${${id}.…} means something else); choose another id`,
    });
  }
  const first = ctx.ids.get(id);
  if (first === undefined) {
    ctx.ids.set(id, pos);
    return id;
  }
  // A handler shared through an alias (`on_failure: *fix`) is one step read twice, not a second
  // declaration; an entry of the step list is a step of its own, whatever it was copied from.
  const same = first.line === pos.line && first.col === pos.col;
  if (same && !entry) return id;
  const repeat = entry ? repeatedBy(ctx, step, field, entry) : undefined;
  ctx.problems.push({
    ...(repeat?.at ?? pos),
    message: `duplicate id \`${id}\` (first used at line ${first.line}${repeat?.how ?? ''}); ids must be unique`,
  });
  return id;
}

export function readOutputs(
  ctx: NormalizeContext,
  node: Node | undefined,
): Record<string, OutputSpec> {
  const out: Record<string, OutputSpec> = {};
  for (const [name, field] of fields(ctx, node) ?? []) {
    const pattern = readString(fields(ctx, field.value)?.get('file_pattern')?.value);
    if (pattern !== undefined) out[name] = { filePattern: pattern };
  }
  return out;
}

function readWhen(ctx: NormalizeContext, node: Node | undefined): Expr | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'boolean') return { kind: 'literal', value: v };
  if (typeof v !== 'string') return undefined;
  const { expr, problems } = parseCondition(v, (i) => ctx.locator.inScalar(node, i));
  ctx.problems.push(...problems);
  return expr;
}

/**
 * A step that belongs to another (on_success) or to the playbook (until): it has no gate of its
 * own, since its commits land with those of the step or iteration it belongs to.
 */
export function nestedStep(
  ctx: NormalizeContext,
  node: Node | undefined,
  index: number,
  what: string,
): Step | undefined {
  const step = normalizeStep(ctx, node, index);
  for (const key of ['gate', 'ack_window']) {
    const field = fields(ctx, node)?.get(key);
    if (!field) continue;
    ctx.problems.push({
      ...ctx.locator.node(field.key),
      message: `\`${key}\` is not allowed on ${what}: gates are set on the steps of \`steps:\` (or on the playbook); move it to the step it belongs to`,
    });
  }
  return step;
}

/** A `gate:` value the schema accepted, or undefined. */
export function readGate(node: Node | undefined): GateKind | undefined {
  const value = readString(node);
  return value === 'auto' || value === 'ack' || value === 'approve' ? value : undefined;
}

/** A step mapping, or undefined when it is not one (the schema has said why). */
export function normalizeStep(
  ctx: NormalizeContext,
  node: Node | undefined,
  index: number,
  entry?: ListEntry,
): Step | undefined {
  const f = fields(ctx, node);
  if (!f || !node) return undefined;
  const pos = ctx.locator.node(node);
  const claude = f.get('claude');
  const shell = f.get('shell');
  if (claude && shell) {
    ctx.problems.push({
      ...ctx.locator.node(shell.key),
      message: 'a step has either `claude:` or `shell:`, not both; split it into two steps',
    });
  } else if (!claude && !shell) {
    ctx.problems.push({
      ...pos,
      message: 'a step needs `claude:` (an agent prompt) or `shell:` (a command)',
    });
  }
  const kind: StepKind = claude ? 'claude' : 'shell';
  checkNotBlank(ctx, (claude ?? shell)?.value, `\`${kind}\``);
  const command: Template = readTemplate(ctx, (claude ?? shell)?.value, kind === 'shell') ?? {
    source: '',
    parts: [],
  };
  const id = readId(ctx, f.get('id'), node, entry);
  const handler = f.get('on_failure');
  const success = f.get('on_success');
  const workingDir = f.get('working_dir');
  const policy = f.get('policy');
  const step: Step = {
    index,
    id,
    label: stepLabel(id, kind, command.source),
    kind,
    command,
    commitRequired: readBool(f.get('commit_required')?.value, false),
    timeoutMs: parseDuration(scalar(f.get('timeout')?.value)),
    env: readEnv(ctx, f.get('env')?.value),
    workingDir: workingDir ? readWorkingDir(ctx, workingDir.value) : undefined,
    when: readWhen(ctx, f.get('when')?.value),
    onFailure: handler ? readFailureHandler(ctx, handler.value, index, kind) : undefined,
    onSuccess: success ? nestedStep(ctx, success.value, index, 'an on_success step') : undefined,
    captureOutput: readBool(f.get('capture_output')?.value, true),
    outputs: readOutputs(ctx, f.get('outputs')?.value),
    policy: policy ? readPolicy(ctx, policy.value) : undefined,
    gate: readGate(f.get('gate')?.value),
    ackWindowMs: parseDuration(scalar(f.get('ack_window')?.value)),
    agent: readStepAgent(ctx, f.get('agent'), kind),
    pos,
  };
  // A handler without a policy of its own works on its step's change, under its step's rules.
  for (const handler of [step.onFailure?.step, step.onSuccess]) {
    if (handler && handler.policy === undefined) handler.policy = step.policy;
  }
  return step;
}

/** A step's own `agent:` settings; only a claude: step runs an agent to apply them to. */
function readStepAgent(
  ctx: NormalizeContext,
  field: Field | undefined,
  kind: StepKind,
): Partial<AgentSettings> | undefined {
  if (!field) return undefined;
  if (kind === 'shell') {
    ctx.problems.push({
      ...ctx.locator.node(field.key),
      message:
        '`agent:` settings apply to `claude:` steps; a `shell:` step runs no agent, so remove them here',
    });
    return undefined;
  }
  return readAgentFields(ctx, field.value, ctx.agentTool ?? 'claude');
}

function readWorkingDir(ctx: NormalizeContext, node: Node | undefined): Template | undefined {
  const template = readTemplate(ctx, node, false);
  const outside = template && writtenOutsideTree(template);
  if (outside) ctx.problems.push({ ...ctx.locator.node(node), message: outside });
  return template;
}

function readFailureHandler(
  ctx: NormalizeContext,
  node: Node | undefined,
  index: number,
  parentKind: StepKind,
): FailureHandler | undefined {
  const step = normalizeStep(ctx, node, index);
  if (!step) return undefined;
  const f = fields(ctx, node);
  const attempts = readInt(f?.get('max_attempts')?.value);
  return {
    step,
    maxAttempts:
      attempts !== undefined && attempts >= 1 ? attempts : DEFAULT_MAX_ATTEMPTS[parentKind],
    failWorkflow: readBool(f?.get('fail_workflow')?.value, true),
    stopOnRepeat: readStopOnRepeat(f?.get('stop_on_repeat')?.value),
  };
}
