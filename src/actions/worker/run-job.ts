// One queued item on a worker: the repository fetched into the worker's kept clone, the playbook
// run in a worktree session at the base commit (the same session code and engine as a local
// --map), the session branch pushed to the remote once, and the outcome handed back.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { PreconditionError } from '../../errors.js';
import { resolveCommit, countCommitsAhead } from '../../git/branch.js';
import {
  cloneForCache,
  fetchOrigin,
  pushOnce,
  pushRefsUnder,
  readPushedOutcome,
  refsUnder,
  redactUrl,
} from '../../git/remote.js';
import { takeLock } from '../../infra/lock-file.js';
import { openRepoLedgerForReading } from '../../ledger/index.js';
import type { QueueJobData, QueueJobResult } from '../../queue/jobs.js';
import { workerName } from '../../queue/jobs.js';
import { runGit } from '../../git/run.js';
import { removeWorktree } from '../../git/worktree.js';
import { createSession, type CreateSessionResult } from '../../sessions/create.js';
import { giveBackToPool } from '../../sessions/pool.js';
import { readPoolConfig } from '../../sessions/pool-config.js';
import { deleteSessionRecord } from '../../sessions/store.js';
import { discardSession, runInSession } from '../../sessions/run-in-session.js';
import { mmmHome, slug, type SessionDeps } from '../../sessions/store.js';
import type { CliContext } from '../context.js';
import { createEngineRunner, type AgentChecks } from '../cook/runner.js';

// Each agent CLI is checked (started with --version) once per worker and ten minutes, not once
// per job: a CLI updated or removed under a long-lived worker is seen within that time.
const agentChecks: AgentChecks = new Map();
const AGENT_CHECK_MS = 10 * 60_000;
let agentChecksSince = Date.now();

/** The worker's kept clone of `url`, under $MMM_HOME/queue/repos. */
export function cacheDir(env: NodeJS.ProcessEnv, url: string): string {
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 12);
  const name = slug(basename(url).replace(/\.git$/, ''), 30);
  return join(mmmHome(env), 'queue', 'repos', `${name}-${hash}`);
}

// Jobs of one worker process take turns at their clone; other processes wait on its lock file.
const turns = new Map<string, Promise<unknown>>();

async function inTurn<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const before = turns.get(dir) ?? Promise.resolve();
  const mine = before
    .catch(() => undefined)
    .then(async () => {
      await mkdir(join(dir, '..'), { recursive: true });
      const taken = await takeLock({
        path: `${dir}.lock`,
        command: 'mmm worker: fetch',
        waitMs: 120_000,
      });
      if (!taken.ok)
        throw new PreconditionError(
          `the clone ${dir} stayed locked by pid ${String(taken.holder.pid)}`,
        );
      try {
        return await work();
      } finally {
        taken.release();
      }
    });
  turns.set(dir, mine);
  return mine;
}

// Base commits known to be in a clone (a fetched commit stays: sessions' branches start at it).
const present = new Set<string>();

/** The clone, made when missing, fetched, holding the base commit. */
async function prepareClone(deps: SessionDeps, data: QueueJobData): Promise<string> {
  const dir = cacheDir(deps.env, data.remote);
  // Most items of a map start from a commit an earlier item fetched already.
  if (present.has(`${dir}\0${data.baseCommit}`) && existsSync(join(dir, '.git'))) return dir;
  const have = existsSync(join(dir, '.git')) && (await resolveCommit(deps, dir, data.baseCommit));
  if (have) {
    present.add(`${dir}\0${data.baseCommit}`);
    return dir;
  }
  {
    await inTurn(dir, async () => {
      if (!existsSync(join(dir, '.git'))) {
        await cloneForCache(deps, data.remote, dir, join(dir, '..'));
      } else if ((await resolveCommit(deps, dir, data.baseCommit)) === undefined) {
        await fetchOrigin(deps, dir);
      }
    });
  }
  if ((await resolveCommit(deps, dir, data.baseCommit)) === undefined) {
    throw new PreconditionError(
      `the base commit ${data.baseCommit.slice(0, 12)} is not on ${redactUrl(data.remote)}`,
    );
  }
  return dir;
}

function parseOutcome(text: string | undefined): Partial<QueueJobResult> | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Partial<QueueJobResult>;
  } catch {
    return undefined;
  }
}

/**
 * An earlier try of this job that pushed its branch finished its run: its outcome is the job's,
 * and the item is not run a second time.
 */
async function earlierTry(
  deps: SessionDeps,
  dir: string,
  data: QueueJobData,
): Promise<QueueJobResult | undefined> {
  const pushed = await readPushedOutcome(deps, dir, data.remote, data.branch);
  // An earlier try pushes its branch and its outcome together: a branch of that name without an
  // outcome beside it is someone else's, and the item runs (its work goes beside it, -try<N>).
  if (!pushed || pushed.outcome === undefined) return undefined;
  const said = parseOutcome(pushed.outcome);
  const commits =
    said?.commits ??
    (await countCommitsAhead(deps, dir, data.baseCommit, pushed.tip).catch(() => 0));
  return {
    status: said?.status ?? 'completed',
    exitCode: said?.exitCode ?? 0,
    commits,
    costUsd: said?.costUsd ?? null,
    pushed: data.branch,
    tip: pushed.tip,
    worker: said?.worker ?? 'an earlier try',
    runId: said?.runId,
    fromEarlierTry: true,
  };
}

