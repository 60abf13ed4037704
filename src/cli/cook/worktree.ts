// `mmm cook --worktree` and `--map`: runs in worktree sessions, never in the user's checkout.
import { UsageError } from '../../errors.js';
import { writeLine, type CliContext } from '../context.js';
import { askYesNo } from '../worktree/ask.js';
import { sessionDeps } from '../worktree/deps.js';
import { finishSession, type MergePolicy } from '../worktree/finish.js';
import { cookMap } from '../worktree/map.js';
import { runInSession, type SessionRunner } from '../worktree/session-run.js';

export type {
  SessionRunner,
  SessionRunRequest,
  SessionRunResult,
} from '../worktree/session-run.js';

/** The worktree side of `mmm cook`'s options. */
export interface WorktreeCookOptions {
  /** The playbook path as the user gave it. */
  playbookPath: string;
  /** The playbook's name (starts every session name). */
  playbookName: string;
  /** -y/--yes: merge successful sessions without asking. */
  yes?: boolean | undefined;
  /** --map <glob>: one session per matching file. */
  map?: string | undefined;
  /** --jobs <n>: sessions at once with --map (default 1). */
  jobs?: number | string | undefined;
  /** --args values: run one after another in the one session (not with --map). */
  args?: string[] | undefined;
  /** --json: stdout carries NDJSON events, so the --map table goes to stderr. */
  json?: boolean | undefined;
  /** Replaces the terminal question (tests); default: ask on a terminal, else never. */
  ask?: ((question: string) => Promise<boolean>) | undefined;
}

export function parseJobs(jobs: number | string | undefined): number {
  if (jobs === undefined) return 1;
  const n = typeof jobs === 'number' ? jobs : Number(jobs);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`--jobs must be a whole number of 1 or more, not ${String(jobs)}`);
  }
  return n;
}

/**
 * Runs the playbook in one new session (or one per --map item) through `runner`, then merges,
 * asks or says how to merge. Returns the exit code: the highest of the runs' and the merges'.
 */
export async function cookInWorktree(
  options: WorktreeCookOptions,
  ctx: CliContext,
  runner: SessionRunner,
): Promise<number> {
  const jobs = parseJobs(options.jobs);
  if (options.jobs !== undefined && options.map === undefined) {
    throw new UsageError('--jobs only applies with --map');
  }
  if (options.map !== undefined && options.args?.length) {
    throw new UsageError('--map and --args both set $ARG; use one of them');
  }
  const deps = sessionDeps(ctx);
  const policy: MergePolicy = {
    yes: Boolean(options.yes),
    ask: options.ask ?? (ctx.interactive ? (q) => askYesNo(q, ctx) : undefined),
  };
  const { playbookPath, playbookName } = options;
  if (options.map !== undefined) {
    const tableTo = options.json ? 'stderr' : 'stdout';
    const map = { playbookPath, playbookName, glob: options.map, jobs, policy, tableTo } as const;
    return cookMap(deps, map, runner, ctx);
  }
  const outcome = await runInSession(
    deps,
    {
      cwd: ctx.cwd,
      playbookPath,
      playbookName,
      args: options.args,
      parallel: false,
      onCreated: (r) =>
        writeLine(
          ctx.stderr,
          `Session ${r.name}: worktree ${r.worktreePath}, branch ${r.branch} from ${r.baseBranch ?? 'a detached HEAD'} at ${r.baseCommit.slice(0, 12)}`,
        ),
    },
    runner,
  );
  const mergeCode = ctx.signal.aborted ? 0 : await finishSession(deps, outcome.record, policy, ctx);
  if (ctx.signal.aborted) {
    writeLine(
      ctx.stderr,
      `Session ${outcome.record.name} interrupted; its worktree is kept at ${outcome.record.worktreePath}.`,
    );
  }
  return Math.max(outcome.exitCode, mergeCode);
}
