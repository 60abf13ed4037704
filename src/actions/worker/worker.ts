// `mmm worker --queue redis://… [--jobs N]`: takes queued --map items, runs each in a worktree
// session of a kept clone, pushes the session branch and reports the outcome through the queue.
// SIGINT/SIGTERM give the jobs in progress back to the queue for another worker, and end it.
import { ExitCode, UsageError } from '../../errors.js';
import { parseQueueUrl, probeQueue } from '../../queue/connection.js';
import {
  giveBack,
  openFlags,
  queueTimings,
  startQueueWorker,
  workerName,
  type QueueJobResult,
} from '../../queue/jobs.js';
import { showControls } from '../../infra/control-chars.js';
import { writeLine, type CliContext } from '../context.js';
import { parseJobs } from '../cook/worktree.js';
import { finishCleanups, runQueueJob, StoppedRun } from './run-job.js';

export interface WorkerFlags {
  queue?: string | undefined;
  jobs?: string | undefined;
}

const CANCEL_POLL_MS = 500;
const CLOSE_WAIT_MS = 10_000;

export async function workerCommand(flags: WorkerFlags, ctx: CliContext): Promise<number> {
  if (flags.queue === undefined) {
    throw new UsageError('mmm worker needs --queue redis://HOST:PORT[/DB]');
  }
  const address = parseQueueUrl(flags.queue);
  const jobs = parseJobs(flags.jobs);
  await probeQueue(address);
  const flagsClient = await openFlags(address);
  const me = workerName();
  const worker = await startQueueWorker(
    address,
    jobs,
    queueTimings(ctx.env),
    async (job, token) => {
      const data = job.data;
      const label = `${data.mapId.slice(0, 8)} ${showControls(data.item)}`;
      if (await flagsClient.cancelled(data.mapId)) {
        writeLine(ctx.stderr, `${label}: the map was cancelled; not run`);
        return cancelled(me);
      }
      writeLine(ctx.stderr, `${label}: started (try ${String(Math.max(1, job.attemptsStarted))})`);
      const stop = new AbortController();
      let cancelledNow = false;
      const onStop = () => stop.abort();
      ctx.signal.addEventListener('abort', onStop, { once: true });
      const poll = setInterval(() => {
        flagsClient.cancelled(data.mapId).then(
          (yes) => {
            if (yes && !stop.signal.aborted) {
              cancelledNow = true;
              stop.abort();
            }
          },
          () => undefined,
        );
      }, CANCEL_POLL_MS);
      try {
        const result = await runQueueJob(
          data,
          {
            signal: stop.signal,
            attempt: Math.max(1, job.attemptsStarted),
            retried: job.attemptsStarted > 1 || job.stalledCounter > 0 || data.requeued === true,
          },
          ctx,
        );
        writeLine(
          ctx.stderr,
          `${label}: ${result.status}, ${String(result.commits)} commit(s)${result.pushed ? `, pushed ${result.pushed}` : ''}${result.fromEarlierTry ? ' (pushed by an earlier try)' : ''}${result.timings ? ` (${timingText(result.timings)})` : ''}`,
        );
        return result;
      } catch (error) {
        if (error instanceof StoppedRun && cancelledNow) {
          writeLine(ctx.stderr, `${label}: stopped, the map was cancelled`);
          return cancelled(me);
        }
        if (error instanceof StoppedRun || ctx.signal.aborted) {
          // Given back whole: another worker runs it from the start, and no try is counted.
          const back = await giveBack(job, token);
          writeLine(ctx.stderr, `${label}: given back to the queue`);
          throw back;
        }
        writeLine(
          ctx.stderr,
          `${label}: could not run: ${error instanceof Error ? error.message : String(error)}`,
        );
        throw error;
      } finally {
        clearInterval(poll);
        ctx.signal.removeEventListener('abort', onStop);
      }
    },
  );
  worker.on('error', () => undefined);
  writeLine(
    ctx.stderr,
    `Worker ${me}: taking jobs from ${address.shown}, ${String(jobs)} at a time.`,
  );
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  writeLine(ctx.stderr, `Worker ${me}: stopping; jobs in progress go back to the queue.`);
  // Giving jobs back needs Redis: when it does not answer, their locks expire instead and
  // another worker takes them after that; the worker does not wait for it forever.
  const closed = await Promise.race([
    worker.close().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), CLOSE_WAIT_MS).unref()),
  ]);
  if (!closed) {
    writeLine(
      ctx.stderr,
      `Worker ${me}: the queue did not answer; its jobs in progress go to another worker once their locks expire.`,
    );
    await worker.disconnect().catch(() => undefined);
  }
  await finishCleanups();
  flagsClient.close();
  return ExitCode.ok;
}

function cancelled(worker: string): QueueJobResult {
  return {
    status: 'cancelled',
    exitCode: ExitCode.ok,
    commits: 0,
    costUsd: null,
    pushed: undefined,
    tip: undefined,
    worker,
    runId: undefined,
  };
}

function timingText(t: NonNullable<QueueJobResult['timings']>): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)}s`;
  return `fetch and session ${s(t.prepareMs)}, run ${s(t.runMs)}, push ${s(t.pushMs)}`;
}
