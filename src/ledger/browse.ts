// Reading the ledger page by page for `mmm ui`: runs filtered and paged, a run's agent calls and
// outputs, and where the events table has got to (what the live view polls).
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { absolutePath, type LedgerPaths } from './paths.js';
import { abbreviationLength } from './resolve.js';
import { toAgentCallRecord, toRunRecord, type Row } from './rows.js';
import type { AgentCallRecord, OutputRecord, RunRecord } from './types.js';

/** Which runs a page shows. */
export interface RunPageQuery {
  status?: string | undefined;
  playbook?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of runs: paused runs first, then newest first. */
export interface RunPage {
  runs: RunRecord[];
  /** Runs matching the filter, over all pages. */
  total: number;
}

/** A slice of a captured output, read from the database or from the file it was spilled to. */
export interface OutputSlice {
  output: OutputRecord;
  text: string;
  /** Where the slice starts, in bytes. */
  offset: number;
  /** True when the output goes on past the slice. */
  more: boolean;
  /** The file it was kept in is gone. */
  missing: boolean;
}

export interface Browse {
  runPage: (query: RunPageQuery) => RunPage;
  /** Every state and every playbook recorded, with how many runs each has, for the filters. */
  runFacets: () => { statuses: [string, number][]; playbooks: [string, number][] };
  agentCallsOf: (runId: string) => AgentCallRecord[];
  /** The run's outputs without their content (see outputSlice). */
  outputsOf: (runId: string) => OutputRecord[];
  outputSlice: (runId: string, id: number, offset: number, length: number) => OutputSlice | null;
  /** The id of the latest event recorded in the whole ledger (0 with none). */
  lastEventId: () => number;
  /** The runs that recorded events after the event `afterId`. */
  runsWithEventsAfter: (afterId: number) => string[];
}

// The per-run step counts of queries.ts, kept to the rows of one page.
const RUN_COLUMNS = `r.*,
  (SELECT count(*) FROM steps s WHERE s.run_id = r.id AND s.role = 'step' AND s.status = 'ok') AS live_ok,
  (SELECT count(*) FROM steps s WHERE s.run_id = r.id AND s.role = 'step' AND s.status = 'failed') AS live_failed,
  (SELECT count(*) FROM steps s WHERE s.run_id = r.id AND s.role = 'step' AND s.status = 'skipped') AS live_skipped`;

const OUTPUT_COLUMNS = `id, iteration, step_index AS stepIndex, role, attempt, label,
  NULL AS content, path, sha256, size_bytes AS sizeBytes, at`;

function readFileSlice(file: string, offset: number, length: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, offset);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function createBrowse(db: Database, paths: LedgerPaths): Browse {
  const all = (sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as Row[];

  const filter = (query: Pick<RunPageQuery, 'status' | 'playbook'>) => {
    const clauses: string[] = [];
    const params: string[] = [];
    if (query.status) {
      clauses.push('r.status = ?');
      params.push(query.status);
    }
    if (query.playbook) {
      clauses.push('r.playbook = ?');
      params.push(query.playbook);
    }
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  };

  return {
    runPage: (query) => {
      const { where, params } = filter(query);
      const total = Number(
        (db.prepare(`SELECT count(*) AS n FROM runs r ${where}`).get(...params) as Row).n,
      );
      // The short ids of the page are as long as `mmm runs` makes them over every run.
      const length = abbreviationLength(all('SELECT id FROM runs').map((r) => String(r.id)));
      const rows = all(
        `SELECT ${RUN_COLUMNS} FROM runs r ${where}
         ORDER BY r.status = 'paused' DESC, r.started_at DESC, r.id DESC LIMIT ? OFFSET ?`,
        ...params,
        query.limit,
        query.offset,
      );
      return { runs: rows.map((row) => toRunRecord(row, length)), total };
    },
    runFacets: () => ({
      statuses: all('SELECT status, count(*) AS n FROM runs GROUP BY status ORDER BY status').map(
        (r) => [String(r.status), Number(r.n)],
      ),
      playbooks: all(
        `SELECT playbook, count(*) AS n FROM runs WHERE playbook IS NOT NULL
         GROUP BY playbook ORDER BY playbook`,
      ).map((r) => [String(r.playbook), Number(r.n)]),
    }),
    agentCallsOf: (runId) =>
      all('SELECT * FROM agent_calls WHERE run_id = ? ORDER BY id', runId).map(toAgentCallRecord),
    outputsOf: (runId) =>
      all(
        `SELECT ${OUTPUT_COLUMNS} FROM outputs WHERE run_id = ? ORDER BY id`,
        runId,
      ) as unknown as OutputRecord[],
    outputSlice: (runId, id, offset, length) => {
      const output = db
        .prepare(`SELECT ${OUTPUT_COLUMNS} FROM outputs WHERE run_id = ? AND id = ?`)
        .get(runId, id) as OutputRecord | undefined;
      if (!output) return null;
      const start = Math.max(0, offset);
      if (output.path === null) {
        const row = db.prepare('SELECT content FROM outputs WHERE id = ?').get(id) as Row;
        const bytes = Buffer.from(typeof row.content === 'string' ? row.content : '', 'utf8');
        const text = bytes.subarray(start, start + length).toString('utf8');
        return { output, text, offset: start, more: start + length < bytes.length, missing: false };
      }
      const file = absolutePath(paths, output.path);
      if (!existsSync(file)) return { output, text: '', offset: start, more: false, missing: true };
      const size = statSync(file).size;
      const text = readFileSlice(file, start, Math.max(0, Math.min(length, size - start)));
      return { output, text, offset: start, more: start + length < size, missing: false };
    },
    lastEventId: () => Number((db.prepare('SELECT max(id) AS n FROM events').get() as Row).n ?? 0),
    runsWithEventsAfter: (afterId) =>
      all('SELECT DISTINCT run_id FROM events WHERE id > ?', afterId).map((r) => String(r.run_id)),
  };
}
