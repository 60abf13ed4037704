// tty reporter: a live listr2 task list on stderr ("iteration n/N", a line per step attempt), then
// the summary on stdout. Several runs of one invocation (--map) each get a titled group.
import type { Writable } from 'node:stream';
import type { MmmEvent } from '../events.js';
import type { Colors } from './format.js';
import { createLineSplitter } from './lines.js';
import { runHeader } from './messages.js';
import { createQueue } from './queue.js';
import { createTtyRun, type TtyRun } from './tty-run.js';
import { runningTitle, runTaskList, type RunItem, type StepItem } from './tty-tasks.js';
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
  const queue = createQueue<RunItem | null>();
  const runs = new Map<string, TtyRun>();
  let list: Promise<void> | undefined;
  let closed = false;

  const runningSteps = (): StepItem[] => [...runs.values()].flatMap((run) => run.running() ?? []);
  const verboseLines = createLineSplitter((label, line) => {
    const steps = runningSteps();
    const step = steps.find((s) => s.view.label === label) ?? steps.at(-1);
    if (step?.wrapper) step.wrapper.output = line;
    else step?.early.push(line);
  });
  const ticker = setInterval(() => {
    for (const step of runningSteps()) {
      if (step.wrapper) step.wrapper.title = runningTitle(step, Date.now());
    }
  }, TICK_MS);
  ticker.unref();

  const startRun = (event: Extract<MmmEvent, { type: 'run.started' | 'run.resumed' }>) => {
    const title = event.item ?? (runs.size > 0 ? (event.session ?? event.runId) : undefined);
    const run = createTtyRun(title, c);
    runs.set(event.runId, run);
    if (runs.size === 1) {
      options.stderr.write(`${c.bold(runHeader(event))}\n`);
    }
    queue.push(run.item);
    list ??= runTaskList(queue, options.stderr, c, options.verbose).catch((error: unknown) => {
      options.stderr.write(`${c.red('error:')} task list: ${String(error)}\n`);
    });
    return run;
  };

  return {
    sink(event) {
      if (closed) return;
      if (event.type === 'step.finished' || event.type === 'step.skipped') verboseLines.flush();
      const run =
        runs.get(event.runId) ??
        (event.type === 'run.started' || event.type === 'run.resumed'
          ? startRun(event)
          : undefined);
      run?.handle(event);
    },
    output(label, chunk) {
      if (options.verbose) verboseLines.push(label, chunk);
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(ticker);
      verboseLines.flush();
      for (const run of runs.values()) run.end();
      queue.push(null);
      await list;
      const many = runs.size > 1;
      for (const run of runs.values()) {
        const lines = run.summary();
        if (!lines) continue;
        if (many && run.item.title) options.stdout.write(`${c.bold(run.item.title)}\n`);
        options.stdout.write(`${lines.join('\n')}\n`);
      }
    },
  };
}
