// `mmm cook <playbook> --map "<glob>" --jobs N`: one session per matching file, N at a time,
// a table at the end, then (with --yes) the successful sessions merged one after another. The map
// is recorded in the ledger first, with every item, so `mmm resume <map>` can finish it.
import { isAbsolute, relative, resolve } from 'node:path';
import pLimit from 'p-limit';
import { newRunId } from '../../engine/index.js';
import { mainRepoRoot } from '../../git/common-dir.js';
import type { CheckoutInfo } from '../../git/worktree.js';
import { openRepoLedger, type Ledger, type MapItemRecord } from '../../ledger/index.js';
import type { Playbook } from '../../playbook/model.js';
import type { CreateSessionResult } from '../../sessions/create.js';
import { argForItem, findMapItems } from '../../sessions/map-items.js';
import {
  createSessionFor,
  discardSession,
  runInSession,
  type SessionRunner,
} from '../../sessions/run-in-session.js';
import { sessionStore, type SessionDeps } from '../../sessions/store.js';
import { writeLine, type CliContext } from '../context.js';
import type { MergePolicy } from './finish-session.js';
import {
  driveMap,
  itemRow,
  lockMap,
  stateAfterRun,
  type ItemTask,
  type MapDrive,
} from './map-drive.js';

export { formatMapTable, type MapRow } from './map-drive.js';

export interface MapOptions {
  playbookPath: string;
  playbookName: string;
  glob: string;
  jobs: number;
  policy: MergePolicy;
  /** The user's checkout: sessions start from its HEAD, the glob is relative to its top. */
  checkout: CheckoutInfo;
  /** Where the summary table goes: stdout, or stderr when stdout carries --json events. */
  tableTo: 'stdout' | 'stderr';
  /** The playbook as loaded (its hash and text are recorded); loaded from `playbookPath` when absent. */
  playbook?: Playbook | undefined;
  /** -n and --max-cost, recorded for the items a resume starts. */
  maxIterations?: number | undefined;
  maxCostUsd?: number | undefined;
}

/** Starting one item: its session (made ahead, or kept from before a crash), then its run. */
export interface StartItem {
  item: MapItemRecord;
  /** The session to run in; undefined when it could not be made or an interrupt came first. */
  session: Promise<CreateSessionResult | undefined>;
  /** Made for this invocation: removed again when an interrupt comes before its run. */
  fresh: boolean;
}

export interface StartItemsOptions {
  playbookPath: string;
  playbookName: string;
  parallel: boolean;
}

/** The task that runs one item's playbook in its session, recording each move in the ledger. */
export function startTask(
  deps: SessionDeps,
  drive: MapDrive,
  start: StartItem,
  options: StartItemsOptions,
  runner: SessionRunner,
  ctx: CliContext,
): ItemTask {
  const { item } = start;
  const mark = (patch: Parameters<Ledger['setMapItem']>[2]) =>
    drive.ledger.setMapItem(drive.map.id, item.position, patch);
  const run = () =>
    itemRow(item.item, ctx, async (row) => {
      const session = await start.session;
      if (!session) return;
      row.session = session.record.name;
      if (ctx.signal.aborted) {
        if (start.fresh) {
          await discardSession(deps, ctx.cwd, session);
          mark({ session: null });
          row.session = undefined;
        }
        return;
      }
      // Written before the run starts: whatever happens next, a resume finds the run by this id.
      const runId = newRunId();
      mark({ state: 'running', runId });
      try {
        const outcome = await runInSession(
          deps,
          {
            cwd: ctx.cwd,
            playbookPath: options.playbookPath,
            playbookName: options.playbookName,
            item: item.item,
            arg: argForItem(item.item),
            created: Promise.resolve(session),
            parallel: options.parallel,
            runId,
          },
          runner,
        );
        Object.assign(row, {
          status: outcome.record.status,
          commits: outcome.commits,
          exitCode: outcome.exitCode,
          record: outcome.record,
        });
        if (outcome.last?.status === 'paused') {
          // Waits at a gate: the item stays `running` under its run, which a decision continues,
          // from another terminal even while this process goes on with the other items.
          drive.ledger.letGoOfPausedRun(outcome.last.runId);
          Object.assign(row, { status: 'waits for approval', waiting: outcome.last.runId });
          return;
        }
        mark({ state: stateAfterRun(outcome.record) });
      } catch (error) {
        mark({ state: 'failed' });
        throw error;
      }
    });
  return { item, run };
}

