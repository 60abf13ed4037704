// mmm worktree clean <session>|--all|--merged: remove worktrees and their branches.
import { ExitCode, MmmError, UsageError } from '../../errors.js';
import { cleanSession, type CleanSessionResult } from '../../sessions/clean.js';
import { openStore } from '../../sessions/status.js';
import { listSessionRecords, type SessionStore } from '../../sessions/store.js';
import { warnUnreadable } from './unreadable.js';
import { printError } from '../print-error.js';
import { writeLine, type CliContext } from '../context.js';
import { sessionDeps } from './deps.js';
import { takeRepoLock } from '../repo-lock.js';
import { shortSha } from '../../infra/format.js';

export interface WorktreeCleanOptions {
  all?: boolean;
  merged?: boolean;
  force?: boolean;
}

function reportClean(result: CleanSessionResult, ctx: CliContext): void {
  const { record } = result;
  if (result.alreadyCleaned) {
    writeLine(ctx.stdout, `Session ${record.name} was already cleaned.`);
    return;
  }
  if (result.savedRef) {
    writeLine(
      ctx.stdout,
      `Saved ${[
        result.savedFiles > 0 ? `uncommitted work (${result.savedFiles} file(s))` : '',
        result.savedDetached ? 'commits on its detached HEAD' : '',
      ]
        .filter(Boolean)
        .join(
          ' and ',
        )} of ${record.name} to ${result.savedRef}; see it with: git log --stat ${result.savedRef}`,
    );
  }
  const parts = [
    result.worktreePooled
      ? `returned its worktree to the pool`
      : result.worktreeRemoved
        ? `removed ${record.worktreePath}`
        : record.pooledAt !== undefined
          ? 'its worktree was given back to the pool when it was merged'
          : 'worktree was already gone',
    result.branchTip
      ? `deleted ${record.branch} (was ${shortSha(result.branchTip)}${result.unmerged > 0 ? `, ${result.unmerged} unmerged commit(s)` : ''})`
      : `${record.branch} was already gone`,
  ];
  writeLine(ctx.stdout, `Cleaned ${record.name}: ${parts.join('; ')}.`);
}

export async function runWorktreeClean(
  name: string | undefined,
  options: WorktreeCleanOptions,
  ctx: CliContext,
): Promise<number> {
  if (name && (options.all || options.merged)) {
    throw new UsageError('give a session name, or --all/--merged, not both');
  }
  if (!name && !options.all && !options.merged) {
    throw new UsageError('which session? give its name, --all or --merged', {
      hint: 'mmm worktree ls lists the sessions',
    });
  }
  const deps = sessionDeps(ctx);
  const force = Boolean(options.force);
  const { store, toplevel } = await openStore(deps, ctx.cwd);
  const what = name ?? (options.all ? '--all' : '--merged');
  const command = `mmm worktree clean ${what}${force ? ' --force' : ''}`;
  const lock = await takeRepoLock(deps, toplevel, { command, env: ctx.env, stderr: ctx.stderr });
  try {
    if (name) {
      reportClean(await cleanSession(deps, { cwd: ctx.cwd, name, force }), ctx);
      return ExitCode.ok;
    }
    return await cleanChosen(store, options, ctx);
  } finally {
    lock.release();
  }
}

async function cleanChosen(
  store: SessionStore,
  options: WorktreeCleanOptions,
  ctx: CliContext,
): Promise<number> {
  const deps = sessionDeps(ctx);
  const force = Boolean(options.force);
  const { records, unreadable } = await listSessionRecords(store);
  const chosen = records.filter((r) =>
    options.merged ? r.status === 'merged' : r.status !== 'cleaned',
  );
  // A record that cannot be read may be any session's: it is named, and the exit code says
  // that not everything was cleaned.
  let code: number = ExitCode.ok;
  for (const problem of unreadable) {
    warnUnreadable(problem, ctx, true);
    code = Math.max(code, problem.exitCode);
  }
  if (chosen.length === 0) {
    writeLine(
      ctx.stderr,
      options.merged ? 'No merged sessions to clean.' : 'No sessions to clean.',
    );
    return code;
  }
  for (const record of chosen) {
    try {
      reportClean(await cleanSession(deps, { cwd: ctx.cwd, name: record.name, force }), ctx);
    } catch (error) {
      if (!(error instanceof MmmError)) throw error;
      printError(error, ctx.stderr);
      code = Math.max(code, error.exitCode);
    }
  }
  return code;
}
