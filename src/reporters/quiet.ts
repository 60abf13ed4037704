// --quiet: the errors of failed steps on stderr and one line of result per run on stdout.
import type { Writable } from 'node:stream';
import { iterationTag, stepName, type Colors } from './format.js';
import { describeStatus, describeStop, plural, savedOnResume } from './messages.js';
import { formatCost, formatElapsed } from '../infra/format.js';
import { createStepTracker, type StepTracker } from './step-track.js';
import type { Reporter } from './types.js';

export function createQuietReporter(options: {
  stdout: Writable;
  stderr: Writable;
  colors: Colors;
}): Reporter {
  const c = options.colors;
  const runs = new Map<string, { prefix: string; tracker: StepTracker; warnings: string[] }>();
  return {
    sink: (event) => {
      if (event.type === 'run.started' || event.type === 'run.resumed') {
        const prefix = event.item === undefined ? '' : `${event.item}: `;
        const warnings: string[] = [];
        const tracker = createStepTracker({
          onSettled: (view) => {
            for (const w of view.warnings)
              warnings.push(`${iterationTag(view)} ${stepName(view)}: ${w}`);
          },
        });
        runs.set(event.runId, { prefix, tracker, warnings });
        // Uncommitted work was moved out of the tree: said even here, as the user may not know.
        if (event.type === 'run.resumed' && event.savedRef) {
          options.stderr.write(`note: ${prefix}${savedOnResume(event.savedRef)}\n`);
        }
      }
      const run = runs.get(event.runId);
      if (!run) return;
      run.tracker.push(event);
      if (event.type !== 'run.finished') return;
      run.tracker.flush();
      for (const warning of run.warnings)
        options.stderr.write(`${c.yellow('warning:')} ${run.prefix}${warning}\n`);
      for (const view of run.tracker.failed()) {
        options.stderr.write(
          `${c.red('error:')} ${run.prefix}${iterationTag(view)} ${stepName(view)}: ${view.error ?? 'failed'}\n`,
        );
      }
      const facts = [
        plural(event.iterations, 'iteration'),
        plural(event.commits, 'commit'),
        formatCost(event.costUsd),
        formatElapsed(event.durationMs),
      ].join(', ');
      const stop = describeStop(event.reason);
      options.stdout.write(
        `${run.prefix}mmm: ${describeStatus(event.status)}: ${facts} (${stop})\n`,
      );
    },
    output: () => undefined,
    close: () => Promise.resolve(),
  };
}
