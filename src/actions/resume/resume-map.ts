// `mmm resume <map>`: finishes a --map run cut short. Each item is taken from where it stands:
// merged or failed items are left, a done one is merged (with --yes), a run in flight is resumed
// in its session, an item that never ran is started; never one twice, --jobs at a time.
import { isQueuedMap } from '../map/queue-file.js';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ExitCode, MmmError, PreconditionError } from '../../errors.js';
import { countCommitsAhead } from '../../git/branch.js';
import { mainRepoRoot } from '../../git/common-dir.js';
import { exec } from '../../infra/exec.js';
import { thisProcess } from '../../infra/liveness.js';
import {
  openRepoLedger,
  type Ledger,
  type MapItemRecord,
  type MapRecord,
  type RunRecord,
} from '../../ledger/index.js';
import type { Playbook } from '../../playbook/model.js';
import { requireCheckout } from '../../sessions/create.js';
import {
  readSession,
  updateSession,
  sessionStore,
  type SessionDeps,
  type SessionRecord,
  type SessionStore,
} from '../../sessions/store.js';
import { sessionStatusFor } from '../../sessions/run-in-session.js';
import { writeLine, type CliContext } from '../context.js';
import { checkOutputFlags } from '../cook/options.js';
import {
  driveMap,
  itemRow,
  lockMap,
  stateAfterRun,
  type ItemTask,
  type MapDrive,
  keptRow,
} from '../cook/map-drive.js';
import { makeSessionsAhead, startTask, type StartItem } from '../cook/map.js';
import { askYesNo } from '../worktree/ask.js';
import { sessionDeps } from '../worktree/deps.js';
import {
  playbookChangedError,
  prepareRunResume,
  runResumed,
  waitsForApproval,
  type ResumeFlags,
} from './resume.js';

const git = { exec };

/** Whether `mmm resume` can take the map up: its process is gone and it has items left. */
const resumableMap = (map: MapRecord) => map.status === 'crashed' || map.status === 'interrupted';

/**
 * What `mmm resume` without an id continues: the newest of the resumable maps (by when each was
 * started or last resumed) and the resumable runs (by when each started) that are not items of
 * one of those maps; runs in place only of this checkout.
 */
export function newestResumable(
  ledger: Ledger,
  root: string,
): { run: string } | { map: string } | undefined {
  const maps = ledger.listMaps().filter(resumableMap);
  const inMaps = new Set(maps.flatMap((m) => m.items.map((i) => i.runId)));
  const run = ledger
    .resumableRuns()
    .find((r) => (r.session !== null || r.cwd === root) && !inMaps.has(r.id));
  const [map] = maps;
  if (map && (!run || map.lastStartedAt >= run.startedAt)) return { map: map.id };
  return run && { run: run.id };
}

/** Why the map cannot be resumed now; undefined when it can. */
function refusal(map: MapRecord): PreconditionError | undefined {
  switch (map.status) {
    case 'crashed':
    case 'interrupted':
      return undefined;
    case 'done':
      return new PreconditionError(
        `map ${map.shortId} is finished: each of its ${map.items.length} item(s) was merged, failed, or is left for you to merge; there is nothing left to resume`,
        {
          hint: `mmm worktree ls shows its sessions; to run it again: mmm cook ${map.playbook} --map "${map.glob}"`,
        },
      );
    case 'running':
      return new PreconditionError(`map ${map.shortId} is still running: its process is alive`, {
        hint: 'wait for it to end, or stop it with Ctrl-C and resume it then',
      });
  }
}

/** The map's playbook, held to the one it started with. */
async function mapPlaybook(map: MapRecord, force: boolean): Promise<Playbook> {
  const file = isAbsolute(map.playbook) ? map.playbook : join(map.checkout, map.playbook);
  if (!existsSync(file)) {
    throw new PreconditionError(`the map's playbook ${file} is gone`, {
      hint: `put it back where it was (git checkout -- ${map.playbook}), then resume again`,
    });
  }
  const { loadPlaybook } = await import('../../playbook/index.js');
  const playbook = await loadPlaybook(file, { cwd: '/' });
  if (playbook.hash !== map.playbookHash && !force) {
    throw playbookChangedError(
      `map ${map.shortId}`,
      map.shortId,
      map.playbook,
      map.playbookSource,
      playbook,
    );
  }
  return playbook;
}

/** The run recorded under `runId`, or undefined when it never got as far as the ledger. */
function recordedRun(ledger: Ledger, runId: string | null): RunRecord | undefined {
  if (runId === null) return undefined;
  try {
    return ledger.getRun(runId).run;
  } catch (error) {
    if (error instanceof MmmError) return undefined;
    throw error;
  }
}

