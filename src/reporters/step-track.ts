// Folds the per-step events (started, agent calls, finished, committed) into one view per step
// attempt. A step's commit may be reported just before or just after it finishes, so a finished
// step is only settled when an event about something else arrives (or on flush).
import type { MmmEvent } from '../events.js';
import { messages } from './messages.js';

/** What a reporter shows about one attempt of one step. */
export interface StepView {
  key: string;
  iteration: number;
  /** Iterations planned (the N of "n/N"). */
  of: number;
  stepIndex: number;
  stepId: string | undefined;
  label: string;
  kind: 'claude' | 'shell';
  role: 'step' | 'on_failure' | 'on_success' | 'until';
  attempt: number;
  status: 'running' | 'ok' | 'failed' | 'skipped';
  durationMs: number | undefined;
  exitCode: number | null | undefined;
  error: string | undefined;
  /** Why the step was skipped. */
  reason: string | undefined;
  commits: string[];
  /** Sum of the agent's reported costs; undefined when no call reported one. */
  costUsd: number | undefined;
  agentCalls: number;
  /** Warnings shown beside the step: policy rules of severity warn it broke, an agent repeating itself. */
  warnings: string[];
}

export interface StepTrackerHooks {
  onStart?: (view: StepView) => void;
  /** A step finished or was skipped, and everything about it has arrived. */
  onSettled?: (view: StepView) => void;
}

export interface StepTracker {
  /** Feed every event; returns nothing, calls the hooks. */
  push(event: MmmEvent): void;
  /** Settle the step still waiting for late events (at the end of the stream). */
  flush(): void;
  /** Settled failed attempts that no later attempt of the same step made good, in order. */
  failed(): StepView[];
}

type StepEvent = Extract<MmmEvent, { stepIndex: number }>;

function keyOf(e: StepEvent): string {
  return `${String(e.iteration)}:${String(e.stepIndex)}:${e.role}:${String(e.attempt)}`;
}

function newView(e: StepEvent, of: number): StepView {
  return {
    key: keyOf(e),
    iteration: e.iteration,
    of,
    stepIndex: e.stepIndex,
    stepId: e.stepId,
    label: e.label,
    kind: e.kind,
    role: e.role,
    attempt: e.attempt,
    status: 'running',
    durationMs: undefined,
    exitCode: undefined,
    error: undefined,
    reason: undefined,
    commits: [],
    costUsd: undefined,
    agentCalls: 0,
    warnings: [],
  };
}

export function createStepTracker(hooks: StepTrackerHooks = {}): StepTracker {
  let of = 1;
  const open = new Map<string, StepView>();
  let pending: StepView | undefined;
  const settled: StepView[] = [];

  const settle = () => {
    if (!pending) return;
    const view = pending;
    pending = undefined;
    open.delete(view.key);
    settled.push(view);
    hooks.onSettled?.(view);
  };

  const viewFor = (e: StepEvent): StepView => {
    const key = keyOf(e);
    let view = open.get(key);
    if (!view) {
      view = newView(e, of);
      open.set(key, view);
    }
    return view;
  };

  const push = (event: MmmEvent) => {
    const belongsToPending =
      pending !== undefined &&
      (event.type === 'step.committed' || event.type === 'agent.call') &&
      keyOf(event) === pending.key;
    if (!belongsToPending) settle();
    switch (event.type) {
      case 'run.started':
      case 'run.resumed':
        of = event.maxIterations;
        return;
      case 'iteration.started':
        of = event.of;
        return;
      case 'step.started':
        hooks.onStart?.(viewFor(event));
        return;
      case 'agent.call': {
        const view = viewFor(event);
        view.agentCalls += 1;
        if (event.costUsd !== undefined) view.costUsd = (view.costUsd ?? 0) + event.costUsd;
        if (event.unpriced !== undefined) view.warnings.push(event.unpriced);
        for (const r of event.repeatedToolCalls ?? []) {
          view.warnings.push(messages.repeatedToolCall(event.agent, r.tool, r.input, r.times));
        }
        return;
      }
      case 'step.committed':
        viewFor(event).commits.push(event.commit);
        return;
      case 'agent.fallback':
        viewFor(event).warnings.push(messages.fallback(event.from, event.to, event.reason));
        return;
      case 'policy.violation':
        // A block is the step's error; a warning is shown beside a step that went on, and so is
        // a rule that holds the change for approval (the gate then says what waits).
        if (event.severity === 'warn') viewFor(event).warnings.push(`policy ${event.message}`);
        if (event.severity === 'approve')
          viewFor(event).warnings.push(`policy ${event.message} (needs approval)`);
        return;
      case 'step.finished': {
        const view = viewFor(event);
        view.status = event.status;
        view.durationMs = event.durationMs;
        view.exitCode = event.exitCode;
        view.error = event.error;
        pending = view;
        return;
      }
      case 'step.skipped': {
        const view = viewFor(event);
        view.status = 'skipped';
        view.reason = event.reason;
        pending = view;
        settle();
        return;
      }
      case 'iteration.finished':
      case 'run.state':
      case 'step.not_converging':
      case 'run.paused':
      case 'run.continued':
      case 'agent.started':
      case 'agent.conversation_missing':
      case 'step.kept_out':
      case 'run.finished':
      case 'gate.proposed':
      case 'gate.decided':
        return;
    }
  };

  return {
    push,
    flush: settle,
    failed: () => unresolvedFailures(settled),
  };
}

const sameStep = (a: StepView, b: StepView) =>
  a.iteration === b.iteration && a.stepIndex === b.stepIndex && a.role === b.role;

function unresolvedFailures(settled: StepView[]): StepView[] {
  return settled.filter(
    (view, i) =>
      view.status === 'failed' &&
      !settled.slice(i + 1).some((later) => sameStep(later, view) && later.status === 'ok'),
  );
}
