// A cheap sign that a working tree changed: what `git status` lists, with the size and mtime of
// each listed file. Two equal fingerprints mean nothing visible to git changed in between; the
// sizes and times catch a file edited again while it was already modified.
import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { runGit, type GitDeps } from './run.js';

/** The paths of `git status --porcelain=v2 -z` entries (renames: the new path). */
function listedPaths(output: string): string[] {
  const fields = output.split('\0');
  const paths: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? '';
    // Fields before the path: 8 for a change, 9 for a rename (its source path follows), 10 unmerged.
    const skip = { '1': 8, '2': 9, u: 10 }[field[0] ?? ''];
    if (skip !== undefined) paths.push(field.split(' ').slice(skip).join(' '));
    else if (field.startsWith('? ')) paths.push(field.slice(2));
    if (field[0] === '2') i++;
  }
  return paths;
}

/**
 * A hash of the tree's state as git status sees it (HEAD, changed and untracked files, each with
 * its size and mtime). It takes no lock: an agent's own git commands in the tree never collide.
 */
export async function treeFingerprint(deps: GitDeps, cwd: string): Promise<string> {
  const result = await runGit(
    deps,
    ['--no-optional-locks', 'status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'],
    { cwd, allowFailure: true },
  );
  const hash = createHash('sha256').update(result.stdout).update(String(result.exitCode));
  const root = deps.pin?.workTree ?? cwd;
  for (const path of listedPaths(result.stdout)) {
    const stat = await lstat(join(root, path)).catch(() => undefined);
    hash.update(`\0${path}\0${stat ? `${stat.size}:${stat.mtimeMs}` : '-'}`);
  }
  return hash.digest('hex');
}
