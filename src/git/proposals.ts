// What git holds of a gate: the ref a proposed change waits on, landing it, and who decides.
import { runGit, gitOut, type GitDeps } from './run.js';

/** The ref of a run's n-th proposal. */
export function proposalRef(runId: string, n: number): string {
  return `refs/mmm/${runId}/proposals/${n}`;
}

/** The next free n among the run's proposal refs (1 when there are none). */
export async function nextProposalNumber(
  deps: GitDeps,
  cwd: string,
  runId: string,
): Promise<number> {
  const prefix = `refs/mmm/${runId}/proposals/`;
  const out = await gitOut(deps, ['for-each-ref', '--format=%(refname)', prefix], { cwd });
  let last = 0;
  for (const ref of out.split('\n')) {
    const n = Number(ref.slice(prefix.length));
    if (ref.startsWith(prefix) && Number.isInteger(n)) last = Math.max(last, n);
  }
  return last + 1;
}

/** Points `ref` at `commit` (creating it). */
export async function holdProposal(
  deps: GitDeps,
  cwd: string,
  ref: string,
  commit: string,
): Promise<void> {
  await runGit(deps, ['update-ref', '-m', 'mmm: proposal', ref, commit], { cwd });
}

/**
 * Moves the checked-out branch (or detached HEAD) forward to `commit`, updating the tree; git
 * refuses, and nothing changes, when it is not a fast-forward or the tree's changes would be lost.
 */
export async function fastForwardTo(deps: GitDeps, cwd: string, commit: string): Promise<void> {
  await runGit(deps, ['merge', '--ff-only', '--quiet', '--no-edit', commit], { cwd });
}

/** `Name <email>` of whoever git would record as committer in `cwd`. */
export async function gitIdentity(deps: GitDeps, cwd: string): Promise<string> {
  const ident = await gitOut(deps, ['var', 'GIT_COMMITTER_IDENT'], { cwd }).catch(() => '');
  // "Name <email> 1700000000 +0000": the time is not part of who decided.
  const who = /^(.*<[^>]*>)/.exec(ident.trim())?.[1];
  return who ?? 'unknown <unknown>';
}
