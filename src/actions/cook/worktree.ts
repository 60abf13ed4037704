// `mmm cook --worktree` and `--map`: runs in worktree sessions, never in the user's checkout.
import { PreconditionError, UsageError } from '../../errors.js';
import { requireCheckout, requireStartCommit } from '../../sessions/create.js';
import { identityProblem } from '../../git/repo.js';
import type { GitDeps } from '../../git/run.js';
import { missingFilterProblem } from '../../git/filters.js';
import type { CheckoutInfo } from '../../git/worktree.js';
import { writeLine, type CliContext } from '../context.js';
import { askYesNo } from '../worktree/ask.js';
import { sessionDeps } from '../worktree/deps.js';
import { createEngineRunner } from './runner.js';
import { adviseWaiting, finishSession, type MergePolicy } from './finish-session.js';
import { cookMap } from './map.js';
import { decideWhileWaiting } from './in-place.js';
import { showControls } from '../../infra/control-chars.js';
import { runInSession, type SessionRunner } from '../../sessions/run-in-session.js';
import { cookSettings, type CookFlags } from './options.js';
import { parseQueueUrl } from '../../queue/connection.js';
import type { AgentChoice, Playbook } from '../../playbook/model.js';
import type { Gate } from '../../events.js';

export type {
  SessionRunner,
  SessionRunRequest,
  SessionRunResult,
} from '../../sessions/run-in-session.js';

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
  /** The loaded playbook, and -n and --max-cost: recorded with a --map run for its resume. */
  playbook?: Playbook | undefined;
  maxIterations?: number | undefined;
  maxCostUsd?: number | undefined;
  /** --queue redis://…: the --map items go to workers through this queue. */
  queue?: string | undefined;
  /** --remote: the remote (name or URL) workers fetch from and push to. */
  remote?: string | undefined;
  /** --gate and --agent, handed to the workers of a queued map (the runner has them otherwise). */
  gate?: Gate | undefined;
  agent?: AgentChoice | undefined;
}

/** The worktree flags of `mmm cook`, as commander parses them. */
export interface WorktreeFlags {
  worktree?: boolean | undefined;
  yes?: boolean | undefined;
  map?: string | undefined;
  jobs?: string | undefined;
  queue?: string | undefined;
  remote?: string | undefined;
}

/** `mmm cook <playbook> --worktree|--map …`: loads the playbook and runs it in sessions. */
export async function cookWorktreeCommand(
  playbookPath: string,
  flags: CookFlags & WorktreeFlags,
  ctx: CliContext,
): Promise<number> {
  checkQueueFlags(flags);
  if (!flags.worktree && flags.map === undefined) {
    throw new UsageError('--yes and --jobs apply to worktree sessions', {
      hint: 'add --worktree (one session) or --map <glob> (one session per file)',
    });
  }
  const settings = cookSettings(flags);
  parseJobs(flags.jobs);
  const { loadPlaybook } = await import('../../playbook/index.js');
  const playbook = await loadPlaybook(playbookPath, { cwd: ctx.cwd });
  const runner = createEngineRunner({ ...settings, playbook }, ctx);
  return cookInWorktree(
    {
      playbookPath,
      playbookName: playbook.name,
      yes: flags.yes,
      map: flags.map,
      jobs: flags.jobs,
      args: flags.args,
      json: flags.json,
      playbook,
      maxIterations: settings.maxIterations,
      maxCostUsd: settings.maxCostUsd,
      queue: flags.queue,
      remote: flags.remote,
      gate: settings.gate,
      agent: settings.agent,
    },
    ctx,
    runner,
  );
}

/** --queue goes with --map only; workers choose how many items each runs at once. */
function checkQueueFlags(flags: WorktreeFlags): void {
  if (flags.queue === undefined) {
    if (flags.remote !== undefined) throw new UsageError('--remote applies with --queue only');
    return;
  }
  if (flags.map === undefined) {
    throw new UsageError('--queue runs the items of --map on workers; add --map <glob>');
  }
  if (flags.jobs !== undefined) {
    throw new UsageError('--jobs does not apply with --queue', {
      hint: 'each worker takes as many items at once as its own --jobs says: mmm worker --queue URL --jobs N',
    });
  }
  parseQueueUrl(flags.queue);
}

