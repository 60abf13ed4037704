// The tty reporter's state for one run: its events become iteration and step items that the
// task list's slots wait for.
import type { MmmEvent } from '../events.js';
import type { Colors } from './format.js';
import { describeStop, messages } from './messages.js';
import { createDeferred, createQueue } from './queue.js';
import { createStepTracker, type StepView } from './step-track.js';
import { formatSummary } from './summary.js';
import type { IterationItem, RunItem, StepItem } from './tty-tasks.js';

export interface TtyRun {
  item: RunItem;
  handle(event: MmmEvent): void;
  /** The step attempt running now, if any. */
  running(): StepItem | undefined;
  /** Settles everything still open (the run ended or the stream stopped). */
  end(): void;
  /** Summary lines, once run.finished arrived. */
  summary(): string[] | undefined;
}

export function createTtyRun(title: string | undefined, c: Colors): TtyRun {
  const item: RunItem = { title, iterations: createQueue() };
  const items = new Map<string, StepItem>();
  let current: IterationItem | undefined;
  let running: StepItem | undefined;
  let maxIterations: number | undefined;
  let summary: string[] | undefined;
  let ended = false;

  const openIteration = (n: number, of: number) => {
    current?.steps.push(null);
    current = {
      title: `iteration ${String(n)}/${String(of)}`,
      steps: createQueue(),
      wrapper: undefined,
      failed: false,
    };
    item.iterations.push(current);
  };
  const setIterationTitle = (text: string) => {
    if (!current) return;
    current.title = text;
    if (current.wrapper) current.wrapper.title = text;
  };
  const addStep = (view: StepView): StepItem => {
    if (!current) openIteration(view.iteration, view.of);
    const step: StepItem = {
      view,
      done: createDeferred(),
      startedAt: Date.now(),
      wrapper: undefined,
      early: [],
      pause: undefined,
      note: undefined,
    };
    items.set(view.key, step);
    current?.steps.push(step);
    return step;
  };
  const tracker = createStepTracker({
    onStart: (view) => (running = addStep(view)),
    onSettled: (view) => {
      const step = items.get(view.key) ?? addStep(view);
      items.delete(view.key);
      if (running === step) running = undefined;
      step.done.resolve();
    },
  });

  const end = () => {
    if (ended) return;
    ended = true;
    tracker.flush();
    for (const step of items.values()) {
      if (step.view.status === 'running') {
        step.view.status = 'failed';
        step.view.error = messages.noRunFinished;
      }
      step.done.resolve();
    }
    items.clear();
    running = undefined;
    current?.steps.push(null);
    item.iterations.push(null);
  };

  const handle = (event: MmmEvent) => {
    tracker.push(event);
    switch (event.type) {
      case 'run.started':
      case 'run.resumed':
        maxIterations = event.maxIterations;
        return;
      case 'run.state':
        // The summary at run.finished says how the run ended.
        return;
      case 'iteration.started':
        openIteration(event.iteration, event.of);
        return;
      case 'iteration.finished':
        if (current)
          setIterationTitle(`${current.title} · ${messages.iterationFinished(event.commits)}`);
        return;
      case 'run.finished':
        if (event.status !== 'completed' && current) {
          current.failed = true;
          setIterationTitle(c.red(`${current.title} · ${describeStop(event.reason)}`));
        }
        summary = formatSummary(event, maxIterations, tracker.failed(), c);
        end();
        return;
      case 'run.paused':
        if (running) running.pause = { reason: event.reason, until: Date.parse(event.until) };
        return;
      case 'run.continued':
        if (running) running.pause = undefined;
        return;
      case 'gate.proposed':
        if (current) setIterationTitle(`${current.title} · ${messages.gateProposed(event)}`);
        return;
      case 'gate.decided':
        if (current && event.gate !== 'auto') {
          setIterationTitle(`${current.title} · ${messages.gateDecided(event)}`);
        }
        return;
      case 'agent.started':
        if (running && event.continues !== undefined) {
          running.note = messages.continuingConversation(event.continues);
        }
        return;
      case 'step.kept_out':
        if (running) running.note = c.yellow(messages.keptOut(event.paths));
        return;
      case 'agent.conversation_missing':
        if (running) running.note = c.yellow(messages.conversationMissing(event.conversationId));
        return;
      case 'step.started':
      case 'step.skipped':
      case 'agent.call':
      case 'step.finished':
      case 'step.committed':
      case 'policy.violation':
      case 'agent.fallback':
      case 'step.not_converging':
        // Steps are drawn by the tracker's hooks; the summary names the packet.
        return;
    }
  };

  return { item, handle, running: () => running, end, summary: () => summary };
}
