// Keeps mmm's private files out of commits and out of `git status`, without touching .gitignore.
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gitPath } from './repo.js';
import type { GitDeps } from './run.js';

/** Paths mmm writes inside a repository that must never be committed nor make the tree dirty. */
export const MMM_PRIVATE_PATTERNS = ['/.mmm/mmm.db*', '/.mmm/runs/'] as const;

/**
 * The pattern a line of an ignore or exclude file holds, as git reads it: trailing spaces (and a
 * carriage return) are dropped, leading spaces are part of the pattern.
 */
export function ignoreFilePattern(line: string): string {
  return line.replace(/[\r ]+$/, '');
}

async function excludeFile(deps: GitDeps, cwd: string): Promise<string> {
  // info/ is shared by all worktrees, so it lives in the common git dir.
  return gitPath(deps, cwd, 'info/exclude', true);
}

/**
 * Adds each pattern missing from the repository's shared `info/exclude` (the common git dir, so
 * every worktree of the repository sees it). Idempotent; returns the patterns it added.
 */
export async function ensureExcluded(
  deps: GitDeps,
  cwd: string,
  patterns: readonly string[] = MMM_PRIVATE_PATTERNS,
): Promise<string[]> {
  const file = await excludeFile(deps, cwd);
  const current = await readFile(file, 'utf8').catch(() => '');
  const present = new Set(current.split('\n').map(ignoreFilePattern));
  const missing = patterns.filter((p) => !present.has(p));
  if (missing.length === 0) return [];
  await mkdir(dirname(file), { recursive: true });
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  const header = present.has('# mmm private files') ? '' : '# mmm private files\n';
  await appendFile(file, `${separator}${header}${missing.join('\n')}\n`);
  return missing;
}

/**
 * Remembers the exclude file as it is now; the returned function puts it back exactly (removing
 * it when it did not exist), for a check that wrote patterns and then refused to run.
 */
export async function keepExcludeAsIs(deps: GitDeps, cwd: string): Promise<() => Promise<void>> {
  const file = await excludeFile(deps, cwd);
  const before = await readFile(file).catch(() => undefined);
  return async () => {
    if (before === undefined) await rm(file, { force: true });
    else await writeFile(file, before);
  };
}
