// `mmm resume [run]`: continue a crashed or interrupted run under its own id, in its own place,
// from the step that was in flight, without running again the steps that had finished.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ExitCode, PreconditionError } from '../../errors.js';
import { countCommitsAhead } from '../../git/branch.js';
import { mainRepoRoot } from '../../git/common-dir.js';
import { gitPath, noWorkTreeError, workTreeRoot } from '../../git/repo.js';
import { lastSavedRefNumber } from '../../git/run-refs.js';
import { exec } from '../../infra/exec.js';
import { thisProcess } from '../../infra/liveness.js';
import { takeLock } from '../../infra/lock-file.js';
import {
  openRepoLedgerForReading,
  type GateRecord,
  type Ledger,
  type MapRecord,
  type RunRecord,
} from '../../ledger/index.js';
import { showControls } from '../../infra/control-chars.js';
import { absolutePath } from '../../ledger/paths.js';
import type { ResumeFrom } from '../../engine/index.js';
import type { MmmEvent } from '../../events.js';
import type { Playbook } from '../../playbook/model.js';
import { sessionStatusFor } from '../../sessions/run-in-session.js';
import {
  readSession,
  sessionStore,
  updateSession,
  type SessionRecord,
} from '../../sessions/store.js';
import type { SessionRunResult } from '../../sessions/run-in-session.js';
import type { EngineRunRequest } from '../cook/runner.js';
import { writeLine, type CliContext } from '../context.js';
import { adviseWaiting, finishSession } from '../cook/finish-session.js';
import { checkOutputFlags, parseAgentChoice } from '../cook/options.js';
import { takeRepoLock } from '../repo-lock.js';
import { askYesNo } from '../worktree/ask.js';
import { sessionDeps } from '../worktree/deps.js';
import { planResume } from './plan.js';
import { describePlaybookChanges } from './playbook-changes.js';
import { startingPoint } from './where.js';
import { newestResumable, resumeMap } from './resume-map.js';

/** Flags of `mmm resume`. */
export interface ResumeFlags {
  force?: boolean | undefined;
  verbose?: boolean | undefined;
  quiet?: boolean | undefined;
  json?: boolean | undefined;
}

const git = { exec };

/**
 * The newest run or --map run `mmm resume` can continue in this checkout or in a session of its
 * repository (a run of a map's item is resumed with its map).
 */
function latestResumable(ledger: Ledger, root: string): { run: string } | { map: string } {
  const newest = newestResumable(ledger, root);
  if (!newest) {
    throw new PreconditionError(
      'no crashed, interrupted or not converging run to resume in this repository',
      {
        hint: 'mmm runs lists the recorded runs and their states',
      },
    );
  }
  return newest;
}

/** Why a run in this state cannot be resumed; undefined when it can. */
function refusal(run: RunRecord, live: number | undefined): PreconditionError | undefined {
  const id = run.shortId;
  const again = `start a new run: mmm cook ${run.playbook ?? '<playbook>'}`;
  // A run paused at a gate whose process is gone goes on from the gate (see gateToResume).
  if (run.status === 'paused' && atGate(run) && live === undefined) return undefined;
  switch (run.status) {
    case 'crashed':
    case 'interrupted':
      return undefined;
    case 'done':
      return new PreconditionError(
        `run ${id} is done (${run.reason ?? 'finished'}); there is nothing left to resume`,
        {
          hint: `to run the playbook again, ${again}`,
        },
      );
    case 'failed':
      return new PreconditionError(
        `run ${id} failed: ${run.message ?? 'a step failed'}; a failed run is not resumed, its step would fail again`,
        { hint: `fix what made it fail, then ${again}` },
      );
    case 'stopped':
      if (run.reason === 'not_converging') return undefined;
      if (run.reason === 'rejected') {
        return new PreconditionError(
          `run ${id} was stopped: a reviewer rejected a gated step${run.message ? ` (${run.message})` : ''}`,
          { hint: `to run it again, ${again}` },
        );
      }
      if (run.reason === 'policy') {
        return new PreconditionError(
          `run ${id} was stopped by policy: ${run.message ?? "a step's change broke a rule"}; resumed, the step's change would be blocked again`,
          { hint: `change the step or the policy (docs/policy.md), then ${again}` },
        );
      }
      return new PreconditionError(
        `run ${id} was stopped by its budget: ${run.message ?? 'a limit was reached'}`,
        {
          hint: `raise the limit (budget: in the playbook, or --max-cost), then ${again}`,
        },
      );
    case 'paused':
      if (run.stateReason !== 'ack') return stillRunning(run);
      return new PreconditionError(
        `run ${id} is waiting for its ack window (pid ${String(live)}): its step's change lands by itself unless rejected`,
        { hint: `to stop it: mmm reject ${id} [--retry]; to land it now: mmm approve ${id}` },
      );
    case 'running':
      return stillRunning(run);
  }
}

