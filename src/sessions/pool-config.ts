// How big a repository's worktree pool is and which ignored caches its trees keep: the
// repository's `.mmm/pool.yml`, overridden by MMM_POOL_SIZE and MMM_POOL_KEEP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PreconditionError, UsageError } from '../errors.js';

/** Where the file is, relative to the root of the main working tree. */
export const POOL_FILE = '.mmm/pool.yml';
export const DEFAULT_POOL_SIZE = 2;

export interface PoolConfig {
  /** Idle worktrees kept at most; 0 turns the pool off. */
  size: number;
  /** Gitignore patterns of ignored files a pooled tree keeps (`node_modules`). */
  keep: string[];
}

const MAX_SIZE = 100;

function parseSize(value: unknown, where: string): number {
  // Digits only: Number() would also read `1e1`, `0x2` and ` 3`.
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > MAX_SIZE) {
    throw new UsageError(
      `${where} is ${JSON.stringify(value)}; the worktree pool's size is a whole number from 0 to ${MAX_SIZE}`,
      { hint: `set it to 0 to turn the pool off, or to ${DEFAULT_POOL_SIZE} (the default)` },
    );
  }
  return number;
}

/**
 * A kept cache must be named: a pattern of nothing but wildcards and slashes (`*`, `**`, `*` and
 * a slash) would keep every ignored file, `.env` and build output included, from one session to
 * the next.
 */
function checkNamed(patterns: string[], where: string): string[] {
  const bare = patterns.find((p) => /^[*?/!\s]*$/.test(p));
  if (bare !== undefined) {
    throw new UsageError(
      `${where} holds ${JSON.stringify(bare)}, which names no cache: it would keep every ignored file (.env, build output) from one session to the next`,
      { hint: 'name each cache directory, such as node_modules or .venv' },
    );
  }
  return patterns;
}

function parseKeep(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.trim() !== '')) {
    throw new UsageError(`${where} must be a list of path patterns, such as [node_modules]`, {
      hint: 'write one ignored directory or pattern per entry, or leave it out to keep nothing',
    });
  }
  return checkNamed(
    value.map((v: string) => v.trim()),
    where,
  );
}

function readFile(repoRoot: string): Record<string, unknown> {
  const path = join(repoRoot, POOL_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No file, or no .mmm directory for it to be in (a file named .mmm is the ledger's to report).
    if (code === 'ENOENT' || code === 'ENOTDIR') return {};
    throw new PreconditionError(`cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
      hint: 'make it a readable file, or remove it to use the defaults',
    });
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid YAML: ${(error as Error).message}`, {
      cause: error,
      hint: 'fix it, or delete it to use the defaults',
    });
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError(`${path} must be a mapping with size: and keep:`, {
      hint: 'for example: size: 2 and keep: [node_modules], each on its own line',
    });
  }
  const unknown = Object.keys(data).filter((key) => key !== 'size' && key !== 'keep');
  if (unknown.length > 0) {
    throw new UsageError(`${path} has unknown key(s): ${unknown.join(', ')}`, {
      hint: 'the file knows size: and keep: only',
    });
  }
  return data as Record<string, unknown>;
}

/**
 * The pool settings of the repository whose main working tree is `repoRoot`. A bad value is a
 * usage error (exit 2) naming the file or variable.
 */
export function readPoolConfig(env: NodeJS.ProcessEnv, repoRoot: string): PoolConfig {
  const file = readFile(repoRoot);
  const where = join(repoRoot, POOL_FILE);
  let size = file.size === undefined ? DEFAULT_POOL_SIZE : parseSize(file.size, `size in ${where}`);
  let keep = file.keep === undefined ? [] : parseKeep(file.keep, `keep in ${where}`);
  if (env.MMM_POOL_SIZE !== undefined && env.MMM_POOL_SIZE !== '') {
    size = parseSize(env.MMM_POOL_SIZE, 'MMM_POOL_SIZE');
  }
  if (env.MMM_POOL_KEEP !== undefined) {
    keep = checkNamed(
      env.MMM_POOL_KEEP.split(',')
        .map((v) => v.trim())
        .filter((v) => v !== ''),
      'MMM_POOL_KEEP',
    );
  }
  return { size, keep };
}
