// The three top-level forms (bare list, commands:, full mapping) into one Playbook.
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { isAlias, isSeq, type Node } from 'yaml';
import { findControl, flattenControls } from '../infra/control-chars.js';
import { knownAgentTools } from '../agents/index.js';
import { readAgent } from './agent-settings.js';
import { readPolicy } from './policy.js';
import { parseDuration } from './duration.js';
import {
  DEFAULT_ACK_WINDOW_MS,
  type Budget,
  type Playbook,
  type PlaybookForm,
  type Step,
  type Template,
  type TemplatePart,
} from './model.js';
import {
  nestedStep,
  normalizeStep,
  readGate,
  readId,
  readOutputs,
  stepLabel,
  type ListEntry,
} from './normalize-step.js';
import {
  checkNotBlank,
  deref,
  fields,
  readBool,
  readEnv,
  readInt,
  readNumber,
  readString,
  readTemplate,
  scalar,
  type NormalizeContext,
} from './yaml-access.js';

function readSteps(ctx: NormalizeContext, node: Node | undefined): Step[] {
  const seq = deref(ctx, node);
  if (!isSeq(seq)) return [];
  const steps: Step[] = [];
  seq.items.forEach((item, i) => {
    const entry = { alias: isAlias(item) ? item : undefined };
    const step = normalizeStep(ctx, deref(ctx, item), i, entry);
    if (step) steps.push(step);
  });
  return steps;
}

/** `mmm-lint` or `{name, args, commit_required, id, outputs}` as a claude step `/name args…`. */
function commandStep(
  ctx: NormalizeContext,
  node: Node | undefined,
  index: number,
  entry: ListEntry,
): Step | undefined {
  if (!node) return undefined;
  const f = fields(ctx, node);
  const nameNode = f ? f.get('name')?.value : node;
  checkNotBlank(ctx, nameNode, f ? '`name`' : `command ${index + 1}`);
  const name = readString(nameNode);
  const nameTemplate = readTemplate(ctx, nameNode, false);
  if (name === undefined || name.trim() === '' || !nameTemplate) return undefined;
  const slash = name.startsWith('/') ? [] : [{ kind: 'text' as const, text: '/' }];
  const parts: TemplatePart[] = [...slash, ...nameTemplate.parts];
  const sources = [`${slash.length > 0 ? '/' : ''}${name}`];
  const args = deref(ctx, f?.get('args')?.value);
  for (const item of isSeq(args) ? args.items : []) {
    const arg = readTemplate(ctx, deref(ctx, item), false);
    if (!arg) continue;
    parts.push({ kind: 'text', text: ' ' }, ...arg.parts);
    sources.push(arg.source);
  }
  // Neighbouring text parts are merged so the template looks as if written in one piece.
  const merged: TemplatePart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (part.kind === 'text' && last?.kind === 'text') last.text += part.text;
    else merged.push(part.kind === 'text' ? { ...part } : part);
  }
  const command: Template = { source: sources.join(' '), parts: merged };
  const id = f ? readId(ctx, f.get('id'), node, entry) : undefined;
  return {
    index,
    id,
    label: stepLabel(id, 'claude', command.source),
    kind: 'claude',
    command,
    commitRequired: readBool(f?.get('commit_required')?.value, false),
    timeoutMs: undefined,
    env: {},
    workingDir: undefined,
    when: undefined,
    onFailure: undefined,
    onSuccess: undefined,
    captureOutput: true,
    outputs: readOutputs(ctx, f?.get('outputs')?.value),
    policy: undefined,
    gate: readGate(f?.get('gate')?.value),
    ackWindowMs: parseDuration(scalar(f?.get('ack_window')?.value)),
    agent: undefined,
    pos: ctx.locator.node(node),
  };
}

function readBudget(ctx: NormalizeContext, node: Node | undefined): Budget {
  const f = fields(ctx, node);
  const cost = readNumber(f?.get('max_cost_usd')?.value);
  const calls = readInt(f?.get('max_agent_calls')?.value);
  return {
    maxCostUsd: cost !== undefined && cost > 0 ? cost : undefined,
    maxAgentCalls: calls !== undefined && calls >= 1 ? calls : undefined,
    maxDurationMs: parseDuration(scalar(f?.get('max_duration')?.value)),
  };
}

export interface NormalizeInput {
  file: string;
  source: string;
  form: PlaybookForm;
}

/**
 * The playbook's name, which goes into the subject of every commit a run makes
 * (`mmm(<name>): <step>`). It must be one line of plain text: a line break there would let the
 * name write lines of its own into the message, `Mmm-Run:` trailers among them. Without a name,
 * the file's name stands in, flattened to one line (a file name can hold a line break too).
 */
function readName(ctx: NormalizeContext, node: Node | undefined, file: string): string {
  const name = readString(node);
  if (name === undefined) return flattenControls(basename(file, extname(file)));
  const found = findControl(name);
  if (found !== undefined) {
    const what = found === '\n' || found === '\r' ? 'a line break' : 'a control character';
    ctx.problems.push({
      ...ctx.locator.node(node),
      message: `\`name\` must be one line of plain text, but it holds ${what} (${JSON.stringify(found)}); the name goes into the subject of every commit the run makes`,
    });
  }
  return name;
}

/** Builds the model from a parsed document; problems go to ctx.problems. */
export function normalizePlaybook(ctx: NormalizeContext, input: NormalizeInput): Playbook {
  const root = deref(ctx, ctx.doc.contents);
  const f = input.form === 'list' ? undefined : fields(ctx, root);
  // Read before the steps: a step's own agent settings are checked against the tool it runs.
  const tool = readString(fields(ctx, f?.get('agent')?.value)?.get('tool')?.value);
  ctx.agentTool = tool !== undefined && knownAgentTools().includes(tool) ? tool : 'claude';
  let steps: Step[];
  if (input.form === 'list') steps = readSteps(ctx, root);
  else if (input.form === 'commands') {
    const seq = deref(ctx, f?.get('commands')?.value);
    steps = [];
    (isSeq(seq) ? seq.items : []).forEach((item, i) => {
      const entry = { alias: isAlias(item) ? item : undefined };
      const step = commandStep(ctx, deref(ctx, item), i, entry);
      if (step) steps.push(step);
    });
  } else steps = readSteps(ctx, f?.get('steps')?.value);
  const iterations = readInt(f?.get('max_iterations')?.value);
  const untilField = f?.get('until');
  const envField = f?.get('env');
  const policyField = f?.get('policy');
  const env: Record<string, Template> = envField ? readEnv(ctx, envField.value) : {};
  return {
    file: input.file,
    source: input.source,
    hash: createHash('sha256').update(input.source).digest('hex'),
    form: input.form,
    name: readName(ctx, f?.get('name')?.value, input.file),
    maxIterations: iterations !== undefined && iterations >= 1 ? iterations : 1,
    until: untilField
      ? nestedStep(ctx, untilField.value, steps.length, 'the until check')
      : undefined,
    agent: readAgent(ctx, f?.get('agent')?.value),
    budget: readBudget(ctx, f?.get('budget')?.value),
    env,
    policy: policyField ? readPolicy(ctx, policyField.value) : {},
    gate: readGate(f?.get('gate')?.value) ?? 'auto',
    ackWindowMs: parseDuration(scalar(f?.get('ack_window')?.value)) ?? DEFAULT_ACK_WINDOW_MS,
    steps,
  };
}
