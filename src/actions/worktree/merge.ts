// mmm worktree merge <session>|--all: git merges sessions into the branches they started from.
import { basename, dirname } from 'node:path';
import { showControls } from '../../infra/control-chars.js';
import { ExitCode, MmmError, UsageError } from '../../errors.js';
import {
  findUnsuccessfulSession,
  mergeSession,
  type MergeSessionResult,
} from '../../sessions/merge.js';
import { describeUnsuccessfulRun } from '../../sessions/run-outcome.js';
import { openStore } from '../../sessions/status.js';
import { listSessionRecords, type SessionDeps, type SessionRecord } from '../../sessions/store.js';
import { warnUnreadable } from './unreadable.js';
import { printError } from '../print-error.js';
import { writeLine, type CliContext } from '../context.js';
import { sessionDeps } from './deps.js';
import { takeRepoLock } from '../repo-lock.js';
import { shortSha } from '../../infra/format.js';
import { askYesNo } from './ask.js';

export interface WorktreeMergeOptions {
  all?: boolean;
  /** Merge a session whose run did not succeed without asking. */
  force?: boolean;
  /** Replaces the terminal question (tests); default: ask on a terminal, else never. */
  ask?: ((question: string) => Promise<boolean>) | undefined;
}

/** Tells the user how a merge ended and returns its exit code (4 on a conflict). */
export function reportMerge(result: MergeSessionResult, ctx: CliContext): number {
  const { record, outcome, target } = result;
  switch (outcome.kind) {
    case 'up-to-date':
      writeLine(ctx.stdout, `Session ${record.name} has nothing new for ${target}.`);
      return ExitCode.ok;
    case 'fast-forward':
      writeLine(
        ctx.stdout,
        `Merged ${record.name} into ${target} (fast-forward to ${shortSha(outcome.commit)}).`,
      );
      return ExitCode.ok;
    case 'merge-commit':
      writeLine(
        ctx.stdout,
        `Merged ${record.name} into ${target} (merge commit ${shortSha(outcome.commit)}).`,
      );
      if (outcome.hooksNotRun) noteHooksNotRun(result, outcome.commit, outcome.hooksNotRun, ctx);
      return ExitCode.ok;
    case 'conflict':
      writeLine(ctx.stderr, `Conflict merging ${record.name} into ${target}; conflicting files:`);
      for (const file of outcome.files) writeLine(ctx.stderr, `  ${showControls(file)}`);
      writeLine(
        ctx.stderr,
        `Nothing was changed: ${target} and ${record.branch} are as they were; the session is kept ${keptWhere(record)}.`,
      );
      return ExitCode.needsAttention;
  }
}

/** A merge commit made without a checkout ran none of the repository's merge-commit hooks. */
function noteHooksNotRun(
  result: MergeSessionResult,
  commit: string,
  hooks: string[],
  ctx: CliContext,
): void {
  const { record, target } = result;
  const all = hooks.map((path) => basename(path));
  const names =
    all.length > 1
      ? `${all.slice(0, -1).join(', ')} and ${all[all.length - 1] ?? ''}`
      : all.join('');
  const which = hooks.length === 1 ? `${names} hook` : `${names} hooks`;
  const them = hooks.length === 1 ? 'it' : 'them';
  writeLine(
    ctx.stderr,
    showControls(
      `note: the merge commit was made without a checkout of ${target}, so your ${which} (in ${dirname(hooks[0] ?? '')}) ${hooks.length === 1 ? 'was' : 'were'} not run; to have git run ${them}: git branch -f ${target} ${shortSha(commit)}~1, check out ${target}, then mmm worktree merge ${record.name} again`,
    ),
  );
}

/** Merges the named sessions one after another; a failure stops only its own merge. */
export async function mergeSessions(
  deps: SessionDeps,
  names: string[],
  ctx: CliContext,
  force = false,
): Promise<number> {
  let code: number = ExitCode.ok;
  for (const name of names) {
    try {
      const result = await mergeSession(deps, { cwd: ctx.cwd, name, force });
      code = Math.max(code, reportMerge(result, ctx));
    } catch (error) {
      if (!(error instanceof MmmError) || names.length === 1) throw error;
      printError(error, ctx.stderr);
      code = Math.max(code, error.exitCode);
    }
  }
  return code;
}

