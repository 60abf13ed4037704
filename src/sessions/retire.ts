// A session merged at the end of its cook (--yes) gives its worktree back to the pool at once:
// its work is in the base branch, so the next session can reuse the tree. The branch and the
// record stay (status merged) until mmm worktree clean.
import { existsSync } from 'node:fs';
import { isAncestor, resolveCommit } from '../git/branch.js';
import { embeddedRepos } from '../git/embedded.js';
import { pinToWorkTree } from '../git/pin.js';
import { headRef } from '../git/repo.js';
import { uncommittedPaths } from '../git/worktree.js';
import { readPoolConfig } from './pool-config.js';
import { giveBackToPool } from './pool.js';
import { baseRevision, openStore } from './status.js';
import { readSession, updateSession, type SessionDeps } from './store.js';

/**
 * Gives the worktree of the merged session `name` back to the pool when nothing in it is the
 * session's alone: HEAD on the session branch, whose tip is in the base, nothing uncommitted, no
 * repository or changed submodule inside. Returns whether it did; otherwise the tree is kept.
 */
export async function giveBackMerged(
  deps: SessionDeps,
  options: { cwd: string; name: string },
): Promise<boolean> {
  const now = deps.now ?? (() => new Date());
  const { store, repoRoot } = await openStore(deps, options.cwd);
  const record = await readSession(store, options.name);
  if (!record || record.status !== 'merged' || !existsSync(record.worktreePath)) return false;
  const config = readPoolConfig(deps.env, repoRoot);
  if (config.size === 0) return false;
  const path = record.worktreePath;
  const inTree = await pinToWorkTree(deps, path).catch(() => undefined);
  if (!inTree) return false;
  const tip = await resolveCommit(deps, repoRoot, `refs/heads/${record.branch}`);
  if (!tip || (await headRef(inTree, path)) !== `refs/heads/${record.branch}`) return false;
  if (!(await isAncestor(deps, repoRoot, tip, await baseRevision(deps, repoRoot, record)))) {
    return false;
  }
  if ((await uncommittedPaths(inTree, path)).length > 0) return false;
  const { nested, changedSubmodules } = await embeddedRepos(inTree, path);
  if (nested.length > 0 || changedSubmodules.length > 0) return false;
  const given = await giveBackToPool(deps, { repoRoot, env: deps.env, config }, path, now());
  if (given !== 'returned') return false;
  await updateSession(store, record.name, { pooledAt: now().toISOString() }, now());
  return true;
}
