// Session records that cannot be read are named, never passed over in silence: their worktree and
// branch live on until someone restores the file or removes them.
import pc from 'picocolors';
import type { PreconditionError } from '../../errors.js';
import { showControls } from '../../infra/control-chars.js';
import { writeLine, type CliContext } from '../context.js';

/** Prints one unreadable record as a warning (or, with `skipped`, as what a command left alone). */
export function warnUnreadable(problem: PreconditionError, ctx: CliContext, skipped = false): void {
  const lead = skipped ? 'skipped:' : 'warning:';
  writeLine(ctx.stderr, `${pc.yellow(lead)} ${showControls(problem.message)}`);
  if (problem.hint) writeLine(ctx.stderr, `${pc.dim('hint:')} ${showControls(problem.hint)}`);
}
