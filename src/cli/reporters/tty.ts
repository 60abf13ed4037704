// tty reporter: a live listr2 task list on stderr ("iteration n/N", a line per step attempt), then
// the summary on stdout. The engine's events are turned into queued items the tasks wait for.
import type { Writable } from 'node:stream';
import type { MmmEvent } from '../../engine/events.js';
import type { Colors } from './format.js';
import { createLineSplitter } from './lines.js';
import { describeStop, messages } from './messages.js';
import { createDeferred, createQueue } from './queue.js';
import { createStepTracker, type StepView } from './step-track.js';
import { formatSummary } from './summary.js';
import { runningTitle, runTaskList, type IterationItem, type StepItem } from './tty-tasks.js';
import type { Reporter } from './types.js';

export interface TtyReporterOptions {
  verbose: boolean;
  stdout: Writable;
  stderr: Writable;
  colors: Colors;
}

const TICK_MS = 1000;

export function createTtyReporter(options: TtyReporterOptions): Reporter {
  const c = options.colors;
  const iterations = createQueue<IterationItem | null>();
  const items = new Map<string, StepItem>();
  let current: IterationItem | undefined;
  let running: StepItem | undefined;
  let list: Promise<void> | undefined;
  let maxIterations: number | undefined;
  let summary: string[] | undefined;
  let ended = false;

  const startList = () => {
    list ??= runTaskList(iterations, options.stderr, c, options.verbose).catch((error: unknown) => {
      options.stderr.write(`${c.red('error:')} task list: ${String(error)}\n`);
    });
  };
  const openIteration = (n: number, of: number) => {
    if (current) current.steps.push(null);
    current = {
      title: `iteration ${String(n)}/${String(of)}`,
      steps: createQueue(),
      wrapper: undefined,
      failed: false,
    };
    iterations.push(current);
    startList();
  };
  const setIterationTitle = (title: string) => {
    if (!current) return;
    current.title = title;
    if (current.wrapper) current.wrapper.title = title;
  };
  const addStep = (view: StepView): StepItem => {
    if (!current) openIteration(view.iteration, view.of);
    const item: StepItem = {
      view,
      done: createDeferred(),
      startedAt: Date.now(),
      wrapper: undefined,
      early: [],
    };
    items.set(view.key, item);
    current?.steps.push(item);
    return item;
  };

  const tracker = createStepTracker({
    onStart: (view) => (running = addStep(view)),
    onSettled: (view) => {
      verboseLines.flush();
      const item = items.get(view.key) ?? addStep(view);
      items.delete(view.key);
      if (running === item) running = undefined;
      item.done.resolve();
    },
  });
  const verboseLines = createLineSplitter((_label, line) => {
    if (running?.wrapper) running.wrapper.output = line;
    else running?.early.push(line);
  });
  const ticker = setInterval(() => {
    if (running?.wrapper) running.wrapper.title = runningTitle(running, Date.now());
  }, TICK_MS);
  ticker.unref();

  const endAll = () => {
    if (ended) return;
    ended = true;
    clearInterval(ticker);
    tracker.flush();
    for (const item of items.values()) {
      if (item.view.status === 'running') {
        item.view.status = 'failed';
        item.view.error = messages.noRunFinished;
      }
      item.done.resolve();
    }
    items.clear();
    current?.steps.push(null);
    iterations.push(null);
  };

  const sink = (event: MmmEvent) => {
    tracker.push(event);
    switch (event.type) {
      case 'run.started':
        maxIterations = event.maxIterations;
        options.stderr.write(
          `${c.bold(messages.runStarted(event.playbookName, event.maxIterations, event.cwd))}\n`,
        );
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
        endAll();
        return;
      case 'step.started':
      case 'step.skipped':
      case 'agent.call':
      case 'step.finished':
      case 'step.committed':
        // Steps are drawn by the tracker's hooks.
        return;
    }
  };

  return {
    sink,
    output(label, chunk) {
      if (options.verbose) verboseLines.push(label, chunk);
    },
    async close() {
      endAll();
      await list;
      if (summary) options.stdout.write(`${summary.join('\n')}\n`);
    },
  };
}
