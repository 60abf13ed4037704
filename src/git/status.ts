// Is the working tree clean? Tracked changes, staged changes and untracked, non-ignored files.
import { runGit, type GitDeps } from './run.js';

/**
 * Paths with uncommitted changes: modified, staged, deleted and untracked (not ignored) files,
 * relative to the repository root. An untracked directory is listed once, with a trailing slash.
 */
export async function dirtyFiles(deps: GitDeps, cwd: string): Promise<string[]> {
  const result = await runGit(
    deps,
    ['status', '--porcelain=v1', '-z', '--untracked-files=normal'],
    {
      cwd,
    },
  );
  const fields = result.stdout.split('\0');
  const paths: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i];
    if (!entry || entry.length < 4) continue;
    paths.push(entry.slice(3));
    // A rename or copy is followed by its source path in the next field.
    if (entry[0] === 'R' || entry[0] === 'C') i++;
  }
  return paths;
}

/** True when dirtyFiles would list anything. */
export async function isDirty(deps: GitDeps, cwd: string): Promise<boolean> {
  return (await dirtyFiles(deps, cwd)).length > 0;
}