/** A row for an item that is left as it is. */

interface Plan {
  tasks: ItemTask[];
  /** How many runs in flight are resumed. */
  resumed: number;
  /** Items whose run never started: started as cook --map would, in their session if it is kept. */
  starts: { item: MapItemRecord; session: SessionRecord | undefined }[];
}

/**
 * Decides each item's task from its record, its session and its run. A state written late (the
 * process died between a run's end and the item's update) is put right from the run's own record
 * first, so an item whose run ended is never run again.
 */
async function planItems(
  ledger: Ledger,
  map: MapRecord,
  store: SessionStore,
  root: string,
  flags: ResumeFlags,
  runner: Parameters<typeof runResumed>[1],
  ctx: CliContext,
): Promise<Plan> {
  const plan: Plan = { tasks: [], resumed: 0, starts: [] };
  const mark = (item: MapItemRecord, state: MapItemRecord['state']) => {
    ledger.setMapItem(map.id, item.position, { state });
    item.state = state;
  };
  const keep = (item: MapItemRecord, record: SessionRecord | undefined, status?: string) =>
    plan.tasks.push({ item, run: () => Promise.resolve(keptRow(item, record, status)) });
  for (const item of map.items) {
    let record = item.session === null ? undefined : await readSession(store, item.session);
    if (item.state === 'pending' || item.state === 'running') {
      const run = recordedRun(ledger, item.runId);
      if (!run) {
        plan.starts.push({ item, session: record });
        continue;
      }
      if (run.status === 'crashed' || run.status === 'interrupted') {
        plan.tasks.push(resumeTask(ledger, map, item, run.id, root, flags, runner, ctx));
        plan.resumed++;
        continue;
      }
      const live = ledger.liveProcessOf(run.id) !== undefined;
      if (run.status === 'running' || (run.status === 'paused' && live)) {
        keep(item, record, `running (run ${run.shortId}, another process)`);
        continue;
      }
      if (waitsForApproval(ledger, run)) {
        plan.tasks.push({
          item,
          run: () =>
            Promise.resolve({
              ...keptRow(item, record, 'waits for approval'),
              exitCode: ExitCode.awaitingApproval,
              waiting: run.id,
            }),
        });
        continue;
      }
      if (run.status === 'paused') {
        // At a gate with its process gone and no one left to wait for (an ack window, or a
        // decision recorded that could not be carried out then): it goes on from there.
        plan.tasks.push(resumeTask(ledger, map, item, run.id, root, flags, runner, ctx));
        plan.resumed++;
        continue;
      }
      // The run ended, and the process died before the item (and maybe its session) said so.
      const status = sessionStatusFor(run.status === 'done' ? 'completed' : run.status);
      if (record && record.status === 'running') {
        const commits = await countCommitsAhead(
          git,
          root,
          record.baseCommit,
          `refs/heads/${record.branch}`,
        ).catch(() => record?.commits ?? 0);
        record = await updateSession(store, record.name, {
          status,
          commits,
          runIds: record.runIds.includes(run.id) ? record.runIds : [...record.runIds, run.id],
          pid: undefined,
          pidStart: undefined,
        });
      }
      mark(item, record ? stateAfterRun(record) : status === 'completed' ? 'done' : 'failed');
    }
    if (item.state === 'done' && record?.status === 'merged') mark(item, 'merged');
    keep(item, record);
  }
  return plan;
}

/** The task that continues an item's crashed or interrupted run in its session. */
function resumeTask(
  ledger: Ledger,
  map: MapRecord,
  item: MapItemRecord,
  runId: string,
  root: string,
  flags: ResumeFlags,
  runner: Parameters<typeof runResumed>[1],
  ctx: CliContext,
): ItemTask {
  const run = () =>
    itemRow(item.item, ctx, async (row) => {
      row.session = item.session ?? undefined;
      const releases: (() => void)[] = [];
      try {
        const resumable = await prepareRunResume(ledger, runId, root, flags, ctx, releases);
        const { result, record } = await runResumed(resumable, runner, map.jobs > 1, ctx);
        Object.assign(row, {
          status: record?.status ?? result.status,
          commits: record?.commits ?? result.commits,
          exitCode: result.exitCode,
          record,
        });
        if (result.status === 'paused') {
          // At another gate: the item stays `running` under its run until that is decided.
          ledger.letGoOfPausedRun(runId);
          Object.assign(row, { status: 'waits for approval', waiting: runId });
          return;
        }
        if (record) ledger.setMapItem(map.id, item.position, { state: stateAfterRun(record) });
      } finally {
        for (const release of releases.reverse()) release();
      }
    });
  return { item, run };
}

