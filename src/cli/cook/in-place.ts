// `mmm cook <playbook>` in the user's own checkout: checks, then one run per --args value.
import { defaultEngineDeps, newRunId, runPlaybook } from '../../engine/index.js';
import type { EventSink, MmmEvent } from '../../engine/events.js';
import { ExitCode } from '../../errors.js';
import { exec } from '../../infra/exec.js';
import { createLedgerSink, openRepoLedger, runOutputDir } from '../../ledger/index.js';
import type { Playbook } from '../../playbook/model.js';
import type { CliContext } from '../context.js';
import { chooseMode, createReporter } from '../reporters/index.js';
import { parseMaxCost, parseMaxIterations, type CookFlags } from './options.js';
import { checkInPlace } from './preconditions.js';

interface RunOnce {
  playbook: Playbook;
  root: string;
  flags: CookFlags;
  maxIterations: number | undefined;
  maxCostUsd: number | undefined;
  args: string[];
  arg: string | undefined;
}

async function runOnce(run: RunOnce, ctx: CliContext): Promise<number> {
  const git = { exec };
  const runId = newRunId();
  const reporter = createReporter({
    mode: chooseMode({
      json: run.flags.json,
      quiet: run.flags.quiet,
      stderrIsTTY: ctx.stderr.isTTY,
      env: ctx.env,
    }),
    verbose: Boolean(run.flags.verbose),
    stdout: ctx.stdout,
    stderr: ctx.stderr,
  });
  const opened = await openRepoLedger(git, run.root);
  const ledger = createLedgerSink(opened, {
    onError: (error) => ctx.stderr.write(`warning: the run ledger: ${String(error)}\n`),
  });
  // Every consumer of the event stream is listed here.
  const sinks: EventSink[] = [ledger.sink, reporter.sink];
  try {
    const summary = await runPlaybook(
      {
        playbook: run.playbook,
        cwd: run.root,
        runId,
        maxIterations: run.maxIterations,
        args: run.args,
        arg: run.arg,
        maxCostUsd: run.maxCostUsd,
        outputDir: runOutputDir(opened.paths, runId),
        signal: ctx.signal,
        interruptedBy: ctx.interruptedBy,
        sink: (event: MmmEvent) => sinks.forEach((sink) => sink(event)),
        onOutput: (label, chunk, stream) => reporter.output(label, chunk, stream),
      },
      defaultEngineDeps(ctx.env),
    );
    return summary.exitCode;
  } finally {
    ledger.close();
    await reporter.close();
  }
}

/**
 * Runs the playbook in the repository that holds ctx.cwd, once, or once per `--args` value in
 * order, stopping at the first run that does not end with exit 0. Returns the exit code.
 */
export async function cookInPlace(
  playbookPath: string,
  flags: CookFlags,
  ctx: CliContext,
): Promise<number> {
  const maxIterations = parseMaxIterations(flags.maxIterations);
  const maxCostUsd = parseMaxCost(flags.maxCost);
  const { loadPlaybook } = await import('../../playbook/index.js');
  const playbook = await loadPlaybook(playbookPath, { cwd: ctx.cwd });
  const root = await checkInPlace({ exec }, ctx.cwd);
  const args = flags.args ?? [];
  for (const arg of args.length > 0 ? args : [undefined]) {
    const code = await runOnce(
      { playbook, root, flags, maxIterations, maxCostUsd, args, arg },
      ctx,
    );
    if (code !== ExitCode.ok) return code;
  }
  return ExitCode.ok;
}
