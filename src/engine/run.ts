// runPlaybook: one run of a playbook in one working tree, from preflight to run.finished.
import { unsupportedSettings } from '../agents/support.js';
import type { AgentAdapter } from '../agents/types.js';
import { agentChain, agentSettingsFor, formatAgentChoice } from './agent-choice.js';
import { loadPrices } from './prices.js';
import { CannotWriteError, ExitCode, MmmError, UsageError } from '../errors.js';
import { commitPaths, runAutoMaintenance } from '../git/commit.js';
import { ensureExcluded } from '../git/exclude.js';
import { ignoredFilesNow } from '../git/kept-files.js';
import { fromRecord, toRecord } from '../git/quoted-path.js';
import { pinToWorkTree } from '../git/pin.js';
import { head, headRef } from '../git/repo.js';
import { mmmVersion } from '../infra/package.js';
import { flattenControls } from '../infra/control-chars.js';
import { explainWriteFailure } from '../infra/write-failure.js';
import type { RunState as LedgerState, RunSetup, RunStatus } from '../events.js';
import type { AgentSettings, Step } from '../playbook/model.js';
import { allSteps } from '../playbook/walk.js';
import { createContext, headNow, noteIgnoreRules, type RunContext } from './context.js';
import { loadRepositoryPolicy } from './policy/enforce.js';
import { runIterations, type LoopEnd } from './iteration.js';
import { awaitDecision, settle } from './gate.js';
import { resumeRun } from './resume.js';
import type { EngineDeps, ResumeFrom, RunOptions, RunState, RunSummary } from './types.js';

/**
 * The iterations of the run; for a run resumed at a gate, first what the decision says: the
 * proposal lands and the run goes on after the gated step, or the run stops, or the step runs
 * again (an ack window still running is waited out first).
 */
async function continueAtGate(
  ctx: RunContext,
  maxIterations: number,
  resume: ResumeFrom | undefined,
): Promise<LoopEnd> {
  const held = resume?.gate;
  const step = held && ctx.playbook.steps[resume.stepIndex];
  if (!held || !step) return runIterations(ctx, maxIterations, resume);
  ctx.vars.iteration = resume.iteration;
  const outcome = held.verdict
    ? await settle(ctx, step, held.proposal, held.verdict)
    : await awaitDecision(ctx, step, held.proposal);
  if (outcome.kind === 'end') return outcome.end;
  // The resumed record counted the gated step as done; it runs again instead.
  if (outcome.kind === 'retry') ctx.totals.ok -= 1;
  const next = outcome.kind === 'retry' ? step.index : step.index + 1;
  return runIterations(ctx, maxIterations, { iteration: resume.iteration, stepIndex: next });
}

/** The ledger state a run ends in, for how the engine's loop ended. */
export function runStateFor(status: RunStatus): LedgerState {
  return status === 'completed' ? 'done' : status;
}

/**
 * A setting the step's agent (or one of its fallbacks) cannot honour, from the playbook and the
 * step together or from --agent: exit 2 before anything runs.
 */
function checkSettingsFor(
  step: Step,
  adapter: AgentAdapter,
  settings: AgentSettings,
  fallback: boolean,
): void {
  const problems = unsupportedSettings(adapter, settings);
  if (problems.length === 0) return;
  const who = fallback ? `its fallback agent \`${adapter.name}\`` : `agent \`${adapter.name}\``;
  throw new UsageError(
    `step ${step.label} runs on ${who}, which cannot take its settings: ${problems.map((p) => p.message).join('; ')}`,
  );
}

interface CheckedAgent {
  adapter: AgentAdapter;
  version: string | undefined;
}

/**
 * Checks every agent CLI the run may call (each claude step's, and their fallbacks) once, before
 * anything runs. Returns them by tool, the first being the playbook's (or --agent's).
 */
