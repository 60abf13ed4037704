// The record of whole `--map` runs: what each was started with and where each item stands, so a
// map cut short can be finished by `mmm resume <map>`. Every write is one transaction.
import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import { isRunning, thisProcess } from '../infra/liveness.js';
import { abbreviationLength, resolveRunPrefix } from './resolve.js';
import type { Row } from './rows.js';

/**
 * Where an item stands. `pending`: its run has not started (its session may exist); `running`:
 * its run was started under `runId` (the run's own state says whether it crashed or was
 * interrupted); `done`: its run succeeded; `failed`: its run failed, stopped or could not start;
 * `merged`: its session was merged; `conflicted`: its merge met a conflict.
 */
export type MapItemState = 'pending' | 'running' | 'done' | 'failed' | 'merged' | 'conflicted';

/** What a map is: `running` while its process lives, `crashed` when that process died. */
export type MapStatus = 'running' | 'crashed' | 'interrupted' | 'done';

export interface MapItemRecord {
  position: number;
  item: string;
  state: MapItemState;
  session: string | null;
  runId: string | null;
}

/** One `--map` run as recorded. */
export interface MapRecord {
  id: string;
  /** The shortest prefix (at least 8 characters) that tells every recorded map and run apart. */
  shortId: string;
  /** The playbook, relative to `checkout` when it is inside it, else absolute. */
  playbook: string;
  playbookHash: string;
  playbookName: string;
  playbookSource: string | null;
  glob: string;
  jobs: number;
  /** --yes: merge each successful session. */
  yes: boolean;
  maxIterations: number | null;
  maxCostUsd: number | null;
  /** The top of the checkout mmm was started in. */
  checkout: string;
  baseBranch: string | null;
  baseCommit: string;
  status: MapStatus;
  startedAt: string;
  /** When it was started or last resumed. */
  lastStartedAt: string;
  items: MapItemRecord[];
}

export type NewMap = Omit<MapRecord, 'shortId' | 'status' | 'lastStartedAt' | 'items'>;

export interface MapBook {
  /** Records a map and its items, all `pending`, as driven by this process. */
  recordMap: (map: NewMap, items: readonly string[]) => void;
  /** Changes one item; `session` and `runId` are left as they are when not given. */
  setMapItem: (
    mapId: string,
    position: number,
    patch: { state?: MapItemState; session?: string | null; runId?: string | null },
  ) => void;
  /** This process drives the map again (a resume). */
  claimMap: (mapId: string) => void;
  /** The map's process let go of it: `done` when nothing is left to do, else `interrupted`. */
  releaseMap: (mapId: string, status: 'done' | 'interrupted') => void;
  getMap: (mapId: string) => MapRecord | undefined;
  /** Every map, newest first. */
  listMaps: () => MapRecord[];
  /**
   * The full id of the map a (possibly abbreviated) id names; undefined when it names a run. Map
   * and run ids share one space: a prefix of both is ambiguous, and one of neither unknown (exit 2).
   */
  findMap: (query: string) => string | undefined;
}

function statusOf(row: Row): MapStatus {
  const status = String(row.status);
  if (status === 'done' || status === 'interrupted') return status;
  // A map driven from another machine cannot be judged from here: it counts as running.
  const alive =
    row.pid !== null &&
    isRunning({
      pid: Number(row.pid),
      start: typeof row.pid_start === 'number' ? row.pid_start : undefined,
      host: typeof row.host === 'string' ? row.host : hostname(),
    });
  return alive ? 'running' : 'crashed';
}

