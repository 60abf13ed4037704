import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PlaybookError, UsageError } from '../errors.js';
import type { Playbook } from './model.js';
import { parsePlaybook } from './parse.js';

export interface LoadPlaybookOptions {
  /** Directory a relative `file` is resolved from. */
  cwd: string;
}

async function readPlaybookText(file: string, cwd: string): Promise<string> {
  const path = resolve(cwd, file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UsageError(`playbook not found: ${file}`, {
        cause: error,
        hint: `no file at ${path}; check the path (relative paths start at ${cwd})`,
      });
    }
    if (code === 'EISDIR') {
      throw new UsageError(`${file} is a directory, not a playbook`, {
        cause: error,
        hint: 'give the path of a .yml file',
      });
    }
    throw new UsageError(`cannot read playbook ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
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
