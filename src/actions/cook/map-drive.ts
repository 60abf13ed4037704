// Driving a recorded `--map` run, started by `mmm cook --map` or continued by `mmm resume <map>`:
// each item's task N at a time, every change of an item written to the ledger as it happens, the
// summary table, then the merges, and at last whether anything is left to resume.
import pLimit from 'p-limit';
import { ExitCode, MmmError, PreconditionError } from '../../errors.js';
import { gitPath } from '../../git/repo.js';
import { formatElapsed, formatTable } from '../../infra/format.js';
import { takeLock } from '../../infra/lock-file.js';
import type { Ledger, MapItemRecord, MapItemState, MapRecord } from '../../ledger/index.js';
import {
  readSession,
  type SessionDeps,
  type SessionRecord,
  type SessionStore,
} from '../../sessions/store.js';
import { showControls } from '../../infra/control-chars.js';
import { printError } from '../print-error.js';
import { writeLine, type CliContext } from '../context.js';
import { adviseKept, adviseMerge, mergeNow, type MergePolicy } from './finish-session.js';

/** One row of the summary table. */
export interface MapRow {
  item: string;
  session: string | undefined;
  /** The session's status, `skipped` when an interrupt came before it started, `error` when it could not start. */
  status: string;
  commits: number;
  durationMs: number;
  exitCode: number;
  record: SessionRecord | undefined;
  /** The run that waits at an approve gate, for a decision, when the item's run paused there. */
  waiting?: string | undefined;
}

/** What the driver does for one item: its task runs when a job is free and gives its row. */
export interface ItemTask {
  item: MapItemRecord;
  run: () => Promise<MapRow>;
}

/** A map being driven by this process. */
export interface MapDrive {
  map: Pick<MapRecord, 'id' | 'jobs' | 'yes' | 'checkout'>;
  /** Open for writing: every change of an item is recorded at once. */
  ledger: Ledger;
  /** Where the repository's sessions are recorded. */
  store: SessionStore;
  policy: MergePolicy;
  tableTo: 'stdout' | 'stderr';
  /** The command that finishes the map when items are left (default: mmm resume <map>). */
  continueWith?: string | undefined;
}

export function emptyRow(item: string): MapRow {
  return {
    item,
    session: undefined,
    status: 'skipped',
    commits: 0,
    durationMs: 0,
    exitCode: ExitCode.ok,
    record: undefined,
  };
}

/** Runs `work` for one item; a user error (a session that could not be made) becomes its row. */
export async function itemRow(
  item: string,
  ctx: CliContext,
  work: (row: MapRow) => Promise<void>,
): Promise<MapRow> {
  const row = emptyRow(item);
  const started = Date.now();
  try {
    await work(row);
  } catch (error) {
    if (!(error instanceof MmmError)) throw error;
    writeLine(ctx.stderr, `${showControls(item)}:`);
    printError(error, ctx.stderr);
    Object.assign(row, { status: 'error', exitCode: error.exitCode });
  }
  row.durationMs = Date.now() - started;
  return row;
}

/** The row of an item this process does not run: as its record stands. */
export function keptRow(item: MapItemRecord, record: SessionRecord | undefined, status?: string) {
  const exitCode =
    item.state === 'failed'
      ? ExitCode.stepFailed
      : item.state === 'conflicted'
        ? ExitCode.needsAttention
        : ExitCode.ok;
  return {
    ...emptyRow(item.item),
    session: item.session ?? undefined,
    status: status ?? record?.status ?? item.state,
    commits: record?.commits ?? 0,
    exitCode,
    record,
  };
}

/** The item's state once its run ended with its session in `record`. */
export function stateAfterRun(record: SessionRecord): MapItemState {
  switch (record.status) {
    case 'completed':
      return 'done';
    case 'merged':
      return 'merged';
    case 'conflicted':
      return 'conflicted';
    case 'failed':
    case 'stopped':
      return 'failed';
    case 'interrupted':
    case 'running':
    case 'cleaned':
      // Its run says the rest: `mmm resume` of the map continues an interrupted one.
      return 'running';
  }
}

/**
 * Whether an item needs nothing more: merged, failed or conflicted, or done when --yes was not
 * given (its merge is the user's) or it has nothing to merge.
 */
export function itemFinished(
  state: MapItemState,
  yes: boolean,
  record: SessionRecord | undefined,
): boolean {
  switch (state) {
    case 'merged':
    case 'failed':
    case 'conflicted':
      return true;
    case 'done':
      return !yes || !record || record.commits === 0 || !record.baseBranch;
    case 'pending':
    case 'running':
      return false;
  }
}

export function formatMapTable(rows: MapRow[]): string {
  return formatTable(
    ['ITEM', 'SESSION', 'STATUS', 'COMMITS', 'TIME'],
    rows.map((r) => [
      r.item,
      r.session ?? '-',
      r.status,
      String(r.commits),
      formatElapsed(r.durationMs),
    ]),
  );
}