async function preflight(options: RunOptions, deps: EngineDeps): Promise<CheckedAgent[]> {
  const agentSteps = allSteps(options.playbook).filter((s) => s.kind === 'claude');
  const tools = new Set<string>();
  for (const step of agentSteps) {
    const settings = agentSettingsFor(options.playbook, options.agent, step);
    for (const choice of agentChain(settings)) {
      tools.add(choice.tool);
      checkSettingsFor(step, deps.getAgent(choice.tool), settings, choice.tool !== settings.tool);
    }
  }
  const checked: CheckedAgent[] = [];
  for (const tool of tools) {
    const adapter = deps.getAgent(tool);
    const info = await adapter.preflight({ exec: deps.exec, env: deps.env, cwd: options.cwd });
    checked.push({ adapter, version: info.version });
  }
  return checked;
}

function stateOf(
  ctx: RunContext,
  end: LoopEnd,
  agent: CheckedAgent | undefined,
  baseCommit: string,
  branch?: string,
): RunState {
  return {
    runId: ctx.options.runId,
    playbook: ctx.playbook,
    cwd: ctx.cwd,
    session: ctx.options.session,
    baseCommit,
    branch,
    startedAt: ctx.startedAt,
    status: end.status,
    reason: end.reason,
    iterations: end.iterations,
    commits: ctx.commits,
    costUsd: ctx.totals.costUsd,
    agentCalls: ctx.totals.agentCalls,
    agent: agent && { tool: agent.adapter.name, version: agent.version },
  };
}

async function commitProvenance(ctx: RunContext, state: RunState): Promise<void> {
  const paths = await ctx.options.beforeFinish?.(state);
  if (!paths?.length) return;
  const message = flattenControls(`mmm(${ctx.playbook.name}): provenance`);
  ctx.headSeen = undefined;
  const made = await commitPaths(ctx.git, ctx.cwd, paths, {
    message,
    trailers: { 'Mmm-Run': ctx.options.runId },
  });
  if (made) {
    ctx.commits.push({ commit: made.commit, message, byAgent: false, step: undefined });
    ctx.headSeen = made.commit;
  }
}

/**
 * A run stopped by a write that failed (a full disk, a read-only directory) says where the work
 * it had not committed is: nothing was reset after the failure.
 */
function explainRunFailure(thrown: unknown, cwd: string): unknown {
  const error = explainWriteFailure(thrown);
  if (!(error instanceof CannotWriteError)) return error;
  return new CannotWriteError(error.path, error.problem, error.detail, {
    cause: error.cause,
    hint: `the run stopped there: what it had not committed yet is left uncommitted in ${cwd}`,
  });
}

/**
 * Runs a playbook in `options.cwd`: every iteration's steps, committing after each successful
 * step, until a stop condition. Throws before anything runs when a precondition is unmet (the
 * agent CLI is missing); otherwise every outcome, including failures, is in the summary and in
 * the events, which end with run.finished.
 */
