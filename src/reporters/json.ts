// --json: every event as one NDJSON line on stdout and nothing else there.
import type { Writable } from 'node:stream';
import { createLineSplitter } from './lines.js';
import type { Reporter } from './types.js';

export function createJsonReporter(options: {
  verbose: boolean;
  stdout: Writable;
  stderr: Writable;
}): Reporter {
  // Step output still goes to stderr with --verbose: stdout stays pure NDJSON.
  const verboseLines = createLineSplitter((label, line) =>
    options.stderr.write(`  ${label} | ${line}\n`),
  );
  return {
    sink: (event) => {
      if (event.type === 'step.finished') verboseLines.flush();
      options.stdout.write(`${JSON.stringify(event)}\n`);
    },
    output(label, chunk) {
      if (options.verbose) verboseLines.push(label, chunk);
    },
    close() {
      verboseLines.flush();
      return Promise.resolve();
    },
  };
}
