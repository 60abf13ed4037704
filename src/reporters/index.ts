// How a run is shown. One event stream in; a task list, plain lines, NDJSON or one line out.
import pc from 'picocolors';
import { showControls, showControlsIn } from '../infra/control-chars.js';
import { createJsonReporter } from './json.js';
import { createPlainReporter } from './plain.js';
import { createQuietReporter } from './quiet.js';
import { createTtyReporter } from './tty.js';
import type { Reporter, ReporterMode, ReporterOptions } from './types.js';

export type { Reporter, ReporterMode, ReporterOptions } from './types.js';

export interface ChooseModeOptions {
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  stderrIsTTY: boolean | undefined;
  env: NodeJS.ProcessEnv;
}

/** --json wins over --quiet; the task list only on a real terminal outside CI. */
export function chooseMode(options: ChooseModeOptions): ReporterMode {
  if (options.json) return 'json';
  if (options.quiet) return 'quiet';
  const ci = options.env.CI !== undefined && options.env.CI !== '' && options.env.CI !== 'false';
  if (options.stderrIsTTY === true && !ci && options.env.TERM !== 'dumb') return 'tty';
  return 'plain';
}

/**
 * Shows a run safely on a terminal: every string of every event (step output, agent answers,
 * errors that quote them, labels) and every chunk streamed with --verbose has its control
 * characters made visible (showControls), so nothing a step prints can move the cursor, clear the
 * screen or rewrite a line. The events themselves stay as they are for the ledger; `--json`
 * events are JSON, where control characters are escaped anyway.
 */
function showingControls(reporter: Reporter, events: boolean): Reporter {
  // A CR that ends one chunk may be the first half of a CRLF that the next chunk finishes.
  const heldCr = new Set<string>();
  return {
    sink: events ? (event) => reporter.sink(showControlsIn(event)) : reporter.sink,
    output(label, chunk, stream) {
      const key = `${stream} ${label}`;
      let text = heldCr.delete(key) ? `\r${chunk}` : chunk;
      if (text.endsWith('\r')) {
        heldCr.add(key);
        text = text.slice(0, -1);
      }
      reporter.output(showControls(label), showControls(text), stream);
    },
    close: () => reporter.close(),
  };
}

export function createReporter(options: ReporterOptions): Reporter {
  const colors = pc.createColors(options.color ?? pc.isColorSupported);
  const { verbose, stdout, stderr } = options;
  switch (options.mode) {
    case 'tty':
      return showingControls(createTtyReporter({ verbose, stdout, stderr, colors }), true);
    case 'plain':
      return showingControls(createPlainReporter({ verbose, stdout, stderr, colors }), true);
    case 'json':
      return showingControls(createJsonReporter({ verbose, stdout, stderr }), false);
    case 'quiet':
      return showingControls(createQuietReporter({ stdout, stderr, colors }), true);
  }
}
