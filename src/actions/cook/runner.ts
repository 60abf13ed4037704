// The engine as the cook command runs it, in place or in sessions: one runPlaybook per run, shown
// by a reporter, recorded in the repository's ledger (shared by every session of the repository),
// and described by a provenance manifest committed with the run's changes.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { AgentAdapter, AgentInfo } from '../../agents/types.js';
import {
  defaultEngineDeps,
  newRunId,
  runPlaybook,
  type EngineDeps,
  type GateDecisions,
  type ResumeFrom,
} from '../../engine/index.js';
import type { Gate, MmmEvent } from '../../events.js';
import { runAutoMaintenance } from '../../git/commit.js';
import { mainRepoRoot } from '../../git/common-dir.js';
import { workTreeRoot } from '../../git/repo.js';
import type { GitDeps } from '../../git/run.js';
import { exec } from '../../infra/exec.js';
import {
  createLedgerSink,
  openRepoLedger,
  openRepoLedgerForReading,
  type Ledger,
  type LedgerSink,
} from '../../ledger/index.js';
import type { AgentChoice, Playbook, Step } from '../../playbook/model.js';
import type { CliContext } from '../context.js';
import { chooseMode, createReporter } from '../../reporters/index.js';
import type {
  SessionRunner,
  SessionRunRequest,
  SessionRunResult,
} from '../../sessions/run-in-session.js';
import { writeLine } from '../context.js';
import { provenanceRecorder } from './provenance.js';

export interface EngineRunnerOptions {
  playbook: Playbook;
  maxIterations?: number | undefined;
  args?: string[] | undefined;
  maxCostUsd?: number | undefined;
  /** `--gate`: the gate of every step (a continued run passes the one it started with). */
  gate?: Gate | undefined;
  /** `--agent`: the agent of every claude step without one of its own (kept by a continued run). */
  agent?: AgentChoice | undefined;
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
  /**
   * Before an in-place run, say in one line when the checkout has a run that `mmm resume` can
   * continue (mmm cook).
   */
  noticeResumable?: boolean | undefined;
  /**
   * The agent CLI checks already made, to share with other runners of the process (a worker's
   * jobs): a CLI is started with --version once, not once per job.
   */
  agentChecks?: AgentChecks | undefined;
  /**
   * `git maintenance run --auto` in finish() after mmm's commits (the default). A worker's kept
   * clone has it from git fetch instead, once per fetch rather than once per job.
   */
  upkeep?: boolean | undefined;
}

/** The outcome of each agent CLI's check, by tool; a failed check is not kept. */
export type AgentChecks = Map<string, Promise<AgentInfo>>;

/** A run to make, or (with `resume`) a recorded run to continue under its own id. */
export interface EngineRunRequest extends SessionRunRequest {
  resume?:
    | {
        runId: string;
        from: ResumeFrom;
        /** The run's recorded events, so its provenance manifest covers the whole run. */
        events: readonly MmmEvent[];
      }
    | undefined;
}

/** Decisions on proposals, as the ledger keeps them: a waiting ack gate polls them. */
function gateDecisions(ledger: Ledger): GateDecisions {
  return {
    decision(runId, proposal) {
      const found = ledger.gatesOf(runId).find((g) => g.proposal === proposal);
      if (!found || found.state === 'pending') return undefined;
      return {
        decision: found.state,
        by: found.decidedBy ?? 'unknown',
        decidedAt: found.decidedAt ?? '',
        comment: found.comment ?? undefined,
        retry: found.retry,
      };
    },
    decide: (runId, proposal, verdict) =>
      ledger.decideGate(runId, proposal, {
        decision: verdict.decision,
        by: verdict.by,
        at: verdict.decidedAt,
        comment: verdict.comment,
        retry: verdict.retry,
      }),
  };
}

/** One line about the newest run of this checkout that `mmm resume` can continue, if any. */
function noticeResumable(ledger: Ledger, cwd: string, ctx: CliContext): void {
  noticeWaiting(ledger, cwd, ctx);
  try {
    const run = ledger.resumableRuns().find((r) => r.session === null && r.cwd === cwd);
    if (!run) return;
    const at = run.inFlight
      ? ` at step ${String(run.inFlight.stepIndex + 1)} (${run.inFlight.label})`
      : '';
    writeLine(
      ctx.stderr,
      `note: run ${run.shortId} of ${run.playbook ?? 'a playbook'} was ${run.status}${at}; continue it with: mmm resume ${run.id}`,
    );
  } catch {
    // Only a note: a ledger that cannot answer is reported where it matters, by the run.
  }
}

