// Opens a repository's run database. The only place in mmm that opens it.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { PreconditionError } from '../errors.js';
import { ensureLocallyIgnored, mainRepoRoot } from '../git/common-dir.js';
import type { GitDeps } from '../git/run.js';
import { INLINE_OUTPUT_LIMIT } from './outputs.js';
import {
  LEDGER_IGNORE_PATTERNS,
  ledgerPathsForDb,
  ledgerPathsForRoot,
  type LedgerPaths,
} from './paths.js';
import { createQueries, type Queries } from './queries.js';
import { createMapBook, type MapBook } from './maps.js';
import { createGateBook, type GateBook } from './gates.js';
import { createBrowse, type Browse } from './browse.js';
import { findDeadRuns, markCrashed, type DeadRun } from './crashed.js';
import { createRecorder, type Recorder } from './record.js';
import { assertReadable, migrate, SCHEMA_VERSION, schemaVersion } from './schema.js';
import { explainLedgerDirError, explainLedgerError, guardLedgerCalls } from './unusable.js';

export interface OpenLedgerOptions {
  /**
   * Open for reading only: never creates the database, and writes only to migrate an older schema
   * and to mark runs whose process is gone `crashed`.
   */
  readonly?: boolean;
  /** Outputs larger than this many bytes are written to files. Default 64 KiB. */
  inlineOutputLimit?: number;
  /** How long a writer waits for another process's lock, in ms. Default 5000. */
  busyTimeoutMs?: number;
}

/** One open run database: writes (from events) and reads (for `mmm runs`). */
export interface Ledger extends Recorder, Queries, MapBook, GateBook, Browse {
  readonly paths: LedgerPaths;
  readonly readonly: boolean;
  /**
   * Marks `crashed` every run of this machine whose process is gone without an end recorded (done
   * once when the ledger opens). Returns the dead runs found, marked now or by another process.
   */
  markCrashedRuns: () => DeadRun[];
  /** Closes the connection; safe to call twice. */
  close: () => void;
}

function readonlyRecorder(dbPath: string): Recorder {
  const refuse = (): never => {
    throw new Error(`the ledger at ${dbPath} was opened read-only`);
  };
  return { recordEvents: refuse, recordArtifact: refuse };
}

/**
 * Switching a new database to WAL needs a moment alone with it; when several processes open it at
 * once SQLite may answer "busy" without waiting, so wait here, up to the busy timeout.
 */
function withBusyRetry<T>(action: () => T, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return action();
    } catch (error) {
      const busy = (error as { code?: unknown }).code === 'SQLITE_BUSY';
      if (!busy || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, 10 + Math.random() * 40);
    }
  }
}

let addon: string | null | undefined;

/**
 * The addon's file, handed to better-sqlite3 directly: its own lookup probes a dozen paths first
 * (~4 ms). Null when the build is not where npm puts it: better-sqlite3 then looks itself.
 */
function nativeBinding(): string | null {
  if (addon === undefined) {
    try {
      const root = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
      const file = join(root, 'build', 'Release', 'better_sqlite3.node');
      addon = existsSync(file) ? file : null;
    } catch {
      addon = null;
    }
  }
  return addon;
}