/**
 * The map's own lock, held by whichever process drives it (cook --map, then each resume), so two
 * never drive one map; a holder that died loses it to the next.
 */
export async function lockMap(
  deps: SessionDeps,
  cwd: string,
  mapId: string,
  command: string,
): Promise<() => void> {
  const path = await gitPath(deps, cwd, `mmm-map-${mapId}.lock`, true);
  const taken = await takeLock({ path, command, waitMs: 0 });
  if (taken.ok) return taken.release;
  const h = taken.holder;
  throw new PreconditionError(
    `map ${mapId} is being run already: ${h.command} (pid ${h.pid} on ${h.host}, since ${h.since})`,
    { hint: 'wait for it to end; if it is interrupted or killed, resume the map then' },
  );
}

/** The hint of an unfinished map, printed as its process lets go of it. */
export function resumeMapLine(
  mapId: string,
  left: number,
  waiting = 0,
  command = `mmm resume ${mapId}`,
): string {
  const decide =
    waiting > 0
      ? ` (${waiting} of them wait${waiting === 1 ? 's' : ''} for approval: decide first, mmm approve or mmm reject runs the rest of that item)`
      : '';
  return `Map ${mapId} is not finished: ${left} item(s) left${decide}. Continue it with: ${command}`;
}

/** Runs the tasks, prints the table, merges what is ready, records the map's end. */
export async function driveMap(
  deps: SessionDeps,
  drive: MapDrive,
  tasks: readonly ItemTask[],
  finishRuns: () => Promise<void>,
  ctx: CliContext,
): Promise<number> {
  const { ledger, map, store } = drive;
  const limit = pLimit(map.jobs);
  let done: MapRow[];
  try {
    done = await Promise.all(tasks.map((task) => limit(task.run)));
  } finally {
    await finishRuns();
  }
  // Tasks may run in another order than the items' (a resume starts with the runs in flight).
  const order = tasks
    .map((task, i) => ({ task, row: done[i] ?? emptyRow(task.item.item) }))
    .sort((a, b) => a.task.item.position - b.task.item.position);
  const rows = order.map((o) => o.row);
  (drive.tableTo === 'stderr' ? ctx.stderr : ctx.stdout).write(formatMapTable(rows));

  let code = Math.max(ExitCode.ok, ...rows.map((r) => r.exitCode));
  const ready = order.filter(
    ({ row }) => row.record?.status === 'completed' && row.record.commits > 0,
  );
  for (const row of rows) {
    if (row.waiting !== undefined) adviseDecision(row, row.waiting, ctx);
    else if (row.record && !['completed', 'merged'].includes(row.record.status)) {
      adviseKept(row.record, ctx);
    }
  }
  const target = rows.find((r) => r.record?.status === 'completed')?.record?.baseBranch;
  const merge =
    ready.length > 0 &&
    !ctx.signal.aborted &&
    (drive.policy.yes ||
      (target !== undefined &&
        drive.policy.ask !== undefined &&
        (await drive.policy.ask(
          `Merge the ${ready.length} completed session(s) into ${target}, one after another?`,
        ))));
  for (const { task, row } of ready) {
    const record = row.record;
    if (!record) continue;
    if (!merge || !record.baseBranch) {
      if (!ctx.signal.aborted) adviseMerge(record, ctx);
      continue;
    }
    code = Math.max(code, await mergeNow(deps, record, ctx));
    const after = await readSession(store, record.name);
    const state = after && stateAfterRun(after);
    if (state === 'merged' || state === 'conflicted') {
      ledger.setMapItem(map.id, task.item.position, { state });
    }
  }
  const left = await leftToDo(ledger, map.id, map.yes, store);
  ledger.releaseMap(map.id, left === 0 ? 'done' : 'interrupted');
  const waiting = rows.filter((r) => r.waiting !== undefined).length;
  if (left > 0) writeLine(ctx.stderr, resumeMapLine(map.id, left, waiting, drive.continueWith));
  return code;
}

/** What to do for an item whose run waits at a gate: decide, then the map goes on. */
function adviseDecision(row: MapRow, runId: string, ctx: CliContext): void {
  writeLine(
    ctx.stderr,
    `${showControls(row.item)}: run ${runId} waits for approval in session ${row.session ?? '-'}: mmm approve ${runId} [--comment ...] or mmm reject ${runId} [--reason ...] [--retry] (mmm pending shows the change)`,
  );
}

/** How many items of the map still need something, from the record as it stands. */
async function leftToDo(
  ledger: Ledger,
  mapId: string,
  yes: boolean,
  store: SessionStore,
): Promise<number> {
  const items = ledger.getMap(mapId)?.items ?? [];
  let left = 0;
  for (const item of items) {
    const record = item.session === null ? undefined : await readSession(store, item.session);
    if (!itemFinished(item.state, yes, record)) left++;
  }
  return left;
}
