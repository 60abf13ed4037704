// The UI's view of the ledger: one read-only connection, opened once the database exists (a run
// may start after the UI), and answers retried while another process holds the database.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { MmmError } from '../errors.js';
import { openLedger, type Ledger, type LedgerPaths } from '../ledger/index.js';

/** The database stayed busy through every retry. */
export class LedgerBusyError extends Error {
  constructor(cause: unknown) {
    super('the run ledger is busy (another process holds it); try again in a moment', { cause });
    this.name = 'LedgerBusyError';
  }
}

export interface LedgerReader {
  /** Runs `read` on the ledger; undefined while no run has been recorded. */
  read: <T>(read: (ledger: Ledger) => T) => Promise<T | undefined>;
  close: () => void;
}

function isBusy(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
    if (!(e instanceof Error)) break;
  }
  return false;
}

/**
 * A reader of the database at `paths`. Each try waits `busyTimeoutMs` for a lock (SQLite's
 * busy_timeout), then the reader lets other requests run before the next of `retries` tries.
 */
export function ledgerReader(
  paths: LedgerPaths,
  { busyTimeoutMs = 500, retries = 8 } = {},
): LedgerReader {
  let ledger: Ledger | undefined;
  const drop = () => {
    ledger?.close();
    ledger = undefined;
  };
  return {
    read: async (read) => {
      for (let attempt = 0; ; attempt++) {
        try {
          if (!ledger) {
            if (!existsSync(paths.dbPath)) return undefined;
            ledger = openLedger(paths.dbPath, { readonly: true, busyTimeoutMs });
          }
          return read(ledger);
        } catch (error) {
          if (!isBusy(error)) {
            // A user error (an unknown run) leaves the connection as good as it was.
            if (!(error instanceof MmmError)) drop();
            throw error;
          }
          drop();
          if (attempt >= retries) throw new LedgerBusyError(error);
          await sleep(50 * (attempt + 1));
        }
      }
    },
    close: drop,
  };
}
