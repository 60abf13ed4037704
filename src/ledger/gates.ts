// The gates of runs (docs/gates.md): proposals waiting for a decision, and the decisions made.
// A decision is taken by one writer only: the UPDATE moves a gate that is still pending.
import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import { isRunning } from '../infra/liveness.js';
import type { Gate } from '../events.js';
import type { Row } from './rows.js';

export type GateState = 'pending' | 'approved' | 'rejected';

/** One gate a step passed or waits at. */
export interface GateRecord {
  runId: string;
  /** n of `refs/mmm/<run>/proposals/<n>`; null for an auto gate. */
  proposal: number | null;
  iteration: number;
  stepIndex: number;
  stepId: string | null;
  label: string;
  gate: Gate;
  ref: string | null;
  base: string;
  commit: string;
  files: string[];
  insertions: number;
  deletions: number;
  state: GateState;
  /** For an ack gate: when it lands unless rejected first. */
  ackUntil: string | null;
  retry: boolean;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  /** The step's commits are on the run's branch. */
  landed: boolean;
  createdAt: string;
}

/** A decision on a pending proposal. */
export interface GateDecision {
  decision: 'approved' | 'rejected';
  by: string;
  at: string;
  comment: string | undefined;
  retry: boolean;
}

export interface GateBook {
  /** The run's gates, oldest first. */
  gatesOf: (runId: string) => GateRecord[];
  /** Proposals still waiting for a decision, in every run of the repository, oldest first. */
  pendingGates: () => GateRecord[];
  /** Records the decision when the proposal is still pending; false when it was decided before. */
  decideGate: (runId: string, proposal: number, decision: GateDecision) => boolean;
  /**
   * The pid of the run's process when it is still alive on this machine and is not this one (a
   * run this process drove and let go of, paused at a gate, is not held by it); else undefined.
   */
  liveProcessOf: (runId: string) => number | undefined;
  /**
   * A process that goes on with other work lets go of a run it drove that now waits for approval
   * (a --map item), so that `mmm approve` from elsewhere may take it up meanwhile.
   */
  letGoOfPausedRun: (runId: string) => void;
}

function toGateRecord(row: Row): GateRecord {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    runId: String(row.run_id),
    proposal: typeof row.proposal === 'number' ? row.proposal : null,
    iteration: Number(row.iteration),
    stepIndex: Number(row.step_index),
    stepId: text(row.step_id),
    label: String(row.label),
    gate: String(row.gate) as Gate,
    ref: text(row.ref),
    base: String(row.base),
    commit: String(row.commit_sha),
    files: JSON.parse(String(row.files)) as string[],
    insertions: Number(row.lines_added),
    deletions: Number(row.lines_removed),
    state: String(row.state) as GateState,
    ackUntil: text(row.ack_until),
    retry: row.retry === 1,
    decidedBy: text(row.decided_by),
    decidedAt: text(row.decided_at),
    comment: text(row.comment),
    landed: row.landed === 1,
    createdAt: String(row.created_at),
  };
}

export function createGateBook(db: Database): GateBook {
  return {
    gatesOf: (runId) =>
      (db.prepare('SELECT * FROM gates WHERE run_id = ? ORDER BY id').all(runId) as Row[]).map(
        toGateRecord,
      ),
    pendingGates: () =>
      (
        db
          .prepare(
            `SELECT g.* FROM gates g JOIN runs r ON r.id = g.run_id
             WHERE g.state = 'pending' AND r.status = 'paused' ORDER BY g.id`,
          )
          .all() as Row[]
      ).map(toGateRecord),
    liveProcessOf: (runId) => {
      const row = db.prepare('SELECT pid, pid_start, host FROM runs WHERE id = ?').get(runId) as
        Row | undefined;
      if (typeof row?.pid !== 'number' || row.host !== hostname()) return undefined;
      if (row.pid === process.pid) return undefined;
      const start = typeof row.pid_start === 'number' ? row.pid_start : undefined;
      return isRunning({ pid: row.pid, start, host: hostname() }) ? row.pid : undefined;
    },
    letGoOfPausedRun: (runId) => {
      db.prepare(
        `UPDATE runs SET pid = NULL, pid_start = NULL WHERE id = ? AND status = 'paused' AND pid = ?`,
      ).run(runId, process.pid);
    },
    decideGate: (runId, proposal, d) =>
      db
        .prepare(
          `UPDATE gates SET state = @decision, retry = @retry, decided_by = @by,
           decided_at = @at, comment = @comment
           WHERE run_id = @runId AND proposal = @proposal AND state = 'pending'`,
        )
        .run({
          runId,
          proposal,
          decision: d.decision,
          retry: d.retry ? 1 : 0,
          by: d.by,
          at: d.at,
          comment: d.comment ?? null,
        }).changes === 1,
  };
}
