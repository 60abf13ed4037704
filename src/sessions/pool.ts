// The warm worktree pool: idle, detached worktrees of a repository under $MMM_HOME/pool/<repo>/,
// taken by new sessions instead of a fresh `git worktree add` and given back by cleaned ones.
// Every change to the pool's list (take, give back, trim, prune) happens under one lock file, so
// two processes never take the same tree; git moves each tree, so its admin files stay right.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pinToWorkTree } from '../git/pin.js';
import { samePath } from '../git/same-path.js';
import {
  forceRemoveWorktree,
  moveWorktree,
  scrubToDetached,
  switchReusedTree,
  workInTree,
} from '../git/pool-tree.js';
import type { GitDeps } from '../git/run.js';
import { listWorktrees, pruneWorktrees } from '../git/worktree.js';
import { takeLock } from '../infra/lock-file.js';
import type { PoolConfig } from './pool-config.js';
import { mmmHome, repoKey } from './store.js';

/** One idle worktree. */
export interface PoolEntry {
  name: string;
  path: string;
  /** When it was given back to the pool. */
  returnedAt: Date;
}

/** What a take or a give-back needs to know about the repository and the pool. */
export interface PoolPlace {
  /** Top of the repository's main working tree (git commands run there). */
  repoRoot: string;
  env: NodeJS.ProcessEnv;
  config: PoolConfig;
}

// Moves and renames under the lock take milliseconds; a holder that takes longer is stuck.
const LOCK_WAIT_MS = 60_000;
const ENTRY_NAME = /^(\d{13})-[0-9a-f]{8}$/;
const DISCARD_PREFIX = '.discard-';

/** `$MMM_HOME/pool/<repo>`: the same `<repo>` key as the repository's sessions. */
export function poolDir(env: NodeJS.ProcessEnv, repoRoot: string): string {
  return join(mmmHome(env), 'pool', repoKey(repoRoot));
}

/** The idle worktrees, the most recently given back first. */
export function listPoolEntries(dir: string): PoolEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: PoolEntry[] = [];
  for (const name of names) {
    const match = ENTRY_NAME.exec(name);
    if (match)
      entries.push({ name, path: join(dir, name), returnedAt: new Date(Number(match[1])) });
  }
  return entries.sort((a, b) => b.returnedAt.getTime() - a.returnedAt.getTime());
}

