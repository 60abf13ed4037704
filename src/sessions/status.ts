// What `mmm worktree ls` shows: each stored session with its state as it is now on disk.
import { existsSync } from 'node:fs';
import { UsageError, PreconditionError } from '../errors.js';
import { countCommitsAhead, resolveCommit } from '../git/branch.js';
import type { GitDeps } from '../git/run.js';
import { pruneWorktrees } from '../git/worktree.js';
import { requireCheckout } from './create.js';
import {
  isSessionProcessAlive,
  listSessionRecords,
  readSession,
  sessionStore,
  type SessionDeps,
  type SessionRecord,
  type SessionStatus,
  type SessionStore,
} from './store.js';

/** The stored status, or `missing` when the worktree directory is gone. */
export type SessionState = SessionStatus | 'missing';

/** A session and what is true of it now. */
export interface SessionView {
  record: SessionRecord;
  state: SessionState;
  /** Commits on the session branch not in its base; undefined when the branch is gone. */
  ahead: number | undefined;
}

/** The repository's session store, found from any directory inside it. */
export async function openStore(
  deps: SessionDeps,
  cwd: string,
): Promise<{ store: SessionStore; toplevel: string; repoRoot: string }> {
  const info = await requireCheckout(deps, cwd);
  return {
    store: sessionStore(deps.env, info.mainRoot),
    toplevel: info.toplevel,
    repoRoot: info.mainRoot,
  };
}

/** Loads a session by name or fails with a usage error naming the way to list them. */
export async function requireSession(store: SessionStore, name: string): Promise<SessionRecord> {
  const record = await readSession(store, name);
  if (!record) {
    throw new UsageError(`no session named ${name} in this repository`, {
      hint: 'mmm worktree ls lists the sessions',
    });
  }
  return record;
}

/** A running session belongs to its process: refuse to change it under that process. */
export function refuseIfRunning(record: SessionRecord, action: string): void {
  if (record.status === 'running' && isSessionProcessAlive(record)) {
    throw new PreconditionError(
      `session ${record.name} is still running (process ${String(record.pid)}); cannot ${action} it`,
      {
        hint: `wait for the run to finish, or stop it (Ctrl-C where it runs, or kill ${String(record.pid)}); --force does not ${action} a running session`,
      },
    );
  }
}

export function stateOf(record: SessionRecord): SessionState {
  if (record.status === 'cleaned') return 'cleaned';
  // Merged, and its worktree given back to the pool: nothing is missing.
  if (record.pooledAt !== undefined && record.status === 'merged') return 'merged';
  // A session of a queued map ran on a worker: it never had a worktree here.
  if (record.ranOn === undefined && !existsSync(record.worktreePath)) return 'missing';
  // A session whose process died without recording its end was cut short.
  if (record.status === 'running' && !isSessionProcessAlive(record)) return 'interrupted';
  return record.status;
}

/** The commit a session is measured against: its base branch now, else the commit it started at. */
export async function baseRevision(
  deps: GitDeps,
  cwd: string,
  record: SessionRecord,
): Promise<string> {
  if (record.baseBranch) {
    const tip = await resolveCommit(deps, cwd, `refs/heads/${record.baseBranch}`);
    if (tip) return tip;
  }
  return record.baseCommit;
}

/** Commits on the session branch not reachable from its base; undefined if the branch is gone. */
export async function commitsAhead(
  deps: GitDeps,
  cwd: string,
  record: SessionRecord,
): Promise<number | undefined> {
  const tip = await resolveCommit(deps, cwd, `refs/heads/${record.branch}`);
  if (!tip) return undefined;
  return countCommitsAhead(deps, cwd, await baseRevision(deps, cwd, record), tip);
}

export interface ListSessionsOptions {
  cwd: string;
  /** Include cleaned sessions. */
  all?: boolean;
  /** Told of each session record that cannot be read (left out of the views). */
  onUnreadable?: (problem: PreconditionError) => void;
}

export async function describeSessions(
  deps: SessionDeps,
  options: ListSessionsOptions,
): Promise<SessionView[]> {
  const { store, repoRoot } = await openStore(deps, options.cwd);
  // Forget worktrees whose directory was deleted by hand, so git and the listing agree.
  await pruneWorktrees(deps, repoRoot);
  const { records, unreadable } = await listSessionRecords(store);
  unreadable.forEach((problem) => options.onUnreadable?.(problem));
  const views: SessionView[] = [];
  for (const record of records) {
    if (record.status === 'cleaned' && !options.all) continue;
    const state = stateOf(record);
    const ahead = state === 'cleaned' ? undefined : await commitsAhead(deps, repoRoot, record);
    views.push({ record, state, ahead });
  }
  return views;
}
