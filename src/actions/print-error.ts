import type { Writable } from 'node:stream';
import pc from 'picocolors';
import { showControls } from '../infra/control-chars.js';
import { MmmError } from '../errors.js';

/** User errors get their message and hint; anything else is a bug and gets its stack. */
export function printError(error: unknown, stderr: Writable): void {
  if (error instanceof MmmError) {
    // A message can quote what a program printed (a git hook, a step): shown, never obeyed.
    stderr.write(`${pc.red('error:')} ${showControls(error.message)}\n`);
    if (error.hint) stderr.write(`${pc.dim('hint:')} ${showControls(error.hint)}\n`);
    return;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(`${pc.red('internal error (this is a bug in mmm):')}\n${showControls(stack)}\n`);
}
