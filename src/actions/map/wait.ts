// The coordinator of a queued map: waits for each item's job, fetches the branch its worker
// pushed, records the item like a local session (a session record and the map's ledger rows),
// shows progress, and then merges as a local --map does. Ctrl-C cancels the map.
import { join } from 'node:path';
import { ExitCode, PreconditionError } from '../../errors.js';
import { mainRepoRoot } from '../../git/common-dir.js';
import { fetchBranches, refsUnder, type PushedBranch } from '../../git/remote.js';
import { showControls } from '../../infra/control-chars.js';
import { openRepoLedger, type MapItemRecord } from '../../ledger/index.js';
import { parseQueueUrl, probeQueue } from '../../queue/connection.js';
import {
  addJob,
  jobId,
  jobState,
  openFlags,
  openQueue,
  removeQueuedJobs,
  type QueueJobData,
  type QueueJobResult,
} from '../../queue/jobs.js';
import {
  readSession,
  sessionStore,
  writeSession,
  type SessionDeps,
  type SessionRecord,
  type SessionStatus,
} from '../../sessions/store.js';
import { writeLine, type CliContext } from '../context.js';
import type { MergePolicy } from '../cook/finish-session.js';
import {
  driveMap,
  itemRow,
  keptRow,
  lockMap,
  stateAfterRun,
  type ItemTask,
  type MapDrive,
} from '../cook/map-drive.js';
import type { QueuedMap } from './queue-file.js';

const POLL_MS = 150;
const SESSION_STATUSES: readonly SessionStatus[] = [
  'completed',
  'failed',
  'stopped',
  'interrupted',
];

export interface WaitQueueOptions {
  policy: MergePolicy;
  tableTo: 'stdout' | 'stderr';
  /**
   * Fail at once (exit 3) when no Redis answers (the default, for `mmm map wait`). The cook that
   * has just queued the map passes false: Redis answered it a moment ago, and a blip now is
   * waited out as reconnects are.
   */
  probe?: boolean | undefined;
}

type Finished = { result: QueueJobResult } | { failed: string };

