// --quiet: the errors of failed steps on stderr and one line of result on stdout.
import type { Writable } from 'node:stream';
import { iterationTag, stepName, type Colors } from './format.js';
import { describeStatus, describeStop, formatCost, formatDuration, plural } from './messages.js';
import { createStepTracker } from './step-track.js';
import type { Reporter } from './types.js';

export function createQuietReporter(options: {
  stdout: Writable;
  stderr: Writable;
  colors: Colors;
}): Reporter {
  const c = options.colors;
  const tracker = createStepTracker();
  return {
    sink: (event) => {
      tracker.push(event);
      if (event.type !== 'run.finished') return;
      tracker.flush();
      for (const view of tracker.failed()) {
        options.stderr.write(
          `${c.red('error:')} ${iterationTag(view)} ${stepName(view)}: ${view.error ?? 'failed'}\n`,
        );
      }
      const facts = [
        plural(event.iterations, 'iteration'),
        plural(event.commits, 'commit'),
        formatCost(event.costUsd),
        formatDuration(event.durationMs),
      ].join(', ');
      const stop = describeStop(event.reason);
      options.stdout.write(`mmm: ${describeStatus(event.status)}: ${facts} (${stop})\n`);
    },
    output: () => undefined,
    close: () => Promise.resolve(),
  };
}