function stillRunning(run: RunRecord): PreconditionError {
  const id = run.shortId;
  return new PreconditionError(`run ${id} is still ${run.status}: its process is alive`, {
    hint: `wait for it to end (mmm runs events ${id} --follow), or stop it with Ctrl-C and resume it then`,
  });
}

/** A run paused at a gate: waiting for approval, or for an ack window. */
function atGate(run: RunRecord): boolean {
  return run.stateReason === 'approval' || run.stateReason === 'ack';
}

/** Whether the run is paused at an approve gate nobody has decided yet: only a person goes on. */
export function waitsForApproval(ledger: Ledger, run: RunRecord): boolean {
  if (run.status !== 'paused' || !atGate(run)) return false;
  const record = ledger.gatesOf(run.id).findLast((g) => g.proposal !== null);
  return (
    record !== undefined &&
    !record.landed &&
    record.gate === 'approve' &&
    record.state === 'pending'
  );
}

/**
 * The gate a paused run waits at, as mmm resume (or mmm approve, mmm reject, with `decided`)
 * takes it up: its proposal, and the decision on it. A proposal waiting for a person is refused
 * here, naming the commands that decide it. Undefined when the run's last gate has landed (it was
 * killed after landing): it then goes on as any resumed run.
 */
function gateToResume(
  ledger: Ledger,
  run: RunRecord,
  decided: boolean,
): { record: GateRecord; held: NonNullable<ResumeFrom['gate']> } | undefined {
  const record = ledger.gatesOf(run.id).findLast((g) => g.proposal !== null);
  if (!record || record.landed) return undefined;
  // An approval whose process died (killed, a lost machine) before the proposal landed: the run
  // is crashed or interrupted, not paused, and still has that proposal to land first.
  const approvedCutShort =
    (run.status === 'crashed' || run.status === 'interrupted') && record.state === 'approved';
  if (!approvedCutShort && (run.status !== 'paused' || !atGate(run))) return undefined;
  const id = run.shortId;
  // An ack gate decides by itself (its window); an approve gate waits for mmm approve. A decision
  // recorded by mmm approve or mmm reject --retry that could not be carried out then (HEAD was
  // elsewhere, the playbook had changed) is carried out by mmm resume.
  if (!decided && record.gate === 'approve' && record.state === 'pending') {
    throw new PreconditionError(
      `run ${id} waits for approval of step ${record.stepIndex + 1} (${record.label}); mmm resume does not decide for you`,
      {
        hint: `see it with mmm pending, then mmm approve ${id} [--comment ...] or mmm reject ${id} [--reason ...] [--retry]`,
      },
    );
  }
  return {
    record,
    held: {
      proposal: {
        gate: record.gate,
        proposal: record.proposal ?? 0,
        ref: record.ref ?? '',
        base: record.base,
        commit: record.commit,
        files: record.files,
        insertions: record.insertions,
        deletions: record.deletions,
        ackUntil: record.ackUntil ?? undefined,
      },
      verdict:
        record.state === 'pending'
          ? undefined
          : {
              decision: record.state,
              by: record.decidedBy ?? 'unknown',
              decidedAt: record.decidedAt ?? '',
              comment: record.comment ?? undefined,
              retry: record.retry,
            },
    },
  };
}

/** Where the playbook file is now: recorded relative to the root of the tree that held it. */
function playbookFile(recorded: string, mainRoot: string, place: string): string {
  if (isAbsolute(recorded)) return recorded;
  const candidates = [join(mainRoot, recorded), join(place, recorded)];
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new PreconditionError(
    `the run's playbook ${recorded} is gone (looked in ${mainRoot} and ${place})`,
    {
      hint: `put it back where it was (git checkout -- ${recorded}), then resume again`,
    },
  );
}

/** The refusal of a playbook that changed since `what` (a run, a map) started with `old`. */
export function playbookChangedError(
  what: string,
  id: string,
  path: string,
  old: string | null,
  playbook: Playbook,
): PreconditionError {
  const changes =
    old === null
      ? ['(the text it started with was not recorded)']
      : describePlaybookChanges(old, playbook);
  return new PreconditionError(
    `the playbook ${path} changed since ${what} started:\n${changes.map((l) => `  ${l}`).join('\n')}`,
    {
      hint: `mmm resume ${id} --force goes on with the file as it is now, from the same step; or start a new run: mmm cook ${path}`,
    },
  );
}

