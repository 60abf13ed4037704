// What git knows of one run: the refs its saved work went to, and the commits that name it.
import { gitOut, type GitDeps } from './run.js';

/**
 * The highest n among the run's saved-work refs (`refs/mmm/<run>/<kind>-<n>`, and the
 * `-branch` refs beside them); 0 when there are none. New refs take the numbers after it, so
 * nothing saved before is overwritten.
 */
export async function lastSavedRefNumber(
  deps: GitDeps,
  cwd: string,
  runId: string,
): Promise<number> {
  const out = await gitOut(deps, ['for-each-ref', '--format=%(refname)', `refs/mmm/${runId}/`], {
    cwd,
  });
  let last = 0;
  for (const ref of out.split('\n')) {
    const n = /-(\d+)(?:-branch)?$/.exec(ref)?.[1];
    if (n !== undefined) last = Math.max(last, Number(n));
  }
  return last;
}

/** A commit and the `Mmm-Run:` trailers its message carries. */
export interface RunTrailers {
  commit: string;
  runs: string[];
}

/** The commits reachable from `to` and not from `from`, oldest first, each with its Mmm-Run trailers. */
export async function runTrailersBetween(
  deps: GitDeps,
  cwd: string,
  from: string,
  to: string,
): Promise<RunTrailers[]> {
  if (from === to) return [];
  const out = await gitOut(
    deps,
    [
      'log',
      '--reverse',
      '--format=%H%x1f%(trailers:key=Mmm-Run,valueonly,separator=%x1f)%x1e',
      `${from}..${to}`,
    ],
    { cwd },
  );
  return out
    .split('\x1e')
    .map((record) => record.trim())
    .filter((record) => record !== '')
    .map((record) => {
      const [commit = '', ...runs] = record.split('\x1f');
      return { commit, runs: runs.map((r) => r.trim()).filter((r) => r !== '') };
    });
}
