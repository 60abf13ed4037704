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
      // JSON leaves DEL and the C1 controls unescaped; escaped, they read the same and a terminal
      // showing the stream cannot obey them.
      const line = JSON.stringify(event).replace(
        /[\u007f-\u009f]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      options.stdout.write(`${line}\n`);
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