/**
 * A proposal of another run in this checkout waits for approval: it lands as a fast-forward of
 * the branch from where its step started, which the new run is about to move. Said, not refused.
 */
function noticeWaiting(ledger: Ledger, cwd: string, ctx: CliContext): void {
  try {
    for (const gate of ledger.pendingGates()) {
      const { run } = ledger.getRun(gate.runId);
      if (run.session !== null || run.cwd !== cwd || run.status !== 'paused') continue;
      writeLine(
        ctx.stderr,
        `note: run ${run.shortId} waits for approval of step ${gate.stepIndex + 1} (${gate.label}) in this checkout; it lands only on the branch as that step left it, so decide it first (mmm approve ${run.shortId} or mmm reject ${run.shortId}), or it waits until the branch is put back`,
      );
    }
  } catch {
    // Only a note, as below.
  }
}

function hasAgentStep(playbook: Playbook): boolean {
  const visit = (step: Step | undefined): boolean =>
    step !== undefined &&
    (step.kind === 'claude' || visit(step.onFailure?.step) || visit(step.onSuccess));
  return playbook.steps.some(visit) || visit(playbook.until);
}

/**
 * Where a playbook is, as runs record it: relative to the root of the working tree that holds the
 * file (wherever mmm was started from) when that is the run's repository (its checkout, or its
 * main checkout for a session), else absolute: a playbook of another repository, or of none, is
 * found again by mmm resume and mmm approve wherever they run.
 */
async function recordedPath(git: GitDeps, file: string, cwd: string): Promise<string> {
  let real = file;
  try {
    real = realpathSync(file);
  } catch {
    return file;
  }
  const root = await workTreeRoot(git, dirname(real)).catch(() => undefined);
  if (root === undefined) return real;
  const ours = await Promise.all([
    workTreeRoot(git, cwd).catch(() => undefined),
    mainRepoRoot(git, cwd).catch(() => undefined),
  ]);
  if (!ours.includes(root)) return real;
  const inside = relative(root, real);
  return inside.startsWith('..') || isAbsolute(inside) ? real : inside;
}

/**
 * The agent CLI is the same for every run of one invocation: check it once, not once per session
 * (each check starts the CLI).
 */
function onePreflight(deps: EngineDeps, checks: AgentChecks): EngineDeps {
  const adapters = new Map<string, AgentAdapter>();
  return {
    ...deps,
    getAgent(tool) {
      let adapter = adapters.get(tool);
      if (!adapter) {
        const real = deps.getAgent(tool);
        adapter = {
          ...real,
          preflight: (checkDeps) => {
            let checked = checks.get(tool);
            if (!checked) {
              checked = real.preflight(checkDeps);
              checks.set(tool, checked);
              // A failed check is not remembered: the next session tries again.
              checked.catch(() => checks.delete(tool));
            }
            return checked;
          },
        };
        adapters.set(tool, adapter);
      }
      return adapter;
    },
  };
}

/**
 * One reporter and one ledger connection serve every run of the invocation: the reporters show
 * several runs (--map) as groups labelled with their item.
 */