export async function runWorktreeMerge(
  name: string | undefined,
  options: WorktreeMergeOptions,
  ctx: CliContext,
): Promise<number> {
  if (name && options.all) throw new UsageError('give a session name or --all, not both');
  if (options.all && options.force) {
    throw new UsageError('--force is for one named session; --all merges only completed sessions', {
      hint: 'merge a session whose run did not succeed by name: mmm worktree merge <session> --force',
    });
  }
  if (!name && !options.all) {
    throw new UsageError('which session? give its name or --all', {
      hint: 'mmm worktree ls lists the sessions',
    });
  }
  const deps = sessionDeps(ctx);
  const { store, toplevel } = await openStore(deps, ctx.cwd);
  let force = Boolean(options.force);
  if (name) {
    const ask = options.ask ?? (ctx.interactive ? (q) => askYesNo(q, ctx) : undefined);
    // Asked before the lock is taken: others wait for the lock only a few seconds.
    const decided = await confirmUnsuccessful(deps, name, { force, ask }, ctx);
    if (decided === 'declined') return ExitCode.precondition;
    force ||= decided === 'merge';
  }
  const command = `mmm worktree merge ${name ?? '--all'}${force ? ' --force' : ''}`;
  const lock = await takeRepoLock(deps, toplevel, { command, env: ctx.env, stderr: ctx.stderr });
  try {
    if (name) return await mergeSessions(deps, [name], ctx, force);
    // Listed under the lock: a merge that ran while this one waited has changed the records.
    const { records, unreadable } = await listSessionRecords(store);
    unreadable.forEach((problem) => warnUnreadable(problem, ctx, true));
    const completed = records.filter((r) => r.status === 'completed');
    if (completed.length === 0) {
      writeLine(ctx.stderr, 'No completed sessions to merge.');
      return ExitCode.ok;
    }
    return await mergeSessions(
      deps,
      completed.map((r) => r.name),
      ctx,
    );
  } finally {
    lock.release();
  }
}

/**
 * For a session whose run did not succeed: says how it ended and which steps failed, then merges
 * it with --force, asks on a terminal, or (neither) leaves the refusal to the merge itself.
 * `merge`: go ahead even so; `declined`: the user said no; `as-usual`: nothing to ask.
 */
async function confirmUnsuccessful(
  deps: SessionDeps,
  name: string,
  how: { force: boolean; ask: ((question: string) => Promise<boolean>) | undefined },
  ctx: CliContext,
): Promise<'merge' | 'declined' | 'as-usual'> {
  if (!how.force && !how.ask) return 'as-usual';
  const session = await findUnsuccessfulSession(deps, { cwd: ctx.cwd, name });
  if (!session) return 'as-usual';
  const { record, target, found } = session;
  const { ended, details } = describeUnsuccessfulRun(record, found);
  writeLine(ctx.stderr, showControls(`Session ${record.name}: ${ended}`));
  for (const line of details) writeLine(ctx.stderr, showControls(line));
  if (how.force) {
    writeLine(ctx.stderr, `Merging it into ${target} anyway (--force).`);
    return 'merge';
  }
  if (how.ask && (await how.ask(`Merge ${record.name} into ${target} anyway?`))) return 'merge';
  writeLine(
    ctx.stderr,
    `Not merged; ${target} is unchanged and the session is kept ${keptWhere(record)}.`,
  );
  return 'declined';
}

/** Where a kept session is: its worktree, or for one run on a worker, its branch here. */
function keptWhere(record: SessionRecord): string {
  return record.ranOn === undefined
    ? `at ${record.worktreePath}`
    : `as its branch ${record.branch} (it ran on ${record.ranOn})`;
}