function newEntryName(now: Date): string {
  return `${String(now.getTime()).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
}

/** Runs `fn` holding the pool's lock; undefined when the lock could not be had in time. */
async function withPoolLock<T>(dir: string, fn: () => Promise<T>): Promise<T | undefined> {
  mkdirSync(dir, { recursive: true });
  const taken = await takeLock({
    path: `${dir}.lock`,
    command: 'mmm (worktree pool)',
    waitMs: LOCK_WAIT_MS,
  });
  if (!taken.ok) return undefined;
  try {
    return await fn();
  } finally {
    taken.release();
  }
}

/** Removes a tree for good: with git when git still knows it, else the directory and git's record. */
export async function discardTree(deps: GitDeps, repoRoot: string, path: string): Promise<void> {
  try {
    await forceRemoveWorktree(deps, repoRoot, path);
  } catch {
    rmSync(path, { recursive: true, force: true });
    await pruneWorktrees(deps, repoRoot).catch(() => undefined);
  }
}

/** Under the lock: hides an entry from takers (git moves it when it can), to be removed later. */
async function setAside(deps: GitDeps, repoRoot: string, entry: PoolEntry): Promise<string> {
  const aside = join(entry.path, '..', `${DISCARD_PREFIX}${randomBytes(4).toString('hex')}`);
  try {
    await moveWorktree(deps, repoRoot, entry.path, aside);
  } catch {
    renameSync(entry.path, aside);
  }
  return aside;
}

/**
 * Checks out `branch` at `path` from an idle worktree of the pool, if there is one that works.
 * Returns false (having made nothing at `path`) when the pool is off or empty, or when every
 * tree tried was broken: each of those is removed, never reused.
 */
export async function takeFromPool(
  deps: GitDeps,
  place: PoolPlace,
  path: string,
  branch: string,
): Promise<boolean> {
  if (place.config.size === 0) return false;
  const dir = poolDir(place.env, place.repoRoot);
  if (listPoolEntries(dir).length === 0) return false;
  const claimed = await withPoolLock(dir, async () => {
    for (const entry of listPoolEntries(dir)) {
      const idle = await idleTree(deps, entry.path);
      // Worked in by hand since it was pooled: left as it is (`pool ls` shows why).
      if (idle.held !== undefined) continue;
      try {
        // Git refuses to move a tree it reports missing, prunable or locked.
        await moveWorktree(deps, place.repoRoot, entry.path, path);
        return { gitDir: idle.gitDir };
      } catch {
        // Removed under the lock: git's own remove also takes a locked tree.
        await discardTree(deps, place.repoRoot, entry.path);
      }
    }
    return undefined;
  });
  if (!claimed) return false;
  try {
    // Git moved the tree and kept its git directory: pinned there, or checked again when the
    // tree could not be read before the move.
    const inTree =
      claimed.gitDir === undefined
        ? await pinToWorkTree(deps, path)
        : { ...deps, pin: { gitDir: claimed.gitDir, workTree: path } };
    await switchReusedTree(inTree, path, branch, place.config.keep);
    return true;
  } catch {
    await discardTree(deps, place.repoRoot, path);
    return false;
  }
}

/**
 * What an idle tree holds of its own (see workInTree; undefined when git cannot read it), and its
 * git directory when git can.
 */
async function idleTree(
  deps: GitDeps,
  path: string,
): Promise<{ held: string | undefined; gitDir: string | undefined }> {
  try {
    const inTree = await pinToWorkTree(deps, path);
    return { held: await workInTree(inTree, path), gitDir: inTree.pin?.gitDir };
  } catch {
    return { held: undefined, gitDir: undefined };
  }
}

/** What an idle tree holds of its own (see workInTree); undefined when git cannot read it. */
async function heldWork(deps: GitDeps, path: string): Promise<string | undefined> {
  return (await idleTree(deps, path)).held;
}

/** How a give-back ended: `returned` to the pool, else the tree is still at its path. */
export type GiveBackResult = 'returned' | 'off' | 'failed';

/**
 * Gives the worktree at `path` back to the pool: its files are reset to its commit, everything
 * untracked is removed but the kept caches, its HEAD is detached (so its branch can be deleted),
 * and git moves it into the pool. The oldest idle trees are removed to keep the pool to its size.
 * The caller must have saved or refused any work in it first.
 */
export async function giveBackToPool(
  deps: GitDeps,
  place: PoolPlace,
  path: string,
  now: Date = new Date(),
): Promise<GiveBackResult> {
  const { size, keep } = place.config;
  if (size === 0) return 'off';
  const dir = poolDir(place.env, place.repoRoot);
  const extra: string[] = [];
  try {
    const inTree = await pinToWorkTree(deps, path);
    await scrubToDetached(inTree, path, keep);
    const done = await withPoolLock(dir, async () => {
      for (const entry of listPoolEntries(dir).slice(size - 1)) {
        extra.push(await setAside(deps, place.repoRoot, entry));
      }
      await moveWorktree(deps, place.repoRoot, path, join(dir, newEntryName(now)));
      return true;
    });
    return done ? 'returned' : 'failed';
  } catch {
    return existsSync(path) ? 'failed' : 'returned';
  } finally {
    for (const aside of extra) await discardTree(deps, place.repoRoot, aside);
  }
}

/** One idle worktree as `mmm worktree pool ls` shows it. */
export interface PoolEntryView extends PoolEntry {
  /** The commit it is detached at; undefined when git cannot read it. */
  head: string | undefined;
  /** Git does not know it as a worktree of the repository, or reports it prunable or locked. */
  broken: boolean;
  /** Worked in by hand since it was pooled (a branch, changed files): never reused nor removed. */
  held: string | undefined;
}

export async function describePool(deps: GitDeps, place: PoolPlace): Promise<PoolEntryView[]> {
  const entries = listPoolEntries(poolDir(place.env, place.repoRoot));
  if (entries.length === 0) return [];
  const known = await listWorktrees(deps, place.repoRoot);
  return Promise.all(
    entries.map(async (entry) => {
      const tree = known.find((w) => samePath(w.path, entry.path));
      const broken = !tree || tree.prunable || tree.locked || tree.branch !== undefined;
      const held = tree && !tree.prunable ? await heldWork(deps, entry.path) : undefined;
      return { ...entry, head: tree?.head, broken, held };
    }),
  );
}

/** What `prune` removed. */
export interface PrunePoolResult {
  removed: PoolEntry[];
  /** Idle trees worked in by hand, left where they are, and why. */
  kept: { path: string; why: string }[];
  /** Left-over directories of removals cut short (a killed process), deleted as well. */
  leftovers: number;
}

/**
 * Frees the pool: every idle worktree with `all`, else the broken ones and those beyond the pool's
 * size, oldest first. Git's records of them go with them.
 */
export async function prunePool(
  deps: GitDeps,
  place: PoolPlace,
  options: { all: boolean },
): Promise<PrunePoolResult> {
  const dir = poolDir(place.env, place.repoRoot);
  const views = await describePool(deps, place);
  const free = views.filter((v) => v.held === undefined);
  const chosen = options.all
    ? free
    : [...free.filter((v) => v.broken), ...free.filter((v) => !v.broken).slice(place.config.size)];
  const aside: string[] = [];
  const removed: PoolEntry[] = [];
  const leftovers = listLeftovers(dir);
  if (chosen.length > 0) {
    await withPoolLock(dir, async () => {
      for (const entry of chosen) {
        // Taken by a session since it was listed: it is that session's now.
        if (!existsSync(entry.path)) continue;
        aside.push(await setAside(deps, place.repoRoot, entry));
        removed.push({ name: entry.name, path: entry.path, returnedAt: entry.returnedAt });
      }
    });
  }
  for (const path of aside) await discardTree(deps, place.repoRoot, path);
  for (const path of leftovers) rmSync(path, { recursive: true, force: true });
  await pruneWorktrees(deps, place.repoRoot);
  const kept = views.flatMap((v) => (v.held === undefined ? [] : [{ path: v.path, why: v.held }]));
  return { removed, kept, leftovers: leftovers.length };
}

function listLeftovers(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.startsWith(DISCARD_PREFIX))
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}