async function runCost(deps: SessionDeps, dir: string, runId: string | undefined) {
  if (runId === undefined) return null;
  const ledger = await openRepoLedgerForReading(deps, dir).catch(() => undefined);
  if (!ledger) return null;
  try {
    return ledger.getRun(runId).run.costUsd;
  } catch {
    return null;
  } finally {
    ledger.close();
  }
}

export interface RunJobOptions {
  /** Aborted when the map is cancelled or the worker is stopped. */
  signal: AbortSignal;
  /** Which try this is (1 for the first). */
  attempt: number;
  /** Tried before: an earlier try may have pushed the branch already. */
  retried: boolean;
}

/** Runs one job to its outcome; throws only when it could not run (a retry may do better). */
export async function runQueueJob(
  data: QueueJobData,
  options: RunJobOptions,
  ctx: CliContext,
): Promise<QueueJobResult> {
  const deps: SessionDeps = { exec: (await import('../../infra/exec.js')).exec, env: ctx.env };
  const t0 = Date.now();
  if (t0 - agentChecksSince > AGENT_CHECK_MS) {
    agentChecks.clear();
    agentChecksSince = t0;
  }
  const dir = await prepareClone(deps, data);
  // Only a job tried before (its worker died, or Redis lost it) can find its branch pushed.
  if (options.retried) {
    const earlier = await earlierTry(deps, dir, data);
    if (earlier) return earlier;
  }

  const { loadPlaybook } = await import('../../playbook/index.js');
  const playbookDir = join(mmmHome(ctx.env), 'queue', 'playbooks', data.playbook.hash.slice(0, 16));
  await mkdir(playbookDir, { recursive: true });
  const playbookFile = join(playbookDir, basename(data.playbook.path));
  if (!existsSync(playbookFile)) {
    // Whole or not at all: another job of the map may be reading it.
    const temp = `${playbookFile}.${String(process.pid)}.${randomBytes(4).toString('hex')}`;
    await writeFile(temp, data.playbook.source);
    await rename(temp, playbookFile);
  }
  const playbook = await loadPlaybook(playbookFile, { cwd: dir });
  if (playbook.hash !== data.playbook.hash) {
    throw new PreconditionError(`the playbook of job ${data.item} does not match its hash`);
  }

  const marks = { session: 0, run: 0 };
  const makeSession = () =>
    createSession(deps, {
      cwd: dir,
      playbook: data.playbook.path,
      playbookName: data.playbook.name,
      item: data.item,
      arg: data.arg,
      checkout: { toplevel: dir, mainRoot: dir, head: data.baseCommit, branch: undefined },
    });
  let session: CreateSessionResult;
  try {
    session = await makeSession();
  } catch (error) {
    // The base commit this worker took for present may have gone since (a forced push upstream,
    // then a fetch that pruned it): the clone is fetched again, and the session made once more.
    if (!present.delete(`${dir}\0${data.baseCommit}`)) throw error;
    await prepareClone(deps, data);
    session = await makeSession();
  }
  const jobCtx: CliContext = {
    ...ctx,
    cwd: dir,
    signal: options.signal,
    interruptedBy: () => (options.signal.aborted ? 'SIGTERM' : undefined),
    setExitCode: () => undefined,
  };
  const runner = createEngineRunner(
    {
      playbook,
      quiet: true,
      maxCostUsd: data.maxCostUsd ?? undefined,
      maxIterations: data.maxIterations ?? undefined,
      gate: data.gate ?? undefined,
      agent: data.agent ?? undefined,
      agentChecks,
      // git fetch runs the clone's upkeep (gc, commit-graph) when it fetches; not once per job.
      upkeep: false,
    },
    { ...jobCtx, stdout: ctx.stderr },
  );
  let outcome;
  try {
    marks.session = Date.now();
    outcome = await runInSession(
      deps,
      {
        cwd: dir,
        playbookPath: data.playbook.path,
        playbookName: data.playbook.name,
        item: data.item,
        arg: data.arg,
        created: Promise.resolve(session),
        parallel: true,
      },
      runner,
    );
  } finally {
    await runner.finish();
  }
  if (options.signal.aborted) {
    // Stopped: the session is dropped and the job goes back (or ends, when the map was cancelled).
    await discardSession(deps, dir, session).catch(() => undefined);
    throw new StoppedRun();
  }
  const result: QueueJobResult = {
    status: outcome.record.status,
    exitCode: outcome.exitCode,
    commits: outcome.commits,
    costUsd: await runCost(deps, dir, outcome.last?.runId),
    pushed: data.branch,
    tip: undefined,
    worker: workerName(),
    runId: outcome.last?.runId,
  };
  marks.run = Date.now();
  const kept = `the run's ${String(outcome.commits)} commit(s) stay on ${session.record.branch} in the worker's clone ${dir}`;
  const push = async (branch: string) => {
    try {
      return await pushOnce(
        deps,
        dir,
        data.remote,
        session.record.branch,
        branch,
        JSON.stringify(result),
      );
    } catch (error) {
      // Refused by the remote (a hook, a protected branch, permissions), or unreachable: the
      // session stays in this worker's clone, and the job fails saying where.
      const said = error instanceof Error ? error.message : String(error);
      throw new PreconditionError(
        `could not push ${branch} to ${redactUrl(data.remote)}: ${said}; ${kept}`,
      );
    }
  };
  let pushed = await push(data.branch);
  if (!pushed.ok) {
    // Another try of this job pushed first (its worker was taken for dead, yet finished): both
    // tries' work is kept, this one beside the first, on a suffixed branch.
    result.pushed = `${data.branch}-try${String(options.attempt)}`;
    pushed = await push(result.pushed);
  }
  if (!pushed.ok) {
    throw new PreconditionError(
      `${data.branch} and ${result.pushed} are both taken on ${redactUrl(data.remote)}; ${kept}`,
    );
  }
  result.tip = pushed.tip;
  const tip = pushed.tip;
  // What a failing step left uncommitted, saved by the engine under the run's refs, follows on
  // its own push: the branch is home whatever the remote makes of it.
  const saved = result.runId === undefined ? undefined : `refs/mmm/${result.runId}`;
  if (saved !== undefined && (await refsUnder(deps, dir, saved)).length > 0) {
    const refused = await pushRefsUnder(deps, dir, data.remote, saved);
    if (refused !== undefined) {
      result.savedNotPushed = `the remote refused ${saved}/*: ${refused}; they stay in the worker's clone ${dir}`;
    }
  }
  result.timings = {
    prepareMs: marks.session - t0,
    runMs: marks.run - marks.session,
    pushMs: Date.now() - marks.run,
  };
  // Pushed: the worker's copy is not needed any more. Removed while the next job starts.
  const cleaning = retirePushed(deps, dir, session, tip)
    .then((done) => (done ? undefined : discardSession(deps, dir, session)))
    .catch(() => undefined);
  cleanups.add(cleaning);
  void cleaning.finally(() => cleanups.delete(cleaning));
  return result;
}