/** Loads the playbook and holds it to the one the run started with. */
async function checkPlaybook(
  ledger: Ledger,
  run: RunRecord,
  file: string,
  force: boolean,
  stepIndex: number,
): Promise<{ playbook: Playbook; changed: boolean }> {
  const { loadPlaybook } = await import('../../playbook/index.js');
  const playbook = await loadPlaybook(file, { cwd: '/' });
  const changed = run.playbookHash !== null && run.playbookHash !== playbook.hash;
  if (changed && !force) {
    throw playbookChangedError(
      `run ${run.shortId}`,
      run.shortId,
      run.playbook ?? file,
      ledger.playbookSource(run.id),
      playbook,
    );
  }
  if (changed && stepIndex > playbook.steps.length) {
    throw new PreconditionError(
      `run ${run.shortId} stopped at step ${stepIndex + 1}, but the playbook now has ${playbook.steps.length} step(s)`,
      { hint: `start a new run: mmm cook ${run.playbook ?? file}` },
    );
  }
  return { playbook, changed };
}

/** Takes the run's own lock at once, or names the mmm that holds it. */
async function lockRun(root: string, runId: string): Promise<() => void> {
  const path = await gitPath(git, root, `mmm-resume-${runId}.lock`, true);
  const taken = await takeLock({ path, command: `mmm resume ${runId}`, waitMs: 0 });
  if (taken.ok) return taken.release;
  const h = taken.holder;
  throw new PreconditionError(
    `run ${runId} is being resumed already: ${h.command} (pid ${h.pid} on ${h.host}, since ${h.since})`,
    { hint: `wait for it to end: mmm runs events ${runId} --follow` },
  );
}

/** `mmm resume [run|map]`: returns the exit code of the resumed run (and of its session's merge). */
export async function resumeCommand(
  query: string | undefined,
  flags: ResumeFlags,
  ctx: CliContext,
): Promise<number> {
  checkOutputFlags(flags);
  const root = await workTreeRoot(git, ctx.cwd);
  if (root === undefined) {
    throw await noWorkTreeError(git, ctx.cwd, 'run mmm resume inside the repository of the run');
  }
  const ledger = await openRepoLedgerForReading(git, root);
  if (!ledger) {
    throw new PreconditionError('no runs recorded in this repository yet', {
      hint: 'mmm cook <playbook> starts one',
    });
  }
  const releases: (() => void)[] = [];
  try {
    const which =
      query === undefined
        ? latestResumable(ledger, root)
        : ((id) => (id === undefined ? { run: ledger.resolveRun(query) } : { map: id }))(
            ledger.findMap(query),
          );
    if ('map' in which) {
      ledger.close();
      return await resumeMap(which.map, root, flags, ctx);
    }
    const resumable = await prepareRunResume(ledger, which.run, root, flags, ctx, releases);
    ledger.close();
    return await resumeIn(resumable, flags, ctx);
  } finally {
    ledger.close();
    for (const release of releases.reverse()) release();
  }
}

/**
 * Takes the run's locks (pushed on `releases`), checks it can be resumed and works out where it
 * goes on: everything `runResumed` needs.
 */
export async function prepareRunResume(
  ledger: Ledger,
  runId: string,
  root: string,
  flags: Pick<ResumeFlags, 'force'>,
  ctx: CliContext,
  releases: (() => void)[],
  decided = false,
): Promise<Resumable> {
  releases.push(await lockRun(root, runId));
  const detail = ledger.getRun(runId);
  const { run } = detail;
  const refused = refusal(run, ledger.liveProcessOf(runId));
  if (refused) throw refused;
  const gate = gateToResume(ledger, run, decided);
  const place = run.cwd ?? root;
  if (run.session !== null && !existsSync(place)) {
    throw new PreconditionError(
      `run ${run.shortId} ran in session ${run.session}, whose worktree ${place} is gone`,
      {
        hint: `nothing is left to resume it in; start a new run: mmm cook ${run.playbook ?? '<playbook>'} --worktree`,
      },
    );
  }
  if (run.session === null) {
    const lock = await takeRepoLock(git, place, {
      command: `mmm resume ${runId}`,
      env: ctx.env,
      stderr: ctx.stderr,
    });
    releases.push(lock.release);
  }
  const g = gate?.record;
  const plan = planResume(
    detail,
    ledger.eventsAfter(runId),
    (path) => readFileSync(absolutePath(ledger.paths, path), 'utf8'),
    // Past the gated step, whose values later steps use once it lands; it starts from its base.
    g && { iteration: g.iteration, stepIndex: g.stepIndex + 1 },
  );
  if (g) {
    plan.stepIndex = g.stepIndex;
    plan.expectedHead = g.base;
  }
  const mainRoot = await mainRepoRoot(git, place);
  const file = playbookFile(run.playbook ?? '', mainRoot, place);
  const { playbook, changed } = await checkPlaybook(
    ledger,
    run,
    file,
    flags.force ?? false,
    plan.stepIndex,
  );
  const start = await startingPoint(git, {
    runId,
    place,
    branch: run.branch ?? undefined,
    expectedHead: plan.expectedHead,
    recordedCommits: new Set(detail.commits.map((c) => c.sha)),
  });
  if (start.note) writeLine(ctx.stderr, `note: ${start.note}`);
  return {
    run,
    place,
    playbook,
    map: ledger
      .listMaps()
      .find((m) => m.status !== 'done' && m.items.some((i) => i.runId === runId)),
    events: ledger.eventsAfter(runId).map((e) => e.event),
    from: {
      ...plan,
      from:
        run.status === 'crashed' || run.status === 'stopped' || run.status === 'paused'
          ? run.status
          : 'interrupted',
      gate: gate?.held,
      startAt: start.startAt,
      savedRefs: await lastSavedRefNumber(git, place, runId),
      playbookChanged: changed,
    },
  };
}

