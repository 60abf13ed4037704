import type { Writable } from 'node:stream';

/**
 * What a command needs from the process, passed in so tests can run commands in-process with
 * their own streams, cwd and environment.
 */
export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  /** Whether a person is at the terminal (stdin and stderr are TTYs and CI is not set). */
  interactive: boolean;
  /** Aborted on SIGINT/SIGTERM; `interruptedBy` says which. */
  signal: AbortSignal;
  interruptedBy: () => 'SIGINT' | 'SIGTERM' | undefined;
  /** Commands report their exit code here; only the entry point turns it into process.exitCode. */
  setExitCode: (code: number) => void;
}

export function writeLine(stream: Writable, text = ''): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
