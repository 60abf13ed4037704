// One playbook run inside a fresh worktree session: create the session, run, record the outcome.
import { countCommitsAhead } from '../git/branch.js';
import type { RunStatus } from '../events.js';
import { createSession, type CreateSessionResult } from './create.js';
import type { CheckoutInfo } from '../git/worktree.js';
import { cleanSession } from './clean.js';
import {
  deleteSessionRecord,
  updateSession,
  type SessionDeps,
  type SessionRecord,
  type SessionStatus,
} from './store.js';

/** What the cook command is asked to run: in the user's checkout, or inside a session. */
export interface SessionRunRequest {
  /** Where the steps run: the checkout's top level, or the session's worktree (or the matching subdirectory of it). */
  cwd: string;
  /** The worktree session's name; undefined for an in-place run. */
  session: string | undefined;
  arg: string | undefined;
  item: string | undefined;
  /** True when other sessions run at the same time. */
  parallel: boolean;
  /** A short name for this run in shared output (the item, or the session). */
  label: string;
  /** The id the new run is recorded under (a --map item records it first); made when absent. */
  runId?: string | undefined;
}

/** How the run ended, as the engine's summary says. */
export interface SessionRunResult {
  runId: string;
  status: RunStatus;
  exitCode: number;
  commits: number;
}

/** Runs the playbook in sessions' working trees, with the cook command's reporting and ledger. */
export interface SessionRunner {
  /** One run. Throws only when the run could not start (a precondition), like the engine. */
  run(request: SessionRunRequest): Promise<SessionRunResult>;
  /** Every run is over: finish the display (before tables, questions and merges) and the ledger. */
  finish(): Promise<void>;
}

export interface RunInSessionOptions {
  cwd: string;
  playbookPath: string;
  playbookName: string;
  item?: string | undefined;
  arg?: string | undefined;
  /** `--args` values: one run each, in order, in the same session (overrides `arg`). */
  args?: string[] | undefined;
  parallel: boolean;
  /** The user's checkout, described once for every session of the invocation. */
  checkout?: CheckoutInfo | undefined;
  /** A session made ahead of time for this run; made here when absent. */
  created?: Promise<CreateSessionResult> | undefined;
  /** Called once the session exists, before the run starts. */
  onCreated?: ((record: SessionRecord) => void) | undefined;
  /** The id of the first run, chosen by the caller. */
  runId?: string | undefined;
}

/** How a session's runs ended. */
export interface SessionOutcome {
  /** The record as it stands after the runs. */
  record: SessionRecord;
  /** The last run's exit code. */
  exitCode: number;
  /** The last run: its id and the state it ended in (`paused` when it waits at a gate). */
  last?: { runId: string; status: RunStatus } | undefined;
  /** How many runs were made (one per `--args` value, up to the first that did not succeed). */
  ran?: number | undefined;
  /** Commits all its runs made. */
  commits: number;
  durationMs: number;
}

/** The session status a finished run leaves behind. */
export function sessionStatusFor(status: RunStatus): SessionStatus {
  switch (status) {
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'interrupted':
      return 'interrupted';
    case 'stopped':
      return 'stopped';
    case 'paused':
      // Waiting at a gate: kept, not merged, until mmm approve or mmm reject.
      return 'stopped';
  }
}

export function createSessionFor(
  deps: SessionDeps,
  options: Omit<RunInSessionOptions, 'parallel'>,
): Promise<CreateSessionResult> {
  return createSession(deps, {
    cwd: options.cwd,
    playbook: options.playbookPath,
    playbookName: options.playbookName,
    item: options.item,
    arg: options.arg,
    checkout: options.checkout,
  });
}

/** Removes a session that was made but never ran (an interrupt came first). */
export async function discardSession(
  deps: SessionDeps,
  cwd: string,
  created: CreateSessionResult,
): Promise<void> {
  await cleanSession(deps, { cwd, name: created.record.name, force: true });
  await deleteSessionRecord(created.store, created.record.name);
}

export async function runInSession(
  deps: SessionDeps,
  options: RunInSessionOptions,
  runner: SessionRunner,
): Promise<SessionOutcome> {
  const now = deps.now ?? (() => new Date());
  const started = now().getTime();
  const { record, store } = await (options.created ?? createSessionFor(deps, options));
  options.onCreated?.(record);
  const args = options.args?.length ? options.args : [options.arg];
  const runs: SessionRunResult[] = [];
  try {
    // Like an in-place cook: one run per --args value, stopping at the first that does not succeed.
    for (const arg of args) {
      const run = await runner.run({
        // At the top of the session's tree, wherever mmm was started, as an in-place run does.
        cwd: record.worktreePath,
        session: record.name,
        arg,
        item: options.item,
        parallel: options.parallel,
        label: options.item ?? record.name,
        runId: runs.length === 0 ? options.runId : undefined,
      });
      runs.push(run);
      if (run.exitCode !== 0) break;
    }
  } catch (error) {
    // A run that threw part-way may still have committed in the session: those commits are kept.
    const committed = await countCommitsAhead(
      deps,
      options.cwd,
      record.baseCommit,
      `refs/heads/${record.branch}`,
    ).catch(() => 1);
    if (runs.length === 0 && committed === 0) {
      // Nothing ran (e.g. the agent CLI is missing): the empty session would only be clutter.
      await cleanSession(deps, { cwd: options.cwd, name: record.name, force: true }).then(
        (cleaned) => (cleaned.savedRef ? undefined : deleteSessionRecord(store, record.name)),
        () =>
          updateSession(
            store,
            record.name,
            { status: 'failed', pid: undefined, pidStart: undefined },
            now(),
          ),
      );
    } else {
      await updateSession(
        store,
        record.name,
        { status: 'failed', pid: undefined, pidStart: undefined },
        now(),
      );
    }
    throw error;
  }
  const last = runs[runs.length - 1];
  const commits = runs.reduce((sum, r) => sum + r.commits, 0);
  const next = await updateSession(
    store,
    record.name,
    {
      status: last ? sessionStatusFor(last.status) : 'completed',
      commits: record.commits + commits,
      runIds: [...record.runIds, ...runs.map((r) => r.runId)],
      pid: undefined,
      pidStart: undefined,
    },
    now(),
  );
  return {
    record: next,
    exitCode: last?.exitCode ?? 0,
    last: last && { runId: last.runId, status: last.status },
    ran: runs.length,
    commits,
    durationMs: now().getTime() - started,
  };
}
