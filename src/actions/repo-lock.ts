// One lock per repository for what moves a branch or touches the user's checkout: in-place runs,
// merges and cleans. Two of them at once would undo each other's work (a failing step resetting
// the branch past a merge commit; two merges racing on one index). A second comer waits a little
// for the first to finish, then gives up naming it.
import type { Writable } from 'node:stream';
import { PreconditionError } from '../errors.js';
import { gitPath } from '../git/repo.js';
import type { GitDeps } from '../git/run.js';
import { takeLock, type LockHolder } from '../infra/lock-file.js';
import { writeLine } from './context.js';

/** In the git dir every worktree of the repository shares. */
const LOCK_NAME = 'mmm.lock';
const DEFAULT_WAIT_SECONDS = 5;

export interface RepoLockOptions {
  /** What this process does, as the holder's name for others: `mmm worktree merge --all`. */
  command: string;
  /** MMM_LOCK_WAIT (seconds) sets how long to wait for the holder. */
  env: NodeJS.ProcessEnv;
  /** Where the wait is announced. */
  stderr: Writable;
}

export interface RepoLock {
  release: () => void;
  /** The lock was held by another process first: what was looked at before may have changed. */
  waited: boolean;
}

function waitSeconds(env: NodeJS.ProcessEnv): number {
  const value = Number(env.MMM_LOCK_WAIT);
  return env.MMM_LOCK_WAIT !== undefined && env.MMM_LOCK_WAIT !== '' && value >= 0
    ? value
    : DEFAULT_WAIT_SECONDS;
}

function describeHolder(holder: LockHolder): string {
  return `${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.since})`;
}

/**
 * Takes the repository's lock for the working tree at `cwd`, waiting up to MMM_LOCK_WAIT seconds
 * (default 5) for a live holder; throws a PreconditionError (exit 3) naming the holder after that.
 */
export async function takeRepoLock(
  git: GitDeps,
  cwd: string,
  options: RepoLockOptions,
): Promise<RepoLock> {
  const path = await gitPath(git, cwd, LOCK_NAME, true);
  const seconds = waitSeconds(options.env);
  const taken = await takeLock({
    path,
    command: options.command,
    waitMs: seconds * 1000,
    onWait: (holder) =>
      writeLine(
        options.stderr,
        `Waiting up to ${seconds} s for another mmm run to let go of this repository: ${describeHolder(holder)}`,
      ),
  });
  if (taken.ok) return { release: taken.release, waited: taken.waited };
  throw new PreconditionError(
    `another mmm run is working in this repository: ${describeHolder(taken.holder)}; waited ${Math.round(taken.waitedMs / 1000)} s for it to finish`,
    {
      hint: `run this again once it has finished (a run in an isolated worktree, cook --worktree, does not wait); if no mmm is running there, remove ${path}`,
    },
  );
}
