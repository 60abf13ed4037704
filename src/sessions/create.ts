// Creating a worktree session: a new branch mmm/<name> at the user's HEAD, checked out in its own
// worktree. The user's working tree and index are never read or written.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PreconditionError } from '../errors.js';
import { processStart } from '../infra/liveness.js';
import { createBranch, deleteBranch } from '../git/branch.js';
import { noWorkTreeError } from '../git/repo.js';
import { makeWritableDir } from '../infra/write-failure.js';
import { GitCommandError, type GitDeps } from '../git/run.js';
import {
  addWorktree,
  describeCheckout,
  removeWorktree,
  type CheckoutInfo,
} from '../git/worktree.js';
import { readPoolConfig } from './pool-config.js';
import { takeFromPool } from './pool.js';
import {
  deleteSessionRecord,
  makeSessionName,
  sessionFile,
  sessionStore,
  writeSession,
  type SessionDeps,
  type SessionRecord,
  type SessionStore,
} from './store.js';

export interface CreateSessionOptions {
  /** Where the user ran mmm. */
  cwd: string;
  /** The playbook path as the user gave it (recorded). */
  playbook: string;
  /** The playbook's name, the first part of the session name. */
  playbookName: string;
  item?: string | undefined;
  arg?: string | undefined;
  /** The checkout at `cwd`, when the caller has described it already (saves git calls). */
  checkout?: CheckoutInfo | undefined;
}

export interface CreateSessionResult {
  record: SessionRecord;
  store: SessionStore;
}

const NAME_ATTEMPTS = 20;

/** Finds the repository at `cwd`, or explains why there is none to start a session from. */
export async function requireCheckout(deps: GitDeps, cwd: string): Promise<CheckoutInfo> {
  const info = await describeCheckout(deps, cwd);
  if (!info) {
    throw await noWorkTreeError(
      deps,
      cwd,
      'run mmm from a git repository (git init, then commit something)',
    );
  }
  return info;
}

/**
 * The commit sessions start from: the one the user is on. A new repository or an orphan branch
 * has none yet, which is the user's to fix (exit 3) before anything is made.
 */
export function requireStartCommit(info: CheckoutInfo): string {
  if (info.head !== undefined) return info.head;
  const where = info.branch === undefined ? 'HEAD' : `branch ${info.branch}`;
  throw new PreconditionError(
    `${where} has no commits yet (a new repository, or an orphan branch), and a session starts from the commit you are on`,
    {
      hint: 'commit something first (git commit), or switch to a branch that has commits (git switch <branch>), then run mmm again',
    },
  );
}

export async function createSession(
  deps: SessionDeps,
  options: CreateSessionOptions,
): Promise<CreateSessionResult> {
  const now = deps.now ?? (() => new Date());
  const info = options.checkout ?? (await requireCheckout(deps, options.cwd));
  const head = requireStartCommit(info);
  const store = sessionStore(deps.env, info.mainRoot);
  const pool = {
    repoRoot: info.mainRoot,
    env: deps.env,
    config: readPoolConfig(deps.env, info.mainRoot),
  };
  // Before the branch is made: a read-only or full MMM_HOME stops here, having changed nothing.
  await makeWritableDir(store.sessionsDir);
  await makeWritableDir(store.worktreesDir);
  for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
    const name = makeSessionName(options.playbookName, now());
    const worktreePath = join(store.worktreesDir, name);
    if (existsSync(sessionFile(store, name)) || existsSync(worktreePath)) continue;
    const branch = `mmm/${name}`;
    // The branch is the reservation: git refuses an existing name atomically.
    const created = await createBranch(deps, info.toplevel, branch, head).catch(
      (error: unknown) => {
        // A branch named `mmm` leaves no room for branches under `mmm/`.
        if (error instanceof GitCommandError && /'refs\/heads\/mmm' exists/.test(error.message)) {
          throw new PreconditionError(
            'a branch named mmm exists, so git cannot make the mmm/<session> branches sessions live on',
            { hint: 'rename it (git branch -m mmm <another name>), then run mmm again' },
          );
        }
        if (error instanceof GitCommandError) {
          throw new PreconditionError(
            `git could not create the session's branch ${branch} (${error.exited()})`,
            {
              hint: 'fix what git names (a reference-transaction hook that refuses, say), then run mmm again',
            },
          );
        }
        throw error;
      },
    );
    if (!created.ok) continue;
    const stamp = now().toISOString();
    const record: SessionRecord = {
      name,
      repoRoot: info.mainRoot,
      worktreePath,
      branch,
      baseBranch: info.branch,
      baseCommit: head,
      playbook: options.playbook,
      status: 'running',
      commits: 0,
      createdAt: stamp,
      updatedAt: stamp,
      runIds: [],
      item: options.item,
      arg: options.arg,
      pid: process.pid,
      pidStart: processStart(process.pid),
    };
    try {
      await writeSession(store, record);
      // An idle tree of the pool, brought to the branch, costs only the files that differ.
      if (!(await takeFromPool(deps, pool, worktreePath, branch))) {
        await addWorktree(deps, info.toplevel, worktreePath, branch);
      }
    } catch (error) {
      // A checkout git made before failing (a post-checkout hook that refused) goes too: nothing
      // of the session is left that mmm does not know about.
      if (existsSync(worktreePath)) {
        await removeWorktree(deps, info.toplevel, worktreePath).catch(() => undefined);
      }
      await deleteBranch(deps, info.toplevel, branch).catch(() => undefined);
      await deleteSessionRecord(store, name).catch(() => undefined);
      if (error instanceof GitCommandError && error.args[0] === 'worktree') {
        throw new PreconditionError(
          `git could not check out the session's worktree (${error.exited('worktree add')})`,
          {
            hint: "git runs the repository's post-checkout hook and its filters as it checks out a worktree; fix what git names (a git-lfs that is not installed, say), then run mmm again",
          },
        );
      }
      throw error;
    }
    return { record, store };
  }
  throw new PreconditionError(`could not find a free session name after ${NAME_ATTEMPTS} tries`);
}
