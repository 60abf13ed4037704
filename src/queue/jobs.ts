// The queue a distributed --map runs on (BullMQ on Redis): what a job carries, what it gives
// back, and the few Redis keys beside it (a map's cancel flag, each job's result kept apart).
import { hostname } from 'node:os';
import type { Job, Processor, Queue, Worker } from 'bullmq';
import { redisOptions, type QueueAddress } from './connection.js';

/** One queue for every map: any worker watching the address takes any map's jobs. */
export const QUEUE_NAME = 'mmm-map';

/** What one job names: everything a worker on another machine needs to run one item. */
export interface QueueJobData {
  mapId: string;
  position: number;
  item: string;
  /** `$ARG` of the run. */
  arg: string;
  /** The repository's remote URL: fetched from, and the session branch pushed to. */
  remote: string;
  /** The commit the session starts from, already on the remote. */
  baseCommit: string;
  playbook: { path: string; name: string; source: string; hash: string };
  /** The item's share of --max-cost, and -n. */
  maxCostUsd: number | null;
  maxIterations: number | null;
  /** --gate and --agent of the cook that queued the map. */
  gate: 'auto' | 'ack' | 'approve' | null;
  agent: { tool: string; model: string | undefined } | null;
  /** The session's name, and the branch pushed to the remote: `mmm/<session>`. */
  session: string;
  branch: string;
  /** Added again by the coordinator after Redis lost it: an earlier try may have pushed. */
  requeued?: boolean | undefined;
}

/** How a job's run ended, as the worker reports it back through the queue. */
export interface QueueJobResult {
  /** The session's status (completed, failed, stopped, interrupted), or `cancelled` before it ran. */
  status: string;
  exitCode: number;
  commits: number;
  costUsd: number | null;
  /** The branch the work was pushed to (a suffixed one when another try had pushed first). */
  pushed: string | undefined;
  /** The commit pushed. */
  tip: string | undefined;
  /** `host:pid` of the worker that ran it. */
  worker: string;
  /** The run's id in the worker's ledger. */
  runId: string | undefined;
  /** True when this try found the work already pushed by an earlier try and did not run again. */
  fromEarlierTry?: boolean | undefined;
  /** Why the run's saved refs (`refs/mmm/<run>/`) could not be pushed beside the branch. */
  savedNotPushed?: string | undefined;
  /** Where the worker's time went: the fetch and the session, the run, the push. */
  timings?: { prepareMs: number; runMs: number; pushMs: number } | undefined;
}

/** The job id of one item: a retry or a second enqueue of the item is the same job. */
export function jobId(mapId: string, position: number): string {
  return `${mapId}-${String(position)}`;
}

export function cancelKey(mapId: string): string {
  return `mmm:map:${mapId}:cancel`;
}

/** Timings, short in tests: how long a lock lasts unrenewed, how often stalls are looked for. */
export interface QueueTimings {
  lockMs: number;
  stalledMs: number;
}

export function queueTimings(env: NodeJS.ProcessEnv): QueueTimings {
  const read = (name: string, fallback: number) => {
    const n = Number(env[name]);
    return Number.isFinite(n) && n >= 100 ? n : fallback;
  };
  // A lock is renewed every half of it while the worker lives, however long its agent call.
  return {
    lockMs: read('MMM_QUEUE_LOCK_MS', 60_000),
    stalledMs: read('MMM_QUEUE_STALLED_MS', 30_000),
  };
}

export function workerName(): string {
  return `${hostname()}:${String(process.pid)}`;
}

export async function openQueue(
  address: QueueAddress,
): Promise<Queue<QueueJobData, QueueJobResult>> {
  const { Queue } = await import('bullmq');
  const queue = new Queue<QueueJobData, QueueJobResult>(QUEUE_NAME, {
    connection: redisOptions(address),
  });
  // Reconnects are ioredis's: a lost connection is only worth a line, never a crash.
  queue.on('error', () => undefined);
  return queue;
}

/** Adds one item's job: three tries, a worker that dies mid-job counting as one. */
export async function addJob(
  queue: Queue<QueueJobData, QueueJobResult>,
  data: QueueJobData,
): Promise<void> {
  await queue.add(data.item, data, {
    jobId: jobId(data.mapId, data.position),
    attempts: 3,
    backoff: { type: 'fixed', delay: 1000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}

/** A job as the coordinator sees it: not there, waiting or running, or finished. */
export type JobState =
  | { kind: 'missing' }
  | { kind: 'pending'; state: string; attempts: number }
  | { kind: 'completed'; result: QueueJobResult }
  | { kind: 'failed'; reason: string };

export async function jobState(
  queue: Queue<QueueJobData, QueueJobResult>,
  id: string,
): Promise<JobState> {
  const job: Job<QueueJobData, QueueJobResult> | undefined = await queue.getJob(id);
  if (!job) return { kind: 'missing' };
  const state = await job.getState();
  if (state === 'completed') {
    // The job was read before it completed: read it again for its return value.
    const done = job.returnvalue ?? (await queue.getJob(id))?.returnvalue;
    return done ? { kind: 'completed', result: done } : { kind: 'pending', state, attempts: 0 };
  }
  if (state === 'failed') return { kind: 'failed', reason: job.failedReason };
  return { kind: 'pending', state, attempts: job.attemptsMade };
}

/** Removes the map's jobs no worker has taken yet; returns how many. */
export async function removeQueuedJobs(
  queue: Queue<QueueJobData, QueueJobResult>,
  ids: readonly string[],
): Promise<number> {
  let removed = 0;
  for (const id of ids) {
    const job = await queue.getJob(id);
    if (!job) continue;
    const state = await job.getState();
    if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') continue;
    // A job a worker took in the meantime is locked and stays; its worker sees the cancel flag.
    await job.remove().then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}

/** A small client for the flags beside the queue (cancel), reconnecting like the queue's. */
export async function openFlags(address: QueueAddress): Promise<{
  cancel: (mapId: string) => Promise<void>;
  cancelled: (mapId: string) => Promise<boolean>;
  close: () => void;
}> {
  const { Redis } = await import('ioredis');
  const client = new Redis(redisOptions(address));
  client.on('error', () => undefined);
  return {
    cancel: async (mapId) => {
      await client.set(cancelKey(mapId), '1', 'EX', 7 * 24 * 3600);
    },
    cancelled: async (mapId) => (await client.exists(cancelKey(mapId))) === 1,
    close: () => client.disconnect(),
  };
}

/** A BullMQ worker taking `jobs` jobs at a time from the queue. */
export async function startQueueWorker(
  address: QueueAddress,
  jobs: number,
  timings: QueueTimings,
  processor: Processor<QueueJobData, QueueJobResult>,
): Promise<Worker<QueueJobData, QueueJobResult>> {
  const { Worker } = await import('bullmq');
  const worker = new Worker<QueueJobData, QueueJobResult>(QUEUE_NAME, processor, {
    connection: redisOptions(address),
    concurrency: jobs,
    lockDuration: timings.lockMs,
    stalledInterval: timings.stalledMs,
    // A job whose worker died twice is retried once more before it counts as failed.
    maxStalledCount: 2,
  });
  return worker;
}

/**
 * Gives a job back to the queue whole, for another worker, without counting a try: the
 * processor throws the error this returns.
 */
export async function giveBack(
  job: Job<QueueJobData, QueueJobResult>,
  token: string | undefined,
): Promise<Error> {
  const { WaitingError } = await import('bullmq');
  await job.moveToWait(token);
  return new WaitingError();
}
