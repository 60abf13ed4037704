// Runs mmm in-process with string-collecting streams.
import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import type { CliContext } from '../../src/actions/context.js';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function collector(onText?: (all: string) => void): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const text = () => chunks.join('');
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(String(chunk));
      onText?.(text());
      done();
    },
  });
  return { stream, text };
}

/** `mmm <argv>` in `cwd`; `onStdout` sees the output so far each time more is written. */
export async function mmm(
  cwd: string,
  argv: string[],
  options: { signal?: AbortSignal; onStdout?: (all: string) => void } = {},
): Promise<CliRun> {
  const out = collector(options.onStdout);
  const err = collector();
  const ctx: CliContext = {
    cwd,
    env: process.env,
    stdout: out.stream,
    stderr: err.stream,
    interactive: false,
    signal: options.signal ?? new AbortController().signal,
    interruptedBy: () => undefined,
    setExitCode: () => undefined,
  };
  const code = await runCli(argv, ctx);
  // picocolors colours output when CI is set, terminal or not; the tests read the words.
  return {
    code,
    stdout: stripVTControlCharacters(out.text()),
    stderr: stripVTControlCharacters(err.text()),
  };
}
