// A system call refused to write (a full disk, a read-only directory): the user's to fix, not a bug.
import { existsSync } from 'node:fs';
import { access, constants, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CannotWriteError, type WriteProblem } from '../errors.js';

const PROBLEMS: Record<string, WriteProblem> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  SQLITE_FULL: 'full',
  EROFS: 'read-only',
  EACCES: 'read-only',
  EPERM: 'read-only',
  SQLITE_READONLY: 'read-only',
};

/**
 * The error as a CannotWriteError (exit 3) when it is a write the system refused for lack of
 * space or permission; the error itself otherwise. A CannotWriteError passes through as it is.
 */
export function explainWriteFailure(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof CannotWriteError) return error;
  const { code, path } = error as NodeJS.ErrnoException;
  const problem = code === undefined ? undefined : PROBLEMS[code];
  if (problem === undefined) return error;
  // The file or directory that could not be made lives in the directory to free or open up.
  const where = path === undefined ? undefined : dirname(path);
  return new CannotWriteError(where ?? 'the current directory', problem, error.message, {
    cause: error,
  });
}

/**
 * Makes `dir` (and its parents) or explains why it cannot be: a recursive mkdir on a read-only
 * disk reports ENOENT, so the nearest directory that exists is asked for write access instead.
 */
export async function makeWritableDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    let existing = dir;
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    const why = await access(existing, constants.W_OK).then(
      () => error,
      (denied: unknown) => denied,
    );
    const shown = explainWriteFailure(why);
    if (shown instanceof CannotWriteError) {
      throw new CannotWriteError(existing, shown.problem, `cannot make ${dir}: ${shown.detail}`, {
        cause: error,
      });
    }
    throw error;
  }
}
