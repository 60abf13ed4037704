// Plain reporter: one stable, greppable line per event of interest on stderr; the summary on
// stdout. Used when stderr is not a terminal or under CI.
import type { Writable } from 'node:stream';
import type { MmmEvent } from '../../engine/events.js';
import { iterationTag, stepName, stepOutcome, type Colors } from './format.js';
import { createLineSplitter } from './lines.js';
import { messages } from './messages.js';
import { createStepTracker } from './step-track.js';
import { formatSummary } from './summary.js';
import type { Reporter } from './types.js';

export interface PlainReporterOptions {
  verbose: boolean;
  stdout: Writable;
  stderr: Writable;
  colors: Colors;
}

export function createPlainReporter(options: PlainReporterOptions): Reporter {
  const { stderr, stdout, colors: c } = options;
  const err = (line: string) => stderr.write(`${line}\n`);
  let maxIterations: number | undefined;
  let of = 1;
  let started = false;
  let finished = false;
  const tracker = createStepTracker({
    onStart: (view) => err(`${iterationTag(view)} ${stepName(view)} …`),
    onSettled: (view) => err(`${iterationTag(view)} ${stepName(view)} … ${stepOutcome(view, c)}`),
  });
  const verboseLines = createLineSplitter((label, line) => err(c.dim(`  ${label} | `) + line));

  const sink = (event: MmmEvent) => {
    if (event.type === 'step.finished' || event.type === 'step.skipped') verboseLines.flush();
    tracker.push(event);
    switch (event.type) {
      case 'run.started':
        maxIterations = event.maxIterations;
        of = event.maxIterations;
        started = true;
        err(messages.runStarted(event.playbookName, event.maxIterations, event.cwd));
        return;
      case 'iteration.started':
        of = event.of;
        err(`${iterationTag(event)} ${messages.iterationStarted(event.iteration, event.of)}`);
        return;
      case 'iteration.finished':
        err(
          `${iterationTag({ iteration: event.iteration, of })} ` +
            `iteration ${String(event.iteration)} finished: ${messages.iterationFinished(event.commits)}`,
        );
        return;
      case 'run.finished':
        finished = true;
        tracker.flush();
        stdout.write(`${formatSummary(event, maxIterations, tracker.failed(), c).join('\n')}\n`);
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
    close() {
      verboseLines.flush();
      tracker.flush();
      if (started && !finished) err(c.yellow(messages.noRunFinished));
      return Promise.resolve();
    },
  };
}
