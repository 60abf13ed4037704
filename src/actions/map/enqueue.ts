// `mmm cook <playbook> --map <glob> --queue redis://…`: one job per item on the queue, for
// `mmm worker` processes on any machine that can reach the queue and the remote; then this
// process waits for them as the map's coordinator (see wait.ts).
import { isAbsolute, resolve } from 'node:path';
import { PreconditionError } from '../../errors.js';
import { newRunId } from '../../engine/index.js';
import {
  commitOnRemote,
  defaultRemoteName,
  remoteRefs,
  remoteUrl,
  type RemoteInfo,
  redactUrl,
} from '../../git/remote.js';
import { GitCommandError } from '../../git/run.js';
import type { CheckoutInfo } from '../../git/worktree.js';
import { openRepoLedger } from '../../ledger/index.js';
import type { AgentChoice, Playbook } from '../../playbook/model.js';
import type { Gate } from '../../events.js';
import { parseQueueUrl, probeQueue } from '../../queue/connection.js';
import { addJob, openQueue, type QueueJobData } from '../../queue/jobs.js';
import { argForItem, findMapItems } from '../../sessions/map-items.js';
import { makeSessionName, type SessionDeps } from '../../sessions/store.js';
import { writeLine, type CliContext } from '../context.js';
import type { MergePolicy } from '../cook/finish-session.js';
import { mapPlaybookPath } from '../cook/map.js';
import { writeQueuedMap } from './queue-file.js';
import { waitQueuedMap } from './wait.js';

export interface QueueCookOptions {
  playbookPath: string;
  playbook: Playbook;
  glob: string;
  /** `--queue` as given. */
  queue: string;
  /** `--remote`: a remote's name or a URL. */
  remote: string | undefined;
  policy: MergePolicy;
  tableTo: 'stdout' | 'stderr';
  checkout: CheckoutInfo;
  maxIterations: number | undefined;
  maxCostUsd: number | undefined;
  gate: Gate | undefined;
  agent: AgentChoice | undefined;
}

/** A URL workers elsewhere can use: a local path is made absolute. */
function absoluteUrl(url: string, top: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/]+@[^/:]+:/.test(url) || isAbsolute(url)) {
    return url;
  }
  return resolve(top, url);
}

/** The remote the workers fetch from and push to: `--remote`, else the upstream's, else origin. */
export async function chooseRemote(
  deps: SessionDeps,
  checkout: CheckoutInfo,
  given: string | undefined,
): Promise<RemoteInfo> {
  const name = given ?? (await defaultRemoteName(deps, checkout.toplevel, checkout.branch));
  const url = await remoteUrl(deps, checkout.toplevel, name);
  if (url !== undefined) return { name, url: absoluteUrl(url, checkout.toplevel) };
  if (given !== undefined && /[/:]/.test(given)) {
    return { name: undefined, url: absoluteUrl(given, checkout.toplevel) };
  }
  throw new PreconditionError(
    given === undefined
      ? `this repository has no remote ${name}, and workers on other machines fetch the repository from a remote and push their branches to it`
      : `this repository has no remote named ${given}`,
    {
      hint: 'add one (git remote add origin URL, then git push origin HEAD), or name one with --remote NAME-OR-URL',
    },
  );
}

/** Refuses (exit 3) when the remote cannot be read or does not have the base commit. */
async function requireBaseOnRemote(
  deps: SessionDeps,
  checkout: CheckoutInfo,
  remote: RemoteInfo,
  base: string,
): Promise<void> {
  let refs;
  try {
    refs = await remoteRefs(deps, checkout.toplevel, remote.url);
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    throw new PreconditionError(
      `cannot read the remote ${redactUrl(remote.url)}: ${error.result.stderr.trim().split('\n').slice(-1).join('')}`,
      {
        hint: 'check the URL and your access to it (git ls-remote URL), or name another with --remote',
      },
    );
  }
  if (await commitOnRemote(deps, checkout.toplevel, refs, base)) return;
  const where = remote.name ?? redactUrl(remote.url);
  throw new PreconditionError(
    `the commit you are on (${base.slice(0, 12)}) is not on the remote ${where}, and workers start every item from it`,
    { hint: `push it first: git push ${where} ${checkout.branch ?? 'HEAD:refs/heads/<branch>'}` },
  );
}

export async function cookOnQueue(
  deps: SessionDeps,
  options: QueueCookOptions,
  ctx: CliContext,
): Promise<number> {
  const { checkout, playbook } = options;
  const address = parseQueueUrl(options.queue);
  const base = checkout.head ?? '';
  const remote = await chooseRemote(deps, checkout, options.remote);
  await requireBaseOnRemote(deps, checkout, remote, base);
  await probeQueue(address);
  const found = await findMapItems(deps, checkout.toplevel, options.glob);
  const mapId = newRunId();
  const recordedPath = mapPlaybookPath(checkout, ctx.cwd, options.playbookPath);
  const share =
    options.maxCostUsd === undefined ? null : options.maxCostUsd / Math.max(1, found.length);
  const jobs: QueueJobData[] = found.map((item, position) => {
    const session = `${makeSessionName(playbook.name, new Date())}-${String(position)}`;
    return {
      mapId,
      position,
      item,
      arg: argForItem(item),
      remote: remote.url,
      baseCommit: base,
      playbook: {
        path: recordedPath,
        name: playbook.name,
        source: playbook.source,
        hash: playbook.hash,
      },
      maxCostUsd: share,
      maxIterations: options.maxIterations ?? null,
      gate: options.gate ?? null,
      agent: options.agent ?? null,
      session,
      branch: `mmm/${session}`,
    };
  });
  const ledger = await openRepoLedger(deps, checkout.toplevel);
  try {
    ledger.recordMap(
      {
        id: mapId,
        playbook: recordedPath,
        playbookHash: playbook.hash,
        playbookName: playbook.name,
        playbookSource: playbook.source,
        glob: options.glob,
        jobs: jobs.length,
        yes: options.policy.yes,
        maxIterations: options.maxIterations ?? null,
        maxCostUsd: options.maxCostUsd ?? null,
        checkout: checkout.toplevel,
        baseBranch: checkout.branch ?? null,
        baseCommit: base,
        startedAt: new Date().toISOString(),
      },
      found,
    );
    ledger.releaseMap(mapId, 'interrupted');
  } finally {
    ledger.close();
  }
  const queued = { mapId, queue: options.queue, remote: remote.url, jobs };
  await writeQueuedMap(deps, checkout.toplevel, queued);
  const queue = await openQueue(address);
  try {
    for (const job of jobs) await addJob(queue, job);
  } finally {
    await queue.close();
  }
  writeLine(
    ctx.stderr,
    `Map ${mapId}: ${String(jobs.length)} item(s) of ${options.playbookPath} queued on ${address.shown} for workers (mmm worker --queue ${address.shown}), from ${base.slice(0, 12)} on ${redactUrl(remote.url)}.`,
  );
  return waitQueuedMap(
    deps,
    queued,
    { policy: options.policy, tableTo: options.tableTo, probe: false },
    ctx,
  );
}