export async function runPlaybook(options: RunOptions, deps: EngineDeps): Promise<RunSummary> {
  // Every git command of the run is pinned to the run's tree: see git/pin.ts.
  const git = await pinToWorkTree({ exec: deps.exec }, options.cwd);
  await ensureExcluded(git, options.cwd);
  const resume = options.resume;
  const baseCommit = resume?.baseCommit ?? (await head(git, options.cwd));
  const startRef = await headRef(git, options.cwd);
  // The branch's short name, as `git symbolic-ref --short` says it.
  const branch = startRef?.replace(/^refs\/heads\//, '');
  const agents = await preflight(options, deps);
  const agent = agents[0];
  // The repository's policy as committed where the run started: a step cannot change it mid-run.
  const repoPolicy = await loadRepositoryPolicy(git, options.cwd, baseCommit);
  // The prices as committed where the run started, like the policy.
  const prices = await loadPrices(git, options.cwd, baseCommit);
  const adapters = new Map(agents.map((a) => [a.adapter.name, a.adapter]));
  const ctx = createContext(options, deps, git, adapters, startRef, repoPolicy, prices);
  // Read just above; a resumed run moves HEAD first (resumeRun).
  if (!resume) ctx.headSeen = baseCommit;
  // The user's ignored files, before any step: those the run started with are kept, too. Read
  // before a resumed run's tree is put back, which keeps them.
  ctx.ignoredAtStart = new Set([
    ...(resume?.ignoredAtStart ?? []).map(fromRecord),
    ...(await ignoredFilesNow(git, options.cwd)),
  ]);
  await noteIgnoreRules(ctx);
  const ignored = [...ctx.ignoredAtStart].map(toRecord);
  const maxIterations = options.maxIterations ?? options.playbook.maxIterations;
  const setup: RunSetup = {
    playbook: options.playbookPath ?? options.playbook.file,
    playbookHash: options.playbook.hash,
    playbookName: options.playbook.name,
    playbookSource: options.playbook.source,
    cwd: options.cwd,
    session: options.session,
    baseCommit,
    branch,
    args: options.args ?? [],
    arg: options.arg,
    item: options.item,
    maxIterations,
    maxCostUsd: options.maxCostUsd,
    gate: options.gate,
    agent: options.agent && formatAgentChoice(options.agent),
    mmmVersion: mmmVersion(),
    ignored,
  };
  if (resume) await resumeRun(ctx, resume, setup);
  else ctx.emit({ type: 'run.started', ...setup });
  ctx.emit({
    type: 'run.state',
    state: 'running',
    reason: resume ? 'resumed' : 'started',
    message: resume
      ? `resumed from ${resume.from} at step ${resume.stepIndex + 1} of iteration ${resume.iteration}`
      : undefined,
    step: undefined,
  });

  let end: LoopEnd;
  let failure: Error | undefined;
  try {
    end = await continueAtGate(ctx, maxIterations, resume);
    // A run paused at a gate has not ended: its manifest is written when it does.
    if (ctx.commits.length > 0 && end.status !== 'interrupted' && end.status !== 'paused') {
      await commitProvenance(ctx, stateOf(ctx, end, agent, baseCommit, branch));
    }
  } catch (thrown) {
    const error = explainRunFailure(thrown, options.cwd);
    failure = error instanceof Error ? error : new Error(String(error));
    end = {
      status: 'failed',
      reason: 'error',
      exitCode: error instanceof MmmError ? error.exitCode : ExitCode.stepFailed,
      message: error instanceof Error ? error.message : String(error),
      iterations: ctx.vars.iteration,
    };
  }
  // The engine's commits skip git's per-commit auto-maintenance; it runs once for all of them.
  if (options.autoMaintenance !== false && ctx.commits.some((c) => !c.byAgent)) {
    await runAutoMaintenance(git, options.cwd).catch(() => undefined);
  }
  const durationMs = deps.now().getTime() - ctx.startedAt.getTime();
  const finished = {
    status: end.status,
    exitCode: end.exitCode,
    reason: end.reason,
    message: end.message,
    iterations: end.iterations,
    steps: { ok: ctx.totals.ok, failed: ctx.totals.failed, skipped: ctx.totals.skipped },
    costUsd: ctx.totals.costUsd,
    agentCalls: ctx.totals.agentCalls,
    durationMs,
  };
  const state = runStateFor(end.status);
  // A gate that paused the run said so as it paused.
  if (state !== 'paused') {
    ctx.emit({
      type: 'run.state',
      state,
      reason: end.reason,
      message: end.message,
      // A failed step finished with its outcome recorded; only a cut-short try is still in flight.
      step: state === 'interrupted' || state === 'stopped' ? ctx.cutShort : undefined,
    });
  }
  ctx.emit({ type: 'run.finished', ...finished, commits: ctx.commits.length });
  // Something unexpected (a git failure, a bug) is recorded above, then reported as what it is.
  if (failure !== undefined) throw failure;
  const headAtEnd = await headNow(ctx);
  return { runId: options.runId, ...finished, commits: ctx.commits, baseCommit, head: headAtEnd };
}
