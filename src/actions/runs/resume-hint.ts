// What `mmm runs` says about a run that `mmm resume` can continue.
import { existsSync } from 'node:fs';
import { isResumable, type RunRecord } from '../../ledger/index.js';

/**
 * For a run mmm resume can continue (crashed, interrupted, not converging): the command that resumes it, or why it cannot be (its
 * session's worktree is gone). Undefined for a run in any other state.
 */
export function resumeHint(run: RunRecord): string | undefined {
  if (!isResumable(run)) return undefined;
  if (run.session !== null && run.cwd !== null && !existsSync(run.cwd)) {
    return `not possible: the worktree of session ${run.session} (${run.cwd}) is gone`;
  }
  return `mmm resume ${run.id}`;
}