/** Watches every job of the map, one poll for all, and re-adds a job Redis lost (a restart). */
function watchJobs(
  queue: Awaited<ReturnType<typeof openQueue>>,
  jobs: readonly QueueJobData[],
  signal: AbortSignal,
  cancelled: () => Promise<boolean>,
): { finished: Map<number, Promise<Finished | undefined>>; stop: () => void } {
  const waiting = new Map<number, (value: Finished | undefined) => void>();
  const finished = new Map<number, Promise<Finished | undefined>>();
  for (const job of jobs) {
    finished.set(job.position, new Promise((resolve) => waiting.set(job.position, resolve)));
  }
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const resolve of waiting.values()) resolve(undefined);
    waiting.clear();
  };
  signal.addEventListener('abort', stop, { once: true });
  const tick = async () => {
    while (!stopped && waiting.size > 0) {
      for (const job of jobs) {
        const resolve = waiting.get(job.position);
        if (!resolve || stopped) continue;
        const state = await jobState(queue, jobId(job.mapId, job.position)).catch(() => undefined);
        if (state?.kind === 'completed') {
          waiting.delete(job.position);
          resolve({ result: state.result });
        } else if (state?.kind === 'failed') {
          waiting.delete(job.position);
          resolve({ failed: state.reason });
        } else if (state?.kind === 'missing' && (await cancelled().catch(() => false))) {
          // Removed from the queue by mmm map cancel before a worker took it.
          waiting.delete(job.position);
          resolve({ result: cancelledResult() });
        } else if (state?.kind === 'missing') {
          // Redis lost it (restarted without persistence): the worker that takes it again
          // finds the branch if an earlier try pushed one, and does not run it twice.
          await addJob(queue, { ...job, requeued: true }).catch(() => undefined);
        }
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  void tick().catch(() => undefined);
  return { finished, stop };
}

/**
 * Fetches branches as items finish, all that finished while the last fetch ran in the next one:
 * one git fetch for many items instead of one each.
 */
function batchFetches(
  fetch: (branches: PushedBranch[]) => Promise<void>,
): (branch: PushedBranch) => Promise<void> {
  let next: { branches: PushedBranch[]; done: Promise<void> } | undefined;
  let running: Promise<void> = Promise.resolve();
  return (branch) => {
    if (!next) {
      const batch: { branches: PushedBranch[]; done: Promise<void> } = {
        branches: [],
        done: running.then(() => {
          if (next === batch) next = undefined;
          return fetch(batch.branches);
        }),
      };
      next = batch;
      running = batch.done.catch(() => undefined);
    }
    next.branches.push(branch);
    return next.done;
  };
}

function cancelledResult(): QueueJobResult {
  return {
    status: 'cancelled',
    exitCode: ExitCode.needsAttention,
    commits: 0,
    costUsd: null,
    pushed: undefined,
    tip: undefined,
    worker: '-',
    runId: undefined,
  };
}

function sessionStatusOf(status: string): SessionStatus {
  return (SESSION_STATUSES as readonly string[]).includes(status)
    ? (status as SessionStatus)
    : 'failed';
}

/** Cancels the map: no queued job is taken any more, and running ones are told to stop. */
export async function cancelQueuedMap(map: QueuedMap): Promise<number> {
  const address = parseQueueUrl(map.queue);
  await probeQueue(address);
  const flags = await openFlags(address);
  const queue = await openQueue(address);
  try {
    await flags.cancel(map.mapId);
    return await removeQueuedJobs(
      queue,
      map.jobs.map((j) => jobId(j.mapId, j.position)),
    );
  } finally {
    flags.close();
    await queue.close();
  }
}

/** Waits for the map's jobs and ends the map as a local one ends. Returns the exit code. */
export async function waitQueuedMap(
  deps: SessionDeps,
  map: QueuedMap,
  options: WaitQueueOptions,
  ctx: CliContext,
): Promise<number> {
  const address = parseQueueUrl(map.queue);
  if (options.probe !== false) await probeQueue(address);
  const root = await mainRepoRoot(deps, ctx.cwd);
  const ledger = await openRepoLedger(deps, root);
  const releases: (() => void | Promise<void>)[] = [() => ledger.close()];
  try {
    const record = ledger.getMap(map.mapId);
    if (!record) throw new PreconditionError(`no map ${map.mapId} in this repository's ledger`);
    releases.push(await lockMap(deps, root, map.mapId, `mmm map wait ${map.mapId}`));
    ledger.claimMap(map.mapId);
    const queue = await openQueue(address);
    releases.push(() => queue.close());
    const store = sessionStore(ctx.env, root);
    const drive: MapDrive = {
      map: {
        id: map.mapId,
        jobs: Math.max(1, map.jobs.length),
        yes: options.policy.yes,
        checkout: record.checkout,
      },
      ledger,
      store,
      policy: options.policy,
      tableTo: options.tableTo,
      continueWith: `mmm map wait ${map.mapId}`,
    };
    const open = map.jobs.filter((job) => {
      const item = record.items.find((i) => i.position === job.position);
      return item?.state === 'pending' || item?.state === 'running';
    });
    const flags = await openFlags(address);
    releases.push(() => flags.close());
    const watch = watchJobs(queue, open, ctx.signal, () => flags.cancelled(map.mapId));
    const fetchOne = batchFetches((branches) =>
      fetchBranches(deps, root, map.remote, branches).catch((error: unknown) => {
        throw new PreconditionError(
          `could not fetch the pushed branches ${branches.map((b) => b.branch).join(', ')} from ${map.remote}: ${error instanceof Error ? error.message : String(error)}`,
          { hint: `once the remote can be read, record them with: mmm map wait ${map.mapId}` },
        );
      }),
    );
    releases.push(watch.stop);
    let cancelling: Promise<unknown> | undefined;
    ctx.signal.addEventListener(
      'abort',
      () => {
        cancelling = cancelQueuedMap(map).then(
          (removed) =>
            writeLine(
              ctx.stderr,
              `Map ${map.mapId} cancelled: ${String(removed)} queued job(s) removed, running ones told to stop.`,
            ),
          (error: unknown) =>
            writeLine(ctx.stderr, `warning: could not cancel map ${map.mapId}: ${String(error)}`),
        );
      },
      { once: true },
    );
    let done = 0;
    const total = open.length;
    writeLine(
      ctx.stderr,
      `Map ${map.mapId}: waiting for ${String(total)} job(s) on ${address.shown}.`,
    );
    const tasks: ItemTask[] = open.map((job) => {
      const item = record.items.find((i) => i.position === job.position) as MapItemRecord;
      return {
        item,
        run: () =>
          itemRow(job.item, ctx, async (row) => {
            const end = await watch.finished.get(job.position);
            if (!end) return;
            const mark = (patch: Parameters<typeof ledger.setMapItem>[2]) =>
              ledger.setMapItem(map.mapId, job.position, patch);
            const n = `[${String(++done)}/${String(total)}]`;
            if ('failed' in end) {
              mark({ state: 'failed' });
              writeLine(ctx.stderr, `${n} ${showControls(job.item)}: could not run: ${end.failed}`);
              Object.assign(row, { status: 'error', exitCode: ExitCode.stepFailed });
              return;
            }
            const { result } = end;
            if (result.status === 'cancelled' || result.pushed === undefined) {
              mark({ state: 'failed' });
              writeLine(ctx.stderr, `${n} ${showControls(job.item)}: ${result.status}`);
              Object.assign(row, { status: result.status, exitCode: ExitCode.needsAttention });
              return;
            }
            // With the branch, the run's saved refs: what a failing step left uncommitted.
            const saved = result.runId === undefined ? undefined : `refs/mmm/${result.runId}`;
            await fetchOne({
              branch: result.pushed,
              alsoUnder: saved === undefined ? [] : [saved],
            });
            const savedRefs =
              saved !== undefined && result.status !== 'completed'
                ? await refsUnder(deps, root, saved).catch(() => [])
                : [];
            const name = result.pushed.replace(/^mmm\//, '');
            const stamp = new Date().toISOString();
            const session: SessionRecord = {
              name,
              repoRoot: root,
              // Run on a worker: there is no worktree here, only the fetched branch.
              worktreePath: join(store.worktreesDir, name),
              branch: result.pushed,
              baseBranch: record.baseBranch ?? undefined,
              baseCommit: job.baseCommit,
              playbook: job.playbook.path,
              status: sessionStatusOf(result.status),
              commits: result.commits,
              createdAt: stamp,
              updatedAt: stamp,
              runIds: [],
              item: job.item,
              arg: job.arg,
              ranOn: result.worker,
            };
            await writeSession(store, session);
            mark({ state: stateAfterRun(session), session: name });
            const cost = result.costUsd === null ? '' : `, $${result.costUsd.toFixed(2)}`;
            writeLine(
              ctx.stderr,
              `${n} ${showControls(job.item)}: ${result.status}, ${String(result.commits)} commit(s)${cost}, by ${result.worker}${result.fromEarlierTry ? ' (earlier try)' : ''}`,
            );
            if (result.savedNotPushed !== undefined) {
              writeLine(ctx.stderr, `  warning: ${showControls(result.savedNotPushed)}`);
            }
            if (savedRefs.length > 0) {
              writeLine(
                ctx.stderr,
                `  what its failing step left uncommitted is saved on ${savedRefs.join(', ')} (git show ${savedRefs[0] ?? ''})`,
              );
            }
            Object.assign(row, {
              session: name,
              status: session.status,
              commits: result.commits,
              exitCode: result.exitCode,
              record: session,
            });
          }),
      };
    });
    // Items that ended before this wait are rows as their records stand: the table shows the
    // whole map, and with --yes a completed session that was not merged (the merge was refused,
    // or the coordinator stopped first) is merged now.
    for (const item of record.items) {
      if (open.some((job) => job.position === item.position)) continue;
      const session = item.session === null ? undefined : await readSession(store, item.session);
      tasks.push({ item, run: () => Promise.resolve(keptRow(item, session)) });
    }
    const code = await driveMap(
      deps,
      drive,
      tasks,
      async () => {
        await cancelling;
      },
      ctx,
    );
    return code;
  } finally {
    for (const release of releases.reverse()) await release();
  }
}
