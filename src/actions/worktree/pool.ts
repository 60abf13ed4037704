// mmm worktree pool ls|prune: the idle worktrees kept for new sessions, and freeing them.
import { diskUsage, formatBytes } from '../../infra/disk-usage.js';
import { formatAge, formatTable, shortSha } from '../../infra/format.js';
import { readPoolConfig } from '../../sessions/pool-config.js';
import { describePool, poolDir, prunePool, type PoolPlace } from '../../sessions/pool.js';
import { openStore } from '../../sessions/status.js';
import { writeLine, type CliContext } from '../context.js';
import { sessionDeps } from './deps.js';

export interface PoolLsOptions {
  json?: boolean;
  /** Add each tree's size on disk (walks every file). */
  size?: boolean;
}

async function poolPlace(ctx: CliContext): Promise<PoolPlace> {
  const { repoRoot } = await openStore(sessionDeps(ctx), ctx.cwd);
  return { repoRoot, env: ctx.env, config: readPoolConfig(ctx.env, repoRoot) };
}

export async function runPoolLs(options: PoolLsOptions, ctx: CliContext): Promise<number> {
  const place = await poolPlace(ctx);
  const views = await describePool(sessionDeps(ctx), place);
  const now = new Date();
  const sizes = views.map((v) => (options.size ? diskUsage(v.path) : undefined));
  if (options.json) {
    views.forEach((v, i) =>
      writeLine(
        ctx.stdout,
        JSON.stringify({
          path: v.path,
          head: v.head ?? null,
          state: v.held !== undefined ? 'held' : v.broken ? 'broken' : 'idle',
          ...(v.held !== undefined && { held: v.held }),
          returnedAt: v.returnedAt.toISOString(),
          ageSeconds: Math.max(0, Math.round((now.getTime() - v.returnedAt.getTime()) / 1000)),
          ...(options.size && { sizeBytes: sizes[i] ?? 0 }),
        }),
      ),
    );
    return 0;
  }
  const { size, keep } = place.config;
  const setting =
    size === 0
      ? 'the pool is off (size 0)'
      : `size ${size}${keep.length > 0 ? `, keeps ${keep.join(', ')}` : ''}`;
  if (views.length === 0) {
    writeLine(ctx.stderr, `No idle worktrees in ${poolDir(ctx.env, place.repoRoot)} (${setting}).`);
    return 0;
  }
  const rows = views.map((v, i) => [
    v.path,
    v.held !== undefined ? 'held' : v.broken ? 'broken' : 'idle',
    shortSha(v.head) || '-',
    formatAge(v.returnedAt.toISOString(), now),
    ...(options.size ? [formatBytes(sizes[i] ?? 0)] : []),
  ]);
  const heads = ['PATH', 'STATE', 'HEAD', 'AGE', ...(options.size ? ['SIZE'] : [])];
  ctx.stdout.write(formatTable(heads, rows));
  for (const v of views) {
    if (v.held !== undefined) {
      writeLine(
        ctx.stderr,
        `${v.path} was worked in by hand (${v.held}): mmm neither reuses nor removes it; take what you need from it, then remove it with git worktree remove.`,
      );
    }
  }
  writeLine(ctx.stderr, `Pool: ${setting}.`);
  return 0;
}

export interface PoolPruneOptions {
  all?: boolean;
}

export async function runPoolPrune(options: PoolPruneOptions, ctx: CliContext): Promise<number> {
  const place = await poolPlace(ctx);
  const result = await prunePool(sessionDeps(ctx), place, { all: Boolean(options.all) });
  for (const entry of result.removed) writeLine(ctx.stdout, `Removed ${entry.path}`);
  for (const held of result.kept) {
    writeLine(
      ctx.stderr,
      `Kept ${held.path}: it was worked in by hand (${held.why}); take what you need from it, then remove it with git worktree remove.`,
    );
  }
  const what = options.all ? 'idle worktrees' : 'broken or surplus idle worktrees';
  writeLine(
    ctx.stderr,
    result.removed.length === 0
      ? `No ${what} to remove.`
      : `Removed ${result.removed.length} idle worktree(s).`,
  );
  return 0;
}
