// Reading the ledger: run lists, one run in detail, its event stream, and a full export.
import { existsSync, readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { UsageError } from '../errors.js';
import type { MmmEvent } from '../events.js';
import { listConversations } from './conversations.js';
import { absolutePath, type LedgerPaths } from './paths.js';
import { abbreviationLength, resolveRunPrefix } from './resolve.js';
import {
  toAgentCallRecord,
  toAttemptRecord,
  toCommitRecord,
  toRunRecord,
  toStepRecord,
  toViolationRecord,
  type Row,
} from './rows.js';
import type {
  ArtifactRecord,
  IterationRecord,
  OutputRecord,
  RunDetail,
  RunExport,
  RunRecord,
  StoredEvent,
} from './types.js';

export interface ListRunsOptions {
  /** Newest first; at most this many. */
  limit?: number;
  /** Only the runs of this worktree session. */
  session?: string;
}

export interface Queries {
  listRuns: (options?: ListRunsOptions) => RunRecord[];
  /** The full id of the run a (possibly abbreviated) id names; UsageError when none or several. */
  resolveRun: (query: string) => string;
  getRun: (runId: string) => RunDetail;
  /** Events with a sequence number above `afterSeq`, in order. */
  eventsAfter: (runId: string, afterSeq?: number, limit?: number) => StoredEvent[];
  exportRun: (runId: string) => RunExport;
  /** The playbook's text as the run last started or resumed with it; null when not recorded. */
  playbookSource: (runId: string) => string | null;
  /**
   * Runs that `mmm resume` can continue, newest first: crashed, interrupted, or stopped for not
   * converging (see isResumable).
   */
  resumableRuns: () => RunRecord[];
}

const RUN_SELECT = `SELECT r.*,
  (SELECT count(*) FROM steps s WHERE s.run_id = r.id AND s.role = 'step' AND s.status = 'ok') AS live_ok,
  (SELECT count(*) FROM steps s WHERE s.run_id = r.id AND s.role = 'step' AND s.status = 'failed') AS live_failed,
  (SELECT count(*) FROM steps s WHERE s.run_id = r.id AND s.role = 'step' AND s.status = 'skipped') AS live_skipped
  FROM runs r`;
const STEP_ORDER = 'ORDER BY iteration, step_index, started_at, role';

export function createQueries(db: Database, paths: LedgerPaths): Queries {
  const all = (sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as Row[];
  const shortLength = () => abbreviationLength(all('SELECT id FROM runs').map((r) => String(r.id)));

  const getRunRecord = (runId: string): RunRecord => {
    const row = db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(runId) as Row | undefined;
    if (!row) throw new UsageError(`no run '${runId}' in ${paths.dbPath}`);
    return toRunRecord(row, shortLength());
  };

  const getRun = (runId: string): RunDetail => ({
    run: getRunRecord(runId),
    iterations: all(
      `SELECT iteration, of_total AS "of", started_at AS startedAt, finished_at AS finishedAt,
       commits FROM iterations WHERE run_id = ? ORDER BY iteration`,
      runId,
    ) as unknown as IterationRecord[],
    steps: all(`SELECT * FROM steps WHERE run_id = ? ${STEP_ORDER}`, runId).map(toStepRecord),
    attempts: all(`SELECT * FROM attempts WHERE run_id = ? ${STEP_ORDER}, attempt`, runId).map(
      toAttemptRecord,
    ),
    commits: all('SELECT * FROM commits WHERE run_id = ? ORDER BY id', runId).map(toCommitRecord),
    artifacts: all(
      `SELECT path, sha256, size_bytes AS sizeBytes, recorded_at AS recordedAt
       FROM artifacts WHERE run_id = ? ORDER BY path`,
      runId,
    ) as unknown as ArtifactRecord[],
    violations: all('SELECT * FROM policy_violations WHERE run_id = ? ORDER BY id', runId).map(
      toViolationRecord,
    ),
    conversations: listConversations(
      all(
        `SELECT seq, data FROM events WHERE run_id = ?
         AND type IN ('agent.started', 'agent.call', 'agent.conversation_missing') ORDER BY seq`,
        runId,
      ).map((r) => ({ seq: Number(r.seq), event: JSON.parse(String(r.data)) as MmmEvent })),
    ),
  });

  const eventsAfter = (runId: string, afterSeq = 0, limit = -1): StoredEvent[] =>
    all(
      'SELECT seq, data FROM events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      runId,
      afterSeq,
      limit,
    ).map((r) => ({ seq: Number(r.seq), event: JSON.parse(String(r.data)) as MmmEvent }));

  const readOutput = (o: OutputRecord): RunExport['outputs'][number] => {
    if (o.content !== null || o.path === null) return o;
    const file = absolutePath(paths, o.path);
    return existsSync(file)
      ? { ...o, content: readFileSync(file, 'utf8') }
      : { ...o, missing: true };
  };

  return {
    listRuns: (options = {}) => {
      const length = shortLength();
      const where = options.session === undefined ? '' : 'WHERE r.session = ?';
      const params = options.session === undefined ? [] : [options.session];
      return all(
        `${RUN_SELECT} ${where} ORDER BY r.started_at DESC, r.id DESC LIMIT ?`,
        ...params,
        options.limit ?? -1,
      ).map((row) => toRunRecord(row, length));
    },
    resolveRun: (query) => {
      const exact = db.prepare('SELECT id FROM runs WHERE id = ?').get(query) as Row | undefined;
      if (exact) return String(exact.id);
      const candidates = all('SELECT id FROM runs WHERE substr(id, 1, ?) = ?', query.length, query);
      return resolveRunPrefix(
        query,
        candidates.map((r) => String(r.id)),
      );
    },
    getRun,
    eventsAfter,
    playbookSource: (runId) => {
      const row = db.prepare('SELECT playbook_source FROM runs WHERE id = ?').get(runId) as
        Row | undefined;
      return typeof row?.playbook_source === 'string' ? row.playbook_source : null;
    },
    resumableRuns: () => {
      const length = shortLength();
      return all(
        `${RUN_SELECT} WHERE (r.status IN ('crashed', 'interrupted')
           OR (r.status = 'stopped' AND r.reason = 'not_converging'))
         ORDER BY r.started_at DESC, r.id DESC`,
      ).map((row) => toRunRecord(row, length));
    },
    exportRun: (runId) => ({
      format: 'mmm-run-export',
      version: 1,
      ...getRun(runId),
      agentCalls: all('SELECT * FROM agent_calls WHERE run_id = ? ORDER BY id', runId).map(
        toAgentCallRecord,
      ),
      outputs: (
        all(
          `SELECT id, iteration, step_index AS stepIndex, role, attempt, label, content, path,
           sha256, size_bytes AS sizeBytes, at FROM outputs WHERE run_id = ? ORDER BY id`,
          runId,
        ) as unknown as OutputRecord[]
      ).map(readOutput),
      events: eventsAfter(runId),
    }),
  };
}

/**
 * Whether `mmm resume` can continue a run in this state: it crashed, was interrupted, or stopped
 * for a step that was not converging (a person helps, then resumes).
 */
export function isResumable(run: Pick<RunRecord, 'status' | 'reason'>): boolean {
  return (
    run.status === 'crashed' ||
    run.status === 'interrupted' ||
    (run.status === 'stopped' && run.reason === 'not_converging')
  );
}