/** Where the playbook is recorded for the map: relative to the checkout's top when inside it. */
export function mapPlaybookPath(checkout: CheckoutInfo, cwd: string, given: string): string {
  const file = resolve(cwd, given);
  const inside = relative(checkout.toplevel, file);
  return inside.startsWith('..') || isAbsolute(inside) ? file : inside;
}

/** Runs the whole map; returns the highest exit code of the runs and merges. */
export async function cookMap(
  deps: SessionDeps,
  options: MapOptions,
  runner: SessionRunner,
  ctx: CliContext,
): Promise<number> {
  const { checkout } = options;
  const found = await findMapItems(deps, checkout.toplevel, options.glob);
  const { loadPlaybook } = await import('../../playbook/index.js');
  const playbook = options.playbook ?? (await loadPlaybook(options.playbookPath, { cwd: ctx.cwd }));
  const ledger = await openRepoLedger(deps, checkout.toplevel);
  const releases: (() => void)[] = [() => ledger.close()];
  try {
    const id = newRunId();
    ledger.recordMap(
      {
        id,
        playbook: mapPlaybookPath(checkout, ctx.cwd, options.playbookPath),
        playbookHash: playbook.hash,
        playbookName: playbook.name,
        playbookSource: playbook.source,
        glob: options.glob,
        jobs: options.jobs,
        yes: options.policy.yes,
        maxIterations: options.maxIterations ?? null,
        maxCostUsd: options.maxCostUsd ?? null,
        checkout: checkout.toplevel,
        baseBranch: checkout.branch ?? null,
        baseCommit: checkout.head ?? '',
        startedAt: new Date().toISOString(),
      },
      found,
    );
    const command = `mmm cook ${options.playbookPath} --map ${options.glob}`;
    releases.push(await lockMap(deps, checkout.toplevel, id, command));
    const items = ledger.getMap(id)?.items ?? [];
    writeLine(
      ctx.stderr,
      `Map ${id}: ${items.length} item(s) of ${options.playbookPath}, ${options.jobs} at a time.`,
    );
    const drive: MapDrive = {
      map: { id, jobs: options.jobs, yes: options.policy.yes, checkout: checkout.toplevel },
      ledger,
      store: sessionStore(ctx.env, await mainRepoRoot(deps, checkout.toplevel)),
      policy: options.policy,
      tableTo: options.tableTo,
    };
    const starts = makeSessionsAhead(deps, drive, items, options, checkout, ctx);
    const tasks = starts.map((start) =>
      startTask(
        deps,
        drive,
        start,
        {
          playbookPath: options.playbookPath,
          playbookName: options.playbookName,
          parallel: options.jobs > 1,
        },
        runner,
        ctx,
      ),
    );
    return await driveMap(deps, drive, tasks, () => runner.finish(), ctx);
  } finally {
    for (const release of releases.reverse()) release();
  }
}

/**
 * Makes the items' sessions ahead of their runs (two at a time), so a run starts as soon as a job
 * is free; each session's name is recorded for its item once it exists.
 */
export function makeSessionsAhead(
  deps: SessionDeps,
  drive: MapDrive,
  items: readonly MapItemRecord[],
  options: Pick<MapOptions, 'playbookPath' | 'playbookName'>,
  checkout: CheckoutInfo,
  ctx: CliContext,
): StartItem[] {
  const makeLimit = pLimit(2);
  return items.map((item) => {
    const session = makeLimit(async () => {
      if (ctx.signal.aborted) return undefined;
      const made = await createSessionFor(deps, {
        cwd: ctx.cwd,
        playbookPath: options.playbookPath,
        playbookName: options.playbookName,
        item: item.item,
        arg: argForItem(item.item),
        checkout,
      });
      drive.ledger.setMapItem(drive.map.id, item.position, { session: made.record.name });
      return made;
    });
    // A failure is reported by the item's own task: this only keeps it from going unhandled.
    session.catch(() => undefined);
    return { item, session, fresh: true };
  });
}
