import { constants, statSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PlaybookError, UsageError } from '../errors.js';
import { decodePlaybook } from './decode.js';
import type { Playbook } from './model.js';
import { parsePlaybook } from './parse.js';

export interface LoadPlaybookOptions {
  /** Directory a relative `file` is resolved from. */
  cwd: string;
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function readError(file: string, path: string, cwd: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new UsageError(`playbook not found: ${file}`, {
      cause: error,
      hint: `no file at ${path}; check the path (relative paths start at ${cwd})`,
    });
  }
  if (code === 'EISDIR') return directoryError(file, error);
  // A socket cannot be opened at all (ENXIO): say what the file is, as for a pipe or a device.
  const stats = code === 'ENXIO' ? statIfAny(path) : undefined;
  if (stats?.isSocket()) return notAFileError(file, stats);
  return new UsageError(`cannot read playbook ${file}: ${(error as Error).message}`, {
    cause: error,
    hint:
      code === 'EACCES' || code === 'EPERM'
        ? `make ${path} readable by you (chmod u+r)`
        : `check that ${path} is a readable file`,
  });
}

function statIfAny(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function notAFileError(file: string, stats: Stats): UsageError {
  return new UsageError(`${file} is ${kindOf(stats)}, not a playbook file`, {
    hint: 'give the path of a regular .yml file; mmm reads a playbook whole before it runs anything',
  });
}

function directoryError(file: string, cause?: unknown): UsageError {
  return new UsageError(`${file} is a directory, not a playbook`, {
    cause,
    hint: 'give the path of a .yml file',
  });
}

/** The file's bytes; a UsageError when it is missing, unreadable or not a regular file. */
async function readPlaybookBytes(file: string, cwd: string): Promise<Buffer> {
  const path = resolve(cwd, file);
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a named pipe for reading would otherwise wait for a writer, forever.
    // Opening first and asking the open file what it is leaves no gap for a swap in between.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = await handle.stat();
    if (stats.isDirectory()) throw directoryError(file);
    if (!stats.isFile()) throw notAFileError(file, stats);
    return await handle.readFile();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw readError(file, path, cwd, error);
  } finally {
    await handle?.close();
  }
}

/**
 * The playbook's text. Throws UsageError when the file cannot be read, and PlaybookError (one
 * problem, at the first bad byte) when it is not UTF-8.
 */
async function readPlaybookText(file: string, cwd: string): Promise<string> {
  const decoded = decodePlaybook(await readPlaybookBytes(file, cwd), file);
  if (decoded.problem) throw new PlaybookError([decoded.problem]);
  return decoded.text;
}

/**
 * Reads, checks and normalizes a playbook. Throws UsageError when the file cannot be read and
 * PlaybookError (holding every problem) when it is not valid.
 */
export async function loadPlaybook(file: string, options: LoadPlaybookOptions): Promise<Playbook> {
  const text = await readPlaybookText(file, options.cwd);
  const { playbook, problems } = parsePlaybook(text, file);
  if (!playbook) throw new PlaybookError(problems);
  return playbook;
}

export { readPlaybookText };