/** `mmm resume <map>`: returns the highest exit code of the item runs and merges. */
export async function resumeMap(
  mapId: string,
  root: string,
  flags: ResumeFlags,
  ctx: CliContext,
): Promise<number> {
  checkOutputFlags(flags);
  const deps: SessionDeps = sessionDeps(ctx);
  if (await isQueuedMap(deps, root, mapId)) {
    throw new PreconditionError(`map ${mapId} runs on a queue, its items on workers`, {
      hint: `wait for it with: mmm map wait ${mapId} (mmm map status ${mapId} shows where each item is)`,
    });
  }
  const ledger = await openRepoLedger(git, root);
  const releases: (() => void)[] = [() => ledger.close()];
  try {
    releases.push(await lockMap(deps, root, mapId, `mmm resume ${mapId}`));
    const map = ledger.getMap(mapId);
    if (!map) throw new PreconditionError(`no map ${mapId} in this repository`);
    const refused = refusal(map);
    if (refused) throw refused;
    const playbook = await mapPlaybook(map, flags.force ?? false);
    ledger.claimMap(map.id);
    const store = sessionStore(ctx.env, await mainRepoRoot(git, root));
    const { createEngineRunner } = await import('../cook/runner.js');
    const runner = createEngineRunner(
      {
        playbook,
        maxIterations: map.maxIterations ?? undefined,
        maxCostUsd: map.maxCostUsd ?? undefined,
        json: flags.json,
        quiet: flags.quiet,
        verbose: flags.verbose,
      },
      ctx,
    );
    const drive: MapDrive = {
      map,
      ledger,
      store,
      policy: {
        yes: map.yes,
        ask: ctx.interactive ? (q: string) => askYesNo(q, ctx) : undefined,
      },
      tableTo: flags.json ? 'stderr' : 'stdout',
    };
    let plan: Plan;
    try {
      plan = await planItems(ledger, map, store, root, flags, runner, ctx);
    } catch (error) {
      await runner.finish();
      throw error;
    }
    const toMerge = map.yes ? map.items.filter((i) => i.state === 'done').length : 0;
    writeLine(
      ctx.stderr,
      `Resuming map ${map.id} of ${map.playbook} ("${map.glob}"): ${plan.resumed} run(s) to go on with, ${plan.starts.length} item(s) to start, ${toMerge} done before to merge if they made commits; ${map.jobs} at a time.`,
    );
    const starts = await startItems(deps, drive, plan.starts, map, ctx);
    const options = {
      playbookPath: map.playbook,
      playbookName: map.playbookName,
      parallel: map.jobs > 1,
    };
    // Runs in flight go first, then the items that never ran; the table keeps the items' order.
    const tasks = [
      ...plan.tasks,
      ...starts.map((start) => startTask(deps, drive, start, options, runner, ctx)),
    ];
    return await driveMap(deps, drive, tasks, () => runner.finish(), ctx);
  } finally {
    for (const release of releases.reverse()) release();
  }
}

/**
 * The items that never ran: in their session when it is still there (made before the crash,
 * marked as this process's), else in a new one from the map's base commit, as cook --map would.
 */
async function startItems(
  deps: SessionDeps,
  drive: MapDrive,
  starts: Plan['starts'],
  map: MapRecord,
  ctx: CliContext,
): Promise<StartItem[]> {
  const me = thisProcess();
  const kept: StartItem[] = [];
  const fresh: MapItemRecord[] = [];
  for (const { item, session } of starts) {
    if (session && session.status === 'running' && existsSync(session.worktreePath)) {
      const record = await updateSession(drive.store, session.name, {
        pid: me.pid,
        pidStart: me.start,
      });
      kept.push({ item, session: Promise.resolve({ record, store: drive.store }), fresh: false });
    } else fresh.push(item);
  }
  if (fresh.length === 0) return kept;
  const here = await requireCheckout(deps, ctx.cwd);
  const checkout = {
    ...here,
    toplevel: existsSync(map.checkout) ? map.checkout : here.toplevel,
    head: map.baseCommit,
    branch: map.baseBranch ?? undefined,
  };
  const made = makeSessionsAhead(
    deps,
    drive,
    fresh,
    { playbookPath: map.playbook, playbookName: map.playbookName },
    checkout,
    ctx,
  );
  return [...kept, ...made].sort((a, b) => a.item.position - b.item.position);
}
