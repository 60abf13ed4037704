// One playbook run inside a fresh worktree session: create the session, run, record the outcome.
import type { RunStatus } from '../../engine/events.js';
import { createSession } from '../../engine/sessions-create.js';
import { cleanSession } from '../../engine/sessions-clean.js';
import {
  deleteSessionRecord,
  updateSession,
  type SessionDeps,
  type SessionRecord,
  type SessionStatus,
} from '../../engine/sessions.js';

/** What the cook command is asked to run inside a session. */
export interface SessionRunRequest {
  /** Where the steps run: the session's worktree (or the matching subdirectory of it). */
  cwd: string;
  session: string;
  arg: string | undefined;
  item: string | undefined;
  /** True when other sessions run at the same time: no live display, one line per run. */
  parallel: boolean;
  /** A short name for this run in shared output (the item, or the session). */
  label: string;
}

/** How the run ended, as the engine's summary says. */
export interface SessionRunResult {
  runId: string;
  status: RunStatus;
  exitCode: number;
  commits: number;
}

/**
 * Runs the playbook once in a session's working tree, with the cook command's reporting and
 * ledger. Throws only when the run could not start (a precondition), like the engine.
 */
export type SessionRunner = (request: SessionRunRequest) => Promise<SessionRunResult>;

export interface RunInSessionOptions {
  cwd: string;
  playbookPath: string;
  playbookName: string;
  item?: string | undefined;
  arg?: string | undefined;
  parallel: boolean;
  /** Called once the session exists, before the run starts. */
  onCreated?: ((record: SessionRecord) => void) | undefined;
}

export interface SessionOutcome {
  record: SessionRecord;
  run: SessionRunResult;
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
  }
}

export async function runInSession(
  deps: SessionDeps,
  options: RunInSessionOptions,
  runner: SessionRunner,
): Promise<SessionOutcome> {
  const now = deps.now ?? (() => new Date());
  const started = now().getTime();
  const { record, store, runCwd } = await createSession(deps, {
    cwd: options.cwd,
    playbook: options.playbookPath,
    playbookName: options.playbookName,
    item: options.item,
    arg: options.arg,
  });
  options.onCreated?.(record);
  let run: SessionRunResult;
  try {
    run = await runner({
      cwd: runCwd,
      session: record.name,
      arg: options.arg,
      item: options.item,
      parallel: options.parallel,
      label: options.item ?? record.name,
    });
  } catch (error) {
    // Nothing ran (e.g. the agent CLI is missing): the empty session would only be clutter.
    await cleanSession(deps, { cwd: options.cwd, name: record.name }).then(
      (cleaned) => (cleaned.savedRef ? undefined : deleteSessionRecord(store, record.name)),
      () => updateSession(store, record.name, { status: 'failed', pid: undefined }, now()),
    );
    throw error;
  }
  const next = await updateSession(
    store,
    record.name,
    {
      status: sessionStatusFor(run.status),
      commits: record.commits + run.commits,
      runIds: [...record.runIds, run.runId],
      pid: undefined,
    },
    now(),
  );
  return { record: next, run, durationMs: now().getTime() - started };
}
