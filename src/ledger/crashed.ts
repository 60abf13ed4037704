// Finds runs whose process died without recording an end, and moves them to `crashed`. Any mmm
// command that opens a repository's ledger does this for the runs started on this machine; a run
// on another machine (a checkout on a shared disk) cannot be judged from here and is left alone.
import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import type { MmmEvent, StepRef } from '../events.js';
import { isRunning } from '../infra/liveness.js';
import type { Row } from './rows.js';

/** A run found dead: its id and the process it was recorded with. */
export interface DeadRun {
  runId: string;
  pid: number;
}

/**
 * Runs recorded as `running` or `paused` on this machine whose process is gone (or is another one
 * now). A run paused at a gate (approval, ack) is left paused: it waits for a decision, not for
 * its process.
 */
export function findDeadRuns(db: Database): DeadRun[] {
  const host = hostname();
  const rows = db
    .prepare(
      `SELECT id, pid, pid_start FROM runs
       WHERE status IN ('running', 'paused') AND host = ? AND pid IS NOT NULL
       AND NOT (status = 'paused' AND coalesce(state_reason, '') IN ('approval', 'ack'))`,
    )
    .all(host) as Row[];
  return rows
    .filter((r) => {
      const start = typeof r.pid_start === 'number' ? r.pid_start : undefined;
      return !isRunning({ pid: Number(r.pid), start, host });
    })
    .map((r) => ({ runId: String(r.id), pid: Number(r.pid) }));
}

/** The last try the run started and recorded no outcome for: the step in flight when it died. */
function stepInFlight(db: Database, runId: string): StepRef | undefined {
  const row = db
    .prepare(
      `SELECT iteration, step_index, step_id, label, kind, role, attempt FROM attempts
       WHERE run_id = ? AND status = 'running' AND finished_at IS NULL
       ORDER BY started_at DESC, rowid DESC LIMIT 1`,
    )
    .get(runId) as Row | undefined;
  if (!row) return undefined;
  return {
    iteration: Number(row.iteration),
    stepIndex: Number(row.step_index),
    stepId: typeof row.step_id === 'string' ? row.step_id : undefined,
    label: String(row.label),
    kind: row.kind === 'claude' ? 'claude' : 'shell',
    role: String(row.role) as StepRef['role'],
    attempt: Number(row.attempt),
  };
}

/**
 * Marks each dead run `crashed` and appends the `run.state` event saying so, naming the step in
 * flight. Each run is one transaction whose UPDATE only moves a run still `running`: when two
 * processes find the same dead run at once, one marks it and the other finds nothing left to do.
 * Returns the runs this call marked.
 */
export function markCrashed(db: Database, dead: readonly DeadRun[]): string[] {
  const move = db.prepare(
    `UPDATE runs SET status = 'crashed', in_flight = @step, message = @message,
     last_event_at = @at WHERE id = @runId AND status IN ('running', 'paused')`,
  );
  const nextSeq = db.prepare(
    'SELECT coalesce(max(seq), 0) + 1 AS seq FROM events WHERE run_id = ?',
  );
  const insertEvent = db.prepare(
    `INSERT INTO events (run_id, seq, type, at, data) VALUES (?, ?, 'run.state', ?, ?)`,
  );
  const markOne = db.transaction((run: DeadRun): boolean => {
    const step = stepInFlight(db, run.runId);
    const at = new Date().toISOString();
    const message = `its process (pid ${run.pid}) ended without recording an end`;
    const moved = move.run({
      runId: run.runId,
      step: step ? JSON.stringify(step) : null,
      message,
      at,
    });
    if (moved.changes === 0) return false;
    const event: MmmEvent = {
      type: 'run.state',
      runId: run.runId,
      at,
      state: 'crashed',
      reason: 'process_gone',
      message,
      step,
    };
    const { seq } = nextSeq.get(run.runId) as { seq: number };
    insertEvent.run(run.runId, seq, at, JSON.stringify(event));
    return true;
  });
  return dead.filter((run) => markOne.immediate(run)).map((run) => run.runId);
}
