// What `mmm runs` says about a run that `mmm resume` can continue.
import { existsSync } from 'node:fs';
import { isResumable, type Ledger, type MapRecord, type RunRecord } from '../../ledger/index.js';

/**
 * For a run mmm resume can continue (crashed, interrupted, not converging): the command that
 * resumes it, or why it cannot be (its session's worktree is gone). Undefined for a run in any other state.
 */
export function resumeHint(run: RunRecord): string | undefined {
  if (!isResumable(run)) return undefined;
  if (run.session !== null && run.cwd !== null && !existsSync(run.cwd)) {
    return `not possible: the worktree of session ${run.session} (${run.cwd}) is gone`;
  }
  return `mmm resume ${run.id}`;
}

/** Items of the map that still need something: not started, in flight, or to merge (--yes). */
export function mapItemsLeft(map: MapRecord): number {
  return map.items.filter(
    (i) => i.state === 'pending' || i.state === 'running' || (map.yes && i.state === 'done'),
  ).length;
}

/** The maps `mmm resume` can finish (their process is gone, items are left), newest first. */
export function resumableMaps(ledger: Ledger): MapRecord[] {
  return ledger
    .listMaps()
    .filter((m) => (m.status === 'crashed' || m.status === 'interrupted') && mapItemsLeft(m) > 0);
}

/** One line for a map `mmm resume` can finish, with the command. */
export function mapResumeLine(map: MapRecord): string {
  return `map ${map.shortId} of ${map.playbook} --map "${map.glob}": ${map.status}, ${mapItemsLeft(map)} of ${map.items.length} item(s) left; resume: mmm resume ${map.id}`;
}