const cleanups = new Set<Promise<unknown>>();

/**
 * The session's git directory when its worktree is as the run left it on success: its .git file
 * names a git directory whose HEAD is still on the session's branch. Read from the files, not by
 * starting git, and undefined for anything else.
 */
function sessionGitDir(session: CreateSessionResult): string | undefined {
  const { worktreePath, branch } = session.record;
  try {
    const link = /^gitdir: (.+)$/m.exec(readFileSync(join(worktreePath, '.git'), 'utf8'));
    const gitDir = link?.[1] === undefined ? undefined : resolve(worktreePath, link[1].trim());
    if (gitDir === undefined) return undefined;
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    return head === `ref: refs/heads/${branch}` ? gitDir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Retires a session whose branch was pushed at `tip`, in three git commands instead of the
 * checks of a clean: when its tree holds nothing but that branch (no change, no untracked file,
 * HEAD on the branch), the tree goes back to the pool (or is removed) and the branch is deleted
 * only if it is still at `tip`. False, having changed nothing, for anything else: the careful
 * clean (discardSession) saves what it finds.
 */
async function retirePushed(
  deps: SessionDeps,
  dir: string,
  session: CreateSessionResult,
  tip: string,
): Promise<boolean> {
  const { worktreePath: path, branch, name } = session.record;
  const gitDir = sessionGitDir(session);
  if (gitDir === undefined) return false;
  const inTree = { ...deps, pin: { gitDir, workTree: path } };
  const status = await runGit(
    inTree,
    ['status', '--porcelain', '-z', '--untracked-files=all', '--ignore-submodules=none'],
    { cwd: path, allowFailure: true },
  );
  if (status.exitCode !== 0 || status.stdout !== '') return false;
  const pool = { repoRoot: dir, env: deps.env, config: readPoolConfig(deps.env, dir) };
  if ((await giveBackToPool(deps, pool, path)) !== 'returned') {
    await removeWorktree(deps, dir, path);
  }
  await runGit(deps, ['update-ref', '-d', `refs/heads/${branch}`, tip], {
    cwd: dir,
    allowFailure: true,
  });
  await deleteSessionRecord(session.store, name);
  return true;
}

/** Waits for the removal of the sessions of finished jobs (before the worker exits). */
export async function finishCleanups(): Promise<void> {
  await Promise.all([...cleanups]);
}

/** A run stopped by a cancel or by the worker's own stop, before its outcome was pushed. */
export class StoppedRun extends Error {
  constructor() {
    super('the run was stopped');
    this.name = 'StoppedRun';
  }
}
