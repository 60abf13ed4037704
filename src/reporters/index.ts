// How a run is shown. One event stream in; a task list, plain lines, NDJSON or one line out.
import pc from 'picocolors';
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

export function createReporter(options: ReporterOptions): Reporter {
  const colors = pc.createColors(options.color ?? pc.isColorSupported);
  const { verbose, stdout, stderr } = options;
  switch (options.mode) {
    case 'tty':
      return createTtyReporter({ verbose, stdout, stderr, colors });
    case 'plain':
      return createPlainReporter({ verbose, stdout, stderr, colors });
    case 'json':
      return createJsonReporter({ verbose, stdout, stderr });
    case 'quiet':
      return createQuietReporter({ stdout, stderr, colors });
  }
}
