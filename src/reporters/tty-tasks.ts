// The listr2 side of the tty reporter. Events arrive one by one, but a listr2 list runs the tasks it
// had when it started; so each level is a chain of untitled "slot" tasks: a slot waits for the next
// iteration (or step) and returns a sub-list of that item's task followed by the next slot.
// Untitled tasks draw their sub-lists at their own level, so the chain looks like a flat list.
import type { Writable } from 'node:stream';
import type { DefaultRenderer, ListrTask, ListrTaskWrapper } from 'listr2';
import { stepFacts, stepName, type Colors } from './format.js';
import { formatElapsed } from '../infra/format.js';
import type { AsyncQueue, Deferred } from './queue.js';
import type { PauseReason } from '../events.js';
import { messages } from './messages.js';
import type { StepView } from './step-track.js';

type Renderer = typeof DefaultRenderer;
export type TaskWrapper = ListrTaskWrapper<unknown, Renderer, Renderer>;
type Task = ListrTask<unknown, Renderer, Renderer>;

/** One step attempt on screen; `done` resolves when the step settled. */
export interface StepItem {
  view: StepView;
  done: Deferred;
  startedAt: number;
  wrapper: TaskWrapper | undefined;
  /** --verbose lines that came before the task was drawn. */
  early: string[];
  /** Set while the run waits for a limit to lift; `until` in epoch ms. */
  pause: { reason: PauseReason; until: number } | undefined;
  /** What the step's agent call is doing that the user should know (a continued conversation). */
  note: string | undefined;
}

/** One run on screen; untitled (drawn flat) unless several runs share the screen. */
export interface RunItem {
  title: string | undefined;
  iterations: AsyncQueue<IterationItem | null>;
}

/** One iteration on screen; `steps` ends with null. */
export interface IterationItem {
  title: string;
  steps: AsyncQueue<StepItem | null>;
  wrapper: TaskWrapper | undefined;
  /** Set when the run stopped in this iteration for a reason other than completing. */
  failed: boolean;
}

export function runningTitle(item: StepItem, now: number): string {
  const elapsed = now - item.startedAt;
  const name = stepName(item.view);
  // A countdown, redrawn by the reporter's ticker every second.
  if (item.pause)
    return `${name} · ${messages.pausedFor(item.pause.reason, item.pause.until - now)}`;
  if (item.note) return `${name} · ${item.note}`;
  return elapsed >= 1000 ? `${name} · ${formatElapsed(elapsed)}` : name;
}

export function finalTitle(view: StepView, c: Colors): string {
  const { timing, results } = stepFacts(view, c);
  const name = view.status === 'failed' ? c.red(stepName(view)) : stepName(view);
  return [name, ...timing, ...results].join(c.dim(' · '));
}

function stepTask(item: StepItem, c: Colors, outputLines: number): Task {
  return {
    title: stepName(item.view),
    rendererOptions: { outputBar: outputLines },
    task: async (_ctx, task) => {
      item.wrapper = task;
      for (const line of item.early.splice(0)) task.output = line;
      await item.done.promise;
      const view = item.view;
      if (view.status === 'skipped') {
        task.skip(`${stepName(view)} ${c.dim('·')} skipped: ${view.reason ?? ''}`);
        return;
      }
      // In the title, which stays once the step is done; the output bar goes.
      const warnings = view.warnings.map((w) => c.yellow(messages.stepWarning(w)));
      task.title = [finalTitle(view, c), ...warnings].join(c.dim(' · '));
      if (view.status === 'failed') throw new Error(view.error ?? 'failed');
    },
  };
}

function stepSlot(iteration: IterationItem, c: Colors, outputLines: number): Task {
  return {
    task: async (_ctx, task) => {
      const next = await iteration.steps.next();
      if (next === null) return;
      return task.newListr([stepTask(next, c, outputLines), stepSlot(iteration, c, outputLines)], {
        exitOnError: false,
      });
    },
  };
}

function iterationTask(item: IterationItem, c: Colors, outputLines: number): Task {
  return {
    title: item.title,
    task: (_ctx, task) => {
      item.wrapper = task;
      task.title = item.title;
      // The untitled last task fails the iteration (and only it) when the run stopped in it.
      const verdict: Task = {
        task: () => {
          // No message: the iteration's title already says why, and listr2 would print it again.
          if (item.failed) throw new Error('');
        },
      };
      return task.newListr([stepSlot(item, c, outputLines), verdict], {
        exitOnError: true,
        concurrent: false,
      });
    },
  };
}

function iterationSlot(queue: AsyncQueue<IterationItem | null>, c: Colors, lines: number): Task {
  return {
    task: async (_ctx, task) => {
      const next = await queue.next();
      if (next === null) return;
      return task.newListr([iterationTask(next, c, lines), iterationSlot(queue, c, lines)], {
        exitOnError: false,
        concurrent: false,
      });
    },
  };
}

function runTask(run: RunItem, c: Colors, lines: number): Task {
  return {
    ...(run.title === undefined ? {} : { title: run.title }),
    task: (_ctx, task) =>
      task.newListr([iterationSlot(run.iterations, c, lines)], {
        exitOnError: false,
        concurrent: false,
      }),
  };
}

// Runs of one invocation (--map) go on side by side, so the next run's slot waits concurrently.
// listr2 hands a list's options down to sub-lists: every other list says `concurrent: false`.
function runSlot(queue: AsyncQueue<RunItem | null>, c: Colors, lines: number): Task {
  return {
    task: async (_ctx, task) => {
      const next = await queue.next();
      if (next === null) return;
      return task.newListr([runTask(next, c, lines), runSlot(queue, c, lines)], {
        exitOnError: false,
        concurrent: true,
      });
    },
  };
}

/** Starts the task list on `stderr`; resolves when the run queue has ended. */
export async function runTaskList(
  queue: AsyncQueue<RunItem | null>,
  stderr: Writable,
  c: Colors,
  verbose: boolean,
): Promise<void> {
  const { Listr, ListrDefaultRendererLogLevels, ListrLogger, ProcessOutput, figures } =
    await import('listr2');
  const stream = stderr as NodeJS.WriteStream;
  // Progress belongs on stderr: both of listr2's outputs point there, so stdout stays for results.
  const logger = new ListrLogger({ processOutput: new ProcessOutput(stream, stream) });
  const rendererOptions = {
    logger,
    collapseSubtasks: false,
    collapseErrors: false,
    collapseSkips: true,
    showErrorMessage: true,
    formatOutput: 'wrap' as const,
    icon: { [ListrDefaultRendererLogLevels.FAILED_WITH_FAILED_SUBTASKS]: figures.cross },
  };
  const list = new Listr<unknown, 'default', 'default'>([runSlot(queue, c, verbose ? 8 : 0)], {
    // The default renderer asks for a terminal on stdout; ours is on stderr, which the caller
    // checked. Naming it as the fallback too keeps it when stdout is a pipe.
    renderer: 'default',
    fallbackRenderer: 'default',
    rendererOptions,
    fallbackRendererOptions: rendererOptions,
    exitOnError: false,
    // Signals belong to the entry point, which aborts the run; listr2 would exit the process.
    registerSignalListeners: false,
  });
  await list.run();
}
