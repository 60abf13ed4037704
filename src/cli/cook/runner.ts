// The engine as the cook command runs it, in place or in sessions: one runPlaybook per run, shown
// by a reporter, recorded in the repository's ledger (shared by every session of the repository),
// and described by a provenance manifest committed with the run's changes.
import { join } from 'node:path';
import type { AgentAdapter } from '../../agents/types.js';
import { defaultEngineDeps, newRunId, runPlaybook, type EngineDeps } from '../../engine/index.js';
import type { MmmEvent } from '../../engine/events.js';
import { runAutoMaintenance } from '../../git/commit.js';
import { exec as spawnExec, type Exec } from '../../infra/exec.js';
import { createLedgerSink, openRepoLedger, type LedgerSink } from '../../ledger/index.js';
import type { Playbook, Step } from '../../playbook/model.js';
import type { CliContext } from '../context.js';
import { chooseMode, createReporter } from '../reporters/index.js';
import type { SessionRunner } from '../worktree/session-run.js';
import { provenanceRecorder } from './provenance.js';

export interface EngineRunnerOptions {
  playbook: Playbook;
  maxIterations?: number | undefined;
  args?: string[] | undefined;
  maxCostUsd?: number | undefined;
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
  /** How the runs start git and other short programs (resident shells); default: exec. */
  exec?: Exec | undefined;
}

function hasAgentStep(playbook: Playbook): boolean {
  const visit = (step: Step | undefined): boolean =>
    step !== undefined &&
    (step.kind === 'claude' || visit(step.onFailure?.step) || visit(step.onSuccess));
  return playbook.steps.some(visit) || visit(playbook.until);
}

/**
 * The agent CLI is the same for every run of one invocation: check it once, not once per session
 * (each check starts the CLI).
 */
function onePreflight(deps: EngineDeps): EngineDeps {
  const adapters = new Map<string, AgentAdapter>();
  return {
    ...deps,
    getAgent(tool) {
      let adapter = adapters.get(tool);
      if (!adapter) {
        const real = deps.getAgent(tool);
        let checked: ReturnType<AgentAdapter['preflight']> | undefined;
        adapter = {
          name: real.name,
          buildArgs: (request) => real.buildArgs(request),
          parseResult: (stdout, stderr, code) => real.parseResult(stdout, stderr, code),
          run: (request, runDeps) => real.run(request, runDeps),
          preflight: (checkDeps) => {
            checked ??= real.preflight(checkDeps);
            // A failed check is not remembered: the next session tries again.
            checked.catch(() => (checked = undefined));
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
export function createEngineRunner(options: EngineRunnerOptions, ctx: CliContext): SessionRunner {
  const exec = options.exec ?? spawnExec;
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
  let ledger: Promise<{ sink: LedgerSink; runsDir: string }> | undefined;
  const openLedgerOnce = (cwd: string) =>
    (ledger ??= openRepoLedger(git, cwd).then((opened) => ({
      runsDir: opened.paths.runsDir,
      sink: createLedgerSink(opened, {
        onError: (error) => ctx.stderr.write(`warning: the run ledger: ${String(error)}\n`),
      }),
    })));

  const deps = onePreflight({ ...defaultEngineDeps(ctx.env), exec });
  if (hasAgentStep(options.playbook)) {
    // Check the agent CLI while the sessions are being made; the engine's own check reuses this.
    const warm = Promise.resolve().then(() =>
      deps.getAgent(options.playbook.agent.tool).preflight({ ...deps, cwd: ctx.cwd }),
    );
    warm.catch(() => undefined);
  }
  let committed = false;
  const run: SessionRunner['run'] = async (request) => {
    const { sink: recorder, runsDir } = await openLedgerOnce(request.cwd);
    const runId = newRunId();
    const provenance = provenanceRecorder();
    const summary = await runPlaybook(
      {
        playbook: options.playbook,
        cwd: request.cwd,
        runId,
        session: request.session,
        maxIterations: options.maxIterations,
        args: options.args,
        arg: request.arg,
        item: request.item,
        maxCostUsd: options.maxCostUsd,
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
        cleanIndex: request.cleanIndex,
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
    const upkeep = committed ? runAutoMaintenance(git, ctx.cwd).catch(() => undefined) : undefined;
    if (ledger) (await ledger.catch(() => undefined))?.sink.close();
    await reporter.close();
    await upkeep;
  };
  return { run, finish };
}