export function createEngineRunner(
  options: EngineRunnerOptions,
  ctx: CliContext,
): SessionRunner & {
  run(request: EngineRunRequest): Promise<SessionRunResult>;
  checkAgent(): Promise<void>;
  /** The note of `noticeResumable`, from the ledger as it is, without opening it for writing. */
  noticeResumable(): Promise<void>;
} {
  const git = { exec };
  const reporter = createReporter({
    mode: chooseMode({
      json: options.json,
      quiet: options.quiet,
      stderrIsTTY: ctx.stderr.isTTY,
      env: ctx.env,
    }),
    verbose: options.verbose ?? false,
    stdout: ctx.stdout,
    stderr: ctx.stderr,
  });
  let ledger: Promise<{ sink: LedgerSink; runsDir: string; opened: Ledger }> | undefined;
  const openLedgerOnce = (cwd: string) =>
    (ledger ??= openRepoLedger(git, cwd).then((opened) => ({
      opened,
      runsDir: opened.paths.runsDir,
      sink: createLedgerSink(opened, {
        onError: (error) => ctx.stderr.write(`warning: the run ledger: ${String(error)}\n`),
      }),
    })));

  const deps = onePreflight(
    defaultEngineDeps(ctx.env),
    options.agentChecks ?? new Map<string, Promise<AgentInfo>>(),
  );
  const agentStep = hasAgentStep(options.playbook);
  /** Throws the PreconditionError of an agent CLI that cannot run; the engine's check reuses it. */
  const checkAgent = async (cwd: string): Promise<void> => {
    if (agentStep) await deps.getAgent(options.playbook.agent.tool).preflight({ ...deps, cwd });
  };
  if (agentStep) {
    // Check the agent CLI while the sessions are being made.
    checkAgent(ctx.cwd).catch(() => undefined);
  }
  // Asked while the checks run; every run of the invocation records the same path.
  const playbookPath = recordedPath(git, resolve(ctx.cwd, options.playbook.file), ctx.cwd);
  let committed = false;
  let noticed = false;
  const run = async (request: EngineRunRequest): Promise<SessionRunResult> => {
    // Before the ledger is opened: a run refused for its agent leaves the repository as it was.
    await checkAgent(request.cwd);
    const { sink: recorder, runsDir, opened } = await openLedgerOnce(request.cwd);
    if (options.noticeResumable && !noticed && request.session === undefined) {
      noticed = true;
      noticeResumable(opened, request.cwd, ctx);
    }
    const runId = request.resume?.runId ?? request.runId ?? newRunId();
    const provenance = provenanceRecorder();
    for (const event of request.resume?.events ?? []) provenance.sink(event);
    const summary = await runPlaybook(
      {
        playbook: options.playbook,
        playbookPath: await playbookPath,
        cwd: request.cwd,
        runId,
        session: request.session,
        maxIterations: options.maxIterations,
        args: options.args,
        arg: request.arg,
        item: request.item,
        maxCostUsd: options.maxCostUsd,
        gate: options.gate,
        agent: options.agent,
        gates: gateDecisions(opened),
        resume: request.resume?.from,
        // Large outputs go beside the shared ledger, so they outlive the session's worktree.
        outputDir: join(runsDir, runId),
        signal: ctx.signal,
        interruptedBy: ctx.interruptedBy,
        // Every consumer of the event stream is listed here.
        sink: (event: MmmEvent) => {
          recorder.sink(event);
          reporter.sink(event);
          provenance.sink(event);
        },
        onOutput: (label, chunk, stream) => reporter.output(label, chunk, stream),
        beforeFinish: provenance.beforeFinish,
        // Sessions share one object store: its upkeep runs once, in finish().
        autoMaintenance: false,
      },
      deps,
    );
    committed ||= summary.commits.some((c) => !c.byAgent);
    return {
      runId,
      status: summary.status,
      exitCode: summary.exitCode,
      commits: summary.commits.length,
    };
  };

  const finish = async () => {
    // What git commit does after each commit, done once for all of mmm's commits of the invocation,
    // while the ledger and the display are closed.
    const upkeep =
      committed && options.upkeep !== false
        ? runAutoMaintenance(git, ctx.cwd).catch(() => undefined)
        : undefined;
    if (ledger) (await ledger.catch(() => undefined))?.sink.close();
    await reporter.close();
    await upkeep;
  };
  const noticeFromReader = async () => {
    if (!options.noticeResumable || noticed) return;
    noticed = true;
    const reader = await openRepoLedgerForReading(git, ctx.cwd);
    if (!reader) return;
    try {
      const root = await workTreeRoot(git, ctx.cwd);
      if (root !== undefined) noticeResumable(reader, root, ctx);
    } finally {
      reader.close();
    }
  };
  return {
    run,
    finish,
    checkAgent: () => checkAgent(ctx.cwd),
    noticeResumable: noticeFromReader,
  };
}
