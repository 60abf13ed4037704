import type { ExecResult } from '../../src/infra/exec.js';

/** What exec returns for a program that ran and exited 0 with no output, with `fields` over it. */
export function execResult(fields: Partial<ExecResult> = {}): ExecResult {
  const stdout = fields.stdout ?? '';
  return {
    stdout,
    stderr: '',
    all: stdout,
    outputBytes: stdout.length,
    spilledTo: undefined,
    truncated: false,
    notUtf8: false,
    spillError: undefined,
    exitCode: 0,
    signal: undefined,
    timedOut: false,
    aborted: false,
    durationMs: 1,
    spawnError: undefined,
    ...fields,
  };
}