export function createMapBook(db: Database): MapBook {
  const all = (sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as Row[];
  const shortLength = () =>
    abbreviationLength(
      all('SELECT id FROM runs UNION SELECT id FROM maps').map((r) => String(r.id)),
    );
  const toMap = (row: Row, length: number): MapRecord => {
    const id = String(row.id);
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return {
      id,
      shortId: id.slice(0, length),
      playbook: String(row.playbook),
      playbookHash: String(row.playbook_hash),
      playbookName: String(row.playbook_name),
      playbookSource: typeof row.playbook_source === 'string' ? row.playbook_source : null,
      glob: String(row.glob),
      jobs: Number(row.jobs),
      yes: Number(row.yes) === 1,
      maxIterations: num(row.max_iterations),
      maxCostUsd: num(row.max_cost_usd),
      checkout: String(row.checkout),
      baseBranch: typeof row.base_branch === 'string' ? row.base_branch : null,
      baseCommit: String(row.base_commit),
      status: statusOf(row),
      startedAt: String(row.started_at),
      lastStartedAt: String(row.last_started_at),
      items: all(
        'SELECT position, item, state, session, run_id FROM map_items WHERE map_id = ? ORDER BY position',
        id,
      ).map((r) => ({
        position: Number(r.position),
        item: String(r.item),
        state: String(r.state) as MapItemState,
        session: typeof r.session === 'string' ? r.session : null,
        runId: typeof r.run_id === 'string' ? r.run_id : null,
      })),
    };
  };
  const now = () => new Date().toISOString();
  const claim = (mapId: string, at: string) => {
    const me = thisProcess();
    db.prepare(
      `UPDATE maps SET status = 'running', pid = ?, pid_start = ?, host = ?, last_started_at = ?,
       updated_at = ? WHERE id = ?`,
    ).run(me.pid, me.start ?? null, me.host, at, at, mapId);
  };

  return {
    recordMap: (map, items) => {
      const at = now();
      db.transaction(() => {
        db.prepare(
          `INSERT INTO maps (id, playbook, playbook_hash, playbook_name, playbook_source, glob, jobs,
           yes, max_iterations, max_cost_usd, checkout, base_branch, base_commit, status,
           started_at, last_started_at, updated_at)
           VALUES (@id, @playbook, @playbookHash, @playbookName, @playbookSource, @glob, @jobs,
           @yes, @maxIterations, @maxCostUsd, @checkout, @baseBranch, @baseCommit, 'running',
           @startedAt, @startedAt, @startedAt)`,
        ).run({ ...map, yes: map.yes ? 1 : 0 });
        claim(map.id, map.startedAt);
        const insert = db.prepare(
          `INSERT INTO map_items (map_id, position, item, state, updated_at)
           VALUES (?, ?, ?, 'pending', ?)`,
        );
        items.forEach((item, i) => insert.run(map.id, i, item, at));
      }).immediate();
    },
    setMapItem: (mapId, position, patch) => {
      const at = now();
      db.prepare(
        `UPDATE map_items SET state = coalesce(@state, state),
         session = CASE WHEN @setSession THEN @session ELSE session END,
         run_id = CASE WHEN @setRun THEN @runId ELSE run_id END, updated_at = @at
         WHERE map_id = @mapId AND position = @position`,
      ).run({
        mapId,
        position,
        at,
        state: patch.state ?? null,
        setSession: patch.session === undefined ? 0 : 1,
        session: patch.session ?? null,
        setRun: patch.runId === undefined ? 0 : 1,
        runId: patch.runId ?? null,
      });
      db.prepare('UPDATE maps SET updated_at = ? WHERE id = ?').run(at, mapId);
    },
    claimMap: (mapId) => {
      claim(mapId, now());
    },
    releaseMap: (mapId, status) => {
      db.prepare(
        'UPDATE maps SET status = ?, pid = NULL, pid_start = NULL, updated_at = ? WHERE id = ?',
      ).run(status, now(), mapId);
    },
    getMap: (mapId) => {
      const row = db.prepare('SELECT * FROM maps WHERE id = ?').get(mapId) as Row | undefined;
      return row && toMap(row, shortLength());
    },
    listMaps: () => {
      const length = shortLength();
      return all('SELECT * FROM maps ORDER BY last_started_at DESC, id DESC').map((r) =>
        toMap(r, length),
      );
    },
    findMap: (query) => {
      const prefixed = (table: string) =>
        all(`SELECT id FROM ${table} WHERE substr(id, 1, ?) = ?`, query.length, query).map((r) =>
          String(r.id),
        );
      const maps = prefixed('maps');
      const id = resolveRunPrefix(query, [...prefixed('runs'), ...maps]);
      return maps.includes(id) ? id : undefined;
    },
  };
}
