// One in-place run per checkout at a time: two runs committing in the same tree would sweep each
// other's files into their commits, and one's failure would reset the other's commits away.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { PreconditionError } from '../../errors.js';
import { gitPath } from '../../git/repo.js';
import type { GitDeps } from '../../git/run.js';

const LOCK_NAME = 'mmm-run.lock';

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

function readHolder(path: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string'
      ? { pid: holder.pid, host: holder.host, startedAt: String(holder.startedAt ?? '') }
      : undefined;
  } catch {
    return undefined;
  }
}

function isOld(path: string): boolean {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat === undefined || Date.now() - stat.mtimeMs > 10_000;
}

/** Whether the process that wrote the lock may still be running. */
function mayBeRunning(holder: Holder): boolean {
  // Another machine's process (a checkout on a shared disk) cannot be asked: assume it runs.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the checkout's run lock, or throws a PreconditionError naming the run that holds it. A
 * lock left by a process that is gone (killed, crashed) is taken over. Returns the release.
 */
export async function takeRunLock(git: GitDeps, root: string): Promise<() => void> {
  // In the worktree's own git dir: each worktree has its own lock.
  const path = await gitPath(git, root, LOCK_NAME, false);
  const me: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let tries = 0; tries < 2; tries++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      // A lock with nothing readable in it yet may be another run's, between creating and
      // writing it: only an old one is taken over.
      if (holder === undefined && !isOld(path)) {
        throw new PreconditionError(`another mmm run is starting in this checkout (${path})`, {
          hint: 'wait for it to finish, or run this one in an isolated worktree with --worktree',
        });
      }
      if (holder && mayBeRunning(holder)) {
        throw new PreconditionError(
          `another mmm run is working in this checkout (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}); two runs in one tree would commit each other's changes`,
          {
            hint: `wait for it to finish, or run this one in an isolated worktree with --worktree; if no mmm is running there, remove ${path}`,
          },
        );
      }
      // Written by a process that is gone, or not written whole: take it over.
      rmSync(path, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      // Only our own lock: never one another run took over after ours was judged stale.
      if (readHolder(path)?.pid === me.pid) rmSync(path, { force: true });
    };
    process.on('exit', release);
    return release;
  }
  throw new PreconditionError(`could not take the run lock ${path}`, {
    hint: 'another mmm run may be starting in this checkout; try again',
  });
}