/** A run ready to go on. */
export interface Resumable {
  run: RunRecord;
  place: string;
  playbook: Playbook;
  events: MmmEvent[];
  from: ResumeFrom;
  /** The unfinished --map run this run is an item of, if any. */
  map?: MapRecord | undefined;
}

/** Runs the rest of the run through the cook command's runner, then ends its session as cook does. */
export async function resumeIn(r: Resumable, flags: ResumeFlags, ctx: CliContext): Promise<number> {
  const { createEngineRunner } = await import('../cook/runner.js');
  const runner = createEngineRunner(
    {
      playbook: r.playbook,
      maxIterations: r.run.maxIterations ?? undefined,
      args: r.run.args,
      maxCostUsd: r.run.maxCostUsd ?? undefined,
      gate: r.run.gate ?? undefined,
      agent: parseAgentChoice(r.run.agent ?? undefined),
      json: flags.json,
      quiet: flags.quiet,
      verbose: flags.verbose,
    },
    ctx,
  );
  const { result, record } = await runResumed(r, runner, false, ctx).finally(() => runner.finish());
  if (!record) return result.exitCode;
  if (ctx.signal.aborted) return result.exitCode;
  if (r.map && result.status !== 'paused') {
    const { map } = r;
    const item = map.items.find((i) => i.runId === r.run.id)?.item ?? '';
    writeLine(
      ctx.stderr,
      `Run ${r.run.shortId} is item ${showControls(item)} of map ${map.shortId}: mmm resume ${map.shortId} records it${map.yes ? ' and merges its session (the map was started with --yes)' : ''} and goes on with the rest of the map.`,
    );
    // The map merges its items itself: no second offer here.
    if (map.yes) return result.exitCode;
  }
  if (result.status === 'paused') {
    adviseWaiting(record, ctx);
    return result.exitCode;
  }
  const deps = sessionDeps(ctx);
  const policy = { yes: false, ask: ctx.interactive ? (q: string) => askYesNo(q, ctx) : undefined };
  const mergeCode = await finishSession(deps, record, policy, ctx);
  return Math.max(result.exitCode, mergeCode, ExitCode.ok);
}

/**
 * Runs the rest of the run through `runner`, its session's record marked `running` by this
 * process meanwhile; returns how it ended and the session's record after it.
 */
export async function runResumed(
  r: Resumable,
  runner: { run(request: EngineRunRequest): Promise<SessionRunResult> },
  parallel: boolean,
  ctx: CliContext,
): Promise<{ result: SessionRunResult; record: SessionRecord | undefined }> {
  const deps = sessionDeps(ctx);
  const session = r.run.session;
  const store = sessionStore(ctx.env, await mainRepoRoot(git, r.place));
  const record = session === null ? undefined : await readSession(store, session);
  if (record) {
    const me = thisProcess();
    await updateSession(store, record.name, { status: 'running', pid: me.pid, pidStart: me.start });
  }
  let result;
  try {
    result = await runner.run({
      cwd: r.place,
      session: session ?? undefined,
      arg: r.run.arg ?? undefined,
      item: r.run.item ?? undefined,
      parallel,
      label: r.run.item ?? session ?? r.playbook.name,
      resume: { runId: r.run.id, from: r.from, events: r.events },
    });
  } catch (error) {
    if (record)
      await updateSession(store, record.name, {
        status: 'failed',
        pid: undefined,
        pidStart: undefined,
      });
    throw error;
  }
  if (!record) return { result, record };
  const commits = await countCommitsAhead(deps, r.place, record.baseCommit, 'HEAD').catch(
    () => record.commits,
  );
  const next = await updateSession(store, record.name, {
    status: sessionStatusFor(result.status),
    commits,
    pid: undefined,
    pidStart: undefined,
  });
  return { result, record: next };
}
