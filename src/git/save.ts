// Nothing is lost: uncommitted work is saved to a ref before the tree is reset.
import { randomBytes } from 'node:crypto';
import { copyFile, rm } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { gitOut, runGit, type GitDeps } from './run.js';

async function gitPath(deps: GitDeps, cwd: string, name: string): Promise<string> {
  const out = await gitOut(deps, ['rev-parse', '--git-path', name], { cwd });
  return isAbsolute(out) ? out : resolve(cwd, out);
}

/**
 * Commits the whole state of the working tree (tracked changes and untracked, non-ignored files)
 * on top of HEAD and points `refs/mmm/<name>` at it. The working tree, the index and HEAD are
 * left exactly as they were: staging happens in a temporary index file. Returns the full ref name.
 */
export async function saveWorkToRef(deps: GitDeps, cwd: string, name: string): Promise<string> {
  const ref = `refs/mmm/${name}`;
  const index = await gitPath(deps, cwd, 'index');
  const tempIndex = `${index}.mmm-${randomBytes(4).toString('hex')}`;
  // Starting from a copy of the real index keeps git's stat cache, so staging stays fast.
  await copyFile(index, tempIndex).catch(() => undefined);
  const env = { GIT_INDEX_FILE: tempIndex };
  try {
    await runGit(deps, ['add', '--all'], { cwd, env });
    const tree = await gitOut(deps, ['write-tree'], { cwd, env });
    const parent = await gitOut(deps, ['rev-parse', 'HEAD'], { cwd });
    const commit = await gitOut(
      deps,
      ['commit-tree', tree, '-p', parent, '-m', `mmm: work saved to ${ref}`],
      { cwd },
    );
    await runGit(deps, ['update-ref', '-m', 'mmm: save work', ref, commit], { cwd });
    return ref;
  } finally {
    await rm(tempIndex, { force: true });
  }
}

/**
 * Resets the working tree, index and branch to `commit` and removes untracked, non-ignored files.
 * Destructive: call it only after saveWorkToRef has kept what it would remove.
 */
export async function restoreTo(deps: GitDeps, cwd: string, commit: string): Promise<void> {
  await runGit(deps, ['reset', '--quiet', '--hard', commit], { cwd });
  await runGit(deps, ['clean', '--quiet', '--force', '-d'], { cwd });
}
