// Builds normalized playbook model objects by hand, so engine tests do not depend on the loader.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAgentAdapter } from '../../src/agents/index.js';
import type { MmmEvent } from '../../src/events.js';
import { newRunId } from '../../src/engine/run-id.js';
import { runPlaybook } from '../../src/engine/run.js';
import type { EngineDeps, RunOptions, RunSummary } from '../../src/engine/types.js';
import { exec, type Exec } from '../../src/infra/exec.js';
import type {
  Expr,
  FailureHandler,
  Playbook,
  Step,
  Template,
  TemplatePart,
  VarRef,
} from '../../src/playbook/model.js';

const pos = { file: 'test.yml', line: 1, col: 1 };

export const ref = {
  step: (id: string, field: string): VarRef => ({ kind: 'step', id, field }),
  shell: (): VarRef => ({ kind: 'shell_output' }),
  arg: (): VarRef => ({ kind: 'arg' }),
  item: (): VarRef => ({ kind: 'item' }),
  iteration: (): VarRef => ({ kind: 'iteration' }),
  env: (name: string): VarRef => ({ kind: 'env', name }),
};

/** A template whose interpolations are variable references: t`cat ${ref.step('a', 'output')}`. */
export function t(strings: TemplateStringsArray | string, ...refs: VarRef[]): Template {
  const texts = typeof strings === 'string' ? [strings] : [...strings];
  const parts: TemplatePart[] = [];
  texts.forEach((text, i) => {
    if (text) parts.push({ kind: 'text', text });
    const r = refs[i];
    if (r) parts.push({ kind: 'var', ref: r, raw: '${var}', pos, quoting: 'none' });
  });
  return { source: texts.join('${var}'), parts };
}

export const cond = {
  v: (r: VarRef): Expr => ({ kind: 'var', ref: r, pos }),
  lit: (value: string | number | boolean): Expr => ({ kind: 'literal', value }),
  eq: (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '==', left, right }),
};

type StepFields = Partial<Omit<Step, 'onFailure'>> & {
  onFailure?: Partial<FailureHandler> & { step: Step };
};

function step(kind: Step['kind'], command: string | Template, fields: StepFields): Step {
  const template = typeof command === 'string' ? t(command) : command;
  const { onFailure, ...rest } = fields;
  return {
    index: 0,
    id: undefined,
    label: fields.id ?? `${kind} ${template.source.slice(0, 30)}`,
    kind,
    command: template,
    commitRequired: false,
    timeoutMs: undefined,
    env: {},
    workingDir: undefined,
    when: undefined,
    onSuccess: undefined,
    captureOutput: true,
    outputs: {},
    policy: undefined,
    gate: undefined,
    ackWindowMs: undefined,
    agent: undefined,
    pos,
    ...rest,
    onFailure: onFailure && {
      maxAttempts: kind === 'shell' ? 3 : 1,
      failWorkflow: true,
      stopOnRepeat: 2,
      ...onFailure,
    },
  };
}

export const shell = (command: string | Template, fields: StepFields = {}) =>
  step('shell', command, fields);
export const claude = (prompt: string | Template, fields: StepFields = {}) =>
  step('claude', prompt, fields);

function withIndex(s: Step, index: number): Step {
  return {
    ...s,
    index,
    onSuccess: s.onSuccess && withIndex(s.onSuccess, index),
    onFailure: s.onFailure && { ...s.onFailure, step: withIndex(s.onFailure.step, index) },
  };
}

export function playbook(steps: Step[], fields: Partial<Playbook> = {}): Playbook {
  return {
    file: 'test.yml',
    source: '',
    hash: 'f'.repeat(64),
    form: 'mapping',
    name: 'test',
    maxIterations: 1,
    until: undefined,
    agent: {
      tool: 'claude',
      model: undefined,
      permissionMode: undefined,
      allowedTools: [],
      disallowedTools: [],
      maxTurns: undefined,
      timeoutMs: undefined,
      appendSystemPrompt: undefined,
      waitOnLimitMs: undefined,
      idleTimeoutMs: undefined,
      resumeConversation: false,
      fallback: [],
    },
    budget: { maxCostUsd: undefined, maxAgentCalls: undefined, maxDurationMs: undefined },
    env: {},
    policy: {},
    gate: 'auto',
    ackWindowMs: 600_000,
    ...fields,
    steps: steps.map(withIndex),
  };
}

export interface RunResult {
  summary: RunSummary;
  events: MmmEvent[];
  runId: string;
  of: <T extends MmmEvent['type']>(type: T) => Extract<MmmEvent, { type: T }>[];
}

/** Runs a playbook in cwd with real processes, started through `through` (default: exec). */
export async function run(
  cwd: string,
  pb: Playbook,
  options: Partial<RunOptions> = {},
  env: Record<string, string> = {},
  through: Exec = exec,
  clock: Pick<EngineDeps, 'now' | 'sleep'> = { now: () => new Date() },
): Promise<RunResult> {
  const events: MmmEvent[] = [];
  const runId = options.runId ?? newRunId();
  const deps: EngineDeps = {
    exec: through,
    getAgent: getAgentAdapter,
    ...clock,
    env: { ...process.env, ...env },
  };
  const summary = await runPlaybook(
    {
      playbook: pb,
      cwd,
      runId,
      outputDir: join(mkdtempSync(join(tmpdir(), 'mmm-out-')), runId),
      signal: new AbortController().signal,
      interruptedBy: () => undefined,
      sink: (e) => events.push(e),
      ...options,
    },
    deps,
  );
  const of = <T extends MmmEvent['type']>(type: T) =>
    events.filter((e): e is Extract<MmmEvent, { type: T }> => e.type === type);
  return { summary, events, runId, of };
}
