// A ledger mmm cannot use (a damaged file, no permission, a file where its directory should be) is
// the user's to fix: these turn SQLite's and the file system's errors into exit 3 with a hint.
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { MmmError, PreconditionError } from '../errors.js';

const MOVE_ASIDE = 'move it aside; mmm starts a new one on the next run';

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** SQLite's primary result codes, by what the user can do about them. */
const DAMAGED = ['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_FORMAT'];
const NO_ACCESS = ['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PERM', 'SQLITE_AUTH'];

/**
 * The user-facing error for a SQLite error that means the database cannot be used at all; any other
 * error (a bug, a busy lock, one of mmm's own errors) is returned as it is.
 */
export function explainLedgerError(error: unknown, dbPath: string, readonly: boolean): unknown {
  if (error instanceof MmmError) return error;
  const code = codeOf(error);
  // Extended codes (SQLITE_CORRUPT_INDEX, SQLITE_IOERR_SHORT_READ, …) start with their primary.
  const is = (primary: string) => code === primary || code.startsWith(`${primary}_`);
  const why = messageOf(error);
  const dir = dirname(dbPath);
  const explained = (message: string, hint: string) =>
    new PreconditionError(message, { cause: error, hint });
  if (DAMAGED.some(is)) {
    return explained(`${dbPath} is not a readable mmm database (${why})`, MOVE_ASIDE);
  }
  if (is('SQLITE_BUSY') || is('SQLITE_LOCKED')) {
    return explained(
      `the run ledger ${dbPath} stayed locked by another process past the wait (${why})`,
      'another mmm (or a tool holding the database open) is writing it: try again when it is done',
    );
  }
  if (is('SQLITE_FULL')) {
    return explained(`cannot write the run ledger ${dbPath}: ${why}`, 'free some disk space');
  }
  const noAccess = NO_ACCESS.some(is);
  if (!noAccess && !is('SQLITE_IOERR')) return error;
  if (isDirectory(dbPath)) {
    return explained(`cannot open the run ledger ${dbPath}: it is a directory`, MOVE_ASIDE);
  }
  if (noAccess) {
    const files = existsSync(dbPath) ? `${dir} and ${dbPath}` : dir;
    const access = readonly ? 'readable' : 'writable';
    return explained(
      `cannot open the run ledger ${dbPath}: ${why}`,
      `make ${files} ${access} by you`,
    );
  }
  return explained(
    `cannot read or write the run ledger ${dbPath}: ${why}`,
    `check the disk and the permissions of ${dir}; if the file is damaged, ${MOVE_ASIDE}`,
  );
}

/** The user-facing error for a failure to create the ledger's directory (`.mmm/`). */
export function explainLedgerDirError(error: unknown, dir: string): unknown {
  const code = codeOf(error);
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    return new PreconditionError(
      `cannot create the run ledger: ${dir} exists and is not a directory`,
      {
        cause: error,
        hint: `move ${dir} aside: mmm keeps its run ledger in a directory of that name`,
      },
    );
  }
  const denied = code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
  if (denied || code.startsWith('E')) {
    const why = code === 'EROFS' ? 'read-only file system' : denied ? 'permission denied' : code;
    return new PreconditionError(`cannot create the run ledger directory ${dir}: ${why}`, {
      cause: error,
      hint: denied ? `make ${dirname(dir)} writable by you, or create ${dir} yourself` : undefined,
    });
  }
  return error;
}

/**
 * Wraps every function of `target` so that an unusable database found while reading (a damaged
 * page surfaces only when a query reaches it) is reported like one found while opening.
 */
export function guardLedgerCalls<T extends object>(
  target: T,
  dbPath: string,
  readonly: boolean,
): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    guarded[name] =
      typeof value === 'function'
        ? (...args: unknown[]): unknown => {
            try {
              return (value as (...a: unknown[]) => unknown)(...args);
            } catch (error) {
              throw explainLedgerError(error, dbPath, readonly);
            }
          }
        : value;
  }
  return guarded as T;
}