function connect(paths: LedgerPaths, readonly: boolean, busyTimeoutMs: number): Database {
  const db = new BetterSqlite3(paths.dbPath, {
    readonly,
    fileMustExist: readonly,
    nativeBinding: nativeBinding() ?? undefined,
  });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    if (!readonly) {
      // WAL lets readers (mmm runs) go on while a run writes, and parallel sessions take turns.
      withBusyRetry(() => db.pragma('journal_mode = WAL'), busyTimeoutMs);
      db.pragma('synchronous = NORMAL');
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Marks the dead runs `crashed`. A read-only ledger does it through a short-lived writer, as it
 * migrates. Where it cannot write (no permission, a full or read-only disk) the runs stay as
 * recorded, and the command goes on: marking them is never what the command was for.
 */
function sweepDeadRuns(
  db: Database,
  paths: LedgerPaths,
  readonly: boolean,
  busyTimeoutMs: number,
): DeadRun[] {
  const dead = findDeadRuns(db);
  if (dead.length === 0) return dead;
  try {
    if (!readonly) markCrashed(db, dead);
    else {
      const writer = connect(paths, false, busyTimeoutMs);
      try {
        markCrashed(writer, dead);
      } finally {
        writer.close();
      }
    }
  } catch {
    // Left for the next mmm that can write: shown as recorded until then.
  }
  return dead;
}

/**
 * Opens the ledger at `target`: a database file (an existing file, or a path ending in `.db`), or
 * else a directory taken as the repository root (`<dir>/.mmm/mmm.db`). Writable opens create and
 * migrate the database; read-only opens require it to exist, and migrate an older schema first.
 */
export function openLedger(target: string, options: OpenLedgerOptions = {}): Ledger {
  const isDb = existsSync(target) ? statSync(target).isFile() : target.endsWith('.db');
  return openLedgerAt(isDb ? ledgerPathsForDb(target) : ledgerPathsForRoot(target), options);
}

/**
 * Opens the database at `paths.dbPath`, whatever is there: a database that cannot be used (damaged,
 * unreadable, a directory, no `.mmm/` directory to be made) is a PreconditionError (exit 3).
 */
function openLedgerAt(paths: LedgerPaths, options: OpenLedgerOptions): Ledger {
  const readonly = options.readonly ?? false;
  const busy = options.busyTimeoutMs ?? 5000;
  if (readonly && !existsSync(paths.dbPath)) {
    throw new PreconditionError(`no runs recorded yet: ${paths.dbPath} does not exist`);
  }
  if (!readonly) {
    const dir = dirname(paths.dbPath);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw explainLedgerDirError(error, dir);
    }
  }
  let db: Database | undefined;
  let recorder: Recorder;
  try {
    db = connect(paths, readonly, busy);
    // A newer schema is refused before anything (even a migration) touches it.
    assertReadable(db, paths.dbPath);
    if (!readonly) migrate(db, paths.dbPath);
    else if (schemaVersion(db) < SCHEMA_VERSION) {
      db.close();
      const writer = connect(paths, false, busy);
      try {
        migrate(writer, paths.dbPath);
      } finally {
        writer.close();
      }
      db = connect(paths, true, busy);
    }
    // Preparing the statements reads the schema: a damaged one shows here.
    const limit = options.inlineOutputLimit ?? INLINE_OUTPUT_LIMIT;
    recorder = readonly
      ? readonlyRecorder(paths.dbPath)
      : createRecorder(db, paths, { inlineOutputLimit: limit });
    sweepDeadRuns(db, paths, readonly, busy);
  } catch (error) {
    if (db?.open) db.close();
    throw explainLedgerError(error, paths.dbPath, readonly);
  }
  const opened = db;
  return {
    paths,
    readonly,
    ...recorder,
    // A damaged page shows only when a query reaches it, long after the open.
    ...guardLedgerCalls(
      {
        ...createQueries(opened, paths),
        // Its writes fail on a read-only ledger, as SQLite refuses them.
        ...createMapBook(opened),
        ...createGateBook(opened),
        ...createBrowse(opened, paths),
        markCrashedRuns: () => sweepDeadRuns(opened, paths, readonly, busy),
      },
      paths.dbPath,
      readonly,
    ),
    close: () => {
      if (opened.open) opened.close();
    },
  };
}

/** The ledger's paths for the repository that `cwd` is in (any of its worktrees). */
export async function locateLedger(deps: GitDeps, cwd: string): Promise<LedgerPaths> {
  return ledgerPathsForRoot(await mainRepoRoot(deps, cwd));
}

/**
 * Opens the ledger of the repository `cwd` is in for writing: created when missing, and kept out
 * of `git status` through the repository's exclude file.
 */
export async function openRepoLedger(
  deps: GitDeps,
  cwd: string,
  options: Omit<OpenLedgerOptions, 'readonly'> = {},
): Promise<Ledger> {
  const paths = await locateLedger(deps, cwd);
  await ensureLocallyIgnored(deps, cwd, LEDGER_IGNORE_PATTERNS);
  return openLedgerAt(paths, options);
}

/** Opens the ledger of the repository `cwd` is in for reading; undefined when nothing is recorded. */
export async function openRepoLedgerForReading(
  deps: GitDeps,
  cwd: string,
): Promise<Ledger | undefined> {
  const paths = await locateLedger(deps, cwd);
  if (!existsSync(paths.dbPath)) return undefined;
  return openLedgerAt(paths, { readonly: true });
}