/** Sessions commit every step: find out before creating one that git has an identity for it. */
async function checkCanCommit(deps: GitDeps, checkout: CheckoutInfo): Promise<void> {
  const problem = await identityProblem(deps, checkout.toplevel);
  if (problem) {
    throw new PreconditionError(`git cannot commit here: ${problem}`, {
      hint: 'set an identity: git config user.name "Your Name" && git config user.email you@example.com',
    });
  }
}

export function parseJobs(jobs: number | string | undefined): number {
  if (jobs === undefined) return 1;
  const n = typeof jobs === 'number' ? jobs : Number(jobs);
  if (!Number.isInteger(n) || n < 1 || (typeof jobs === 'string' && !/^\s*\d+\s*$/.test(jobs))) {
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
  const checkout = await requireCheckout(deps, ctx.cwd);
  // Before --map lists the files of HEAD: there are none to list without a commit.
  requireStartCommit(checkout);
  await checkCanCommit(deps, checkout);
  const filter = await missingFilterProblem(deps, checkout.toplevel, ctx.env);
  if (filter) throw filter;
  const policy: MergePolicy = {
    yes: Boolean(options.yes),
    ask: options.ask ?? (ctx.interactive ? (q) => askYesNo(q, ctx) : undefined),
  };
  const { playbookPath, playbookName } = options;
  if (options.map !== undefined && options.queue !== undefined) {
    await runner.finish();
    const { cookOnQueue } = await import('../map/enqueue.js');
    const { loadPlaybook } = await import('../../playbook/index.js');
    return cookOnQueue(
      deps,
      {
        playbookPath,
        playbook: options.playbook ?? (await loadPlaybook(playbookPath, { cwd: ctx.cwd })),
        glob: options.map,
        queue: options.queue,
        remote: options.remote,
        policy,
        tableTo: options.json ? 'stderr' : 'stdout',
        checkout,
        maxIterations: options.maxIterations,
        maxCostUsd: options.maxCostUsd,
        gate: options.gate,
        agent: options.agent,
      },
      ctx,
    );
  }
  if (options.map !== undefined) {
    const tableTo = options.json ? 'stderr' : 'stdout';
    const glob = options.map;
    const { playbook, maxIterations, maxCostUsd } = options;
    const map = { playbookPath, playbookName, glob, jobs, policy, tableTo, checkout } as const;
    return cookMap(deps, { ...map, playbook, maxIterations, maxCostUsd }, runner, ctx);
  }
  const outcome = await runInSession(
    deps,
    {
      cwd: ctx.cwd,
      playbookPath,
      playbookName,
      args: options.args,
      checkout,
      parallel: false,
      onCreated: (r) =>
        writeLine(
          ctx.stderr,
          `Session ${r.name}: worktree ${r.worktreePath}, branch ${r.branch} from ${r.baseBranch ?? 'a detached HEAD'} at ${r.baseCommit.slice(0, 12)}`,
        ),
    },
    runner,
  ).finally(() => runner.finish());
  const waits = outcome.last?.status === 'paused' ? outcome.last.runId : undefined;
  const rest = options.args?.slice(outcome.ran ?? 0) ?? [];
  if (waits !== undefined && rest.length > 0) {
    // mmm approve continues that run alone; the later values are the user's to start.
    writeLine(
      ctx.stderr,
      `The --args values after the run that waits did not run (${rest.map(showControls).join(', ')}): once it is decided, run them with mmm cook ${options.playbookPath} --worktree ${rest.map((a) => `--args ${JSON.stringify(a)}`).join(' ')}`,
    );
  }
  // A person at the terminal decides at once; mmm approve then merges (or offers) as cook would.
  if (
    waits !== undefined &&
    rest.length === 0 &&
    ctx.interactive &&
    !policy.yes &&
    !ctx.signal.aborted
  ) {
    return decideWhileWaiting(waits, ctx);
  }
  if (waits !== undefined && !ctx.signal.aborted) {
    adviseWaiting(outcome.record, ctx);
    return outcome.exitCode;
  }
  const mergeCode = ctx.signal.aborted ? 0 : await finishSession(deps, outcome.record, policy, ctx);
  if (ctx.signal.aborted) {
    writeLine(
      ctx.stderr,
      `Session ${outcome.record.name} interrupted; its worktree is kept at ${outcome.record.worktreePath}.`,
    );
  }
  return Math.max(outcome.exitCode, mergeCode);
}
