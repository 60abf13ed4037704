// A system call refused to write (a full disk, a read-only directory): the user's to fix, not a bug.
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
