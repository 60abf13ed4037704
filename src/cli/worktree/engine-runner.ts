// A SessionRunner built on the engine: one runPlaybook per session, shown by a reporter and
// recorded in the repository's ledger (shared by every session of the repository).
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { defaultEngineDeps, newRunId, runPlaybook, type RunOptions } from '../../engine/index.js';
import type { MmmEvent } from '../../engine/events.js';
import { exec } from '../../infra/exec.js';
import { createLedgerSink, openRepoLedger } from '../../ledger/index.js';
import type { Playbook } from '../../playbook/model.js';
import type { CliContext } from '../context.js';
import { chooseMode, createReporter } from '../reporters/index.js';
import type { SessionRunner } from './session-run.js';

export interface EngineRunnerOptions {
  playbook: Playbook;
  maxIterations?: number | undefined;
  args?: string[] | undefined;
  maxCostUsd?: number | undefined;
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
  /** Called at the end of a run that made commits; see RunOptions.beforeFinish. */
  beforeFinish?: RunOptions['beforeFinish'];
}

/** A stream that prefixes every line written to `target` with `prefix`, so parallel runs stay readable. */
export function prefixLines(target: Writable, prefix: string): Writable {
  let atLineStart = true;
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = chunk.toString();
      let out = '';
      for (const ch of text) {
        if (atLineStart) out += prefix;
        out += ch;
        atLineStart = ch === '\n';
      }
      target.write(out);
      done();
    },
  });
}

export function createEngineRunner(options: EngineRunnerOptions, ctx: CliContext): SessionRunner {
  return async (request) => {
    const git = { exec };
    const runId = newRunId();
    const mode = chooseMode({
      json: options.json,
      quiet: options.quiet,
      stderrIsTTY: request.parallel ? false : ctx.stderr.isTTY,
      env: ctx.env,
    });
    // Runs side by side write plain lines labelled with their item; NDJSON events carry run ids.
    const labelled = request.parallel && mode !== 'json';
    const stderr = labelled ? prefixLines(ctx.stderr, `[${request.label}] `) : ctx.stderr;
    const reporter = createReporter({
      mode,
      verbose: options.verbose ?? false,
      stdout: labelled ? stderr : ctx.stdout,
      stderr,
    });
    const opened = await openRepoLedger(git, request.cwd);
    // Large outputs go beside the shared ledger, so they outlive the session's worktree.
    const outputDir = join(opened.paths.runsDir, runId);
    const ledger = createLedgerSink(opened, {
      onError: (error) => ctx.stderr.write(`warning: the run ledger: ${String(error)}\n`),
    });
    try {
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
          outputDir,
          signal: ctx.signal,
          interruptedBy: ctx.interruptedBy,
          sink: (event: MmmEvent) => {
            ledger.sink(event);
            reporter.sink(event);
          },
          onOutput: (label, chunk, stream) => reporter.output(label, chunk, stream),
          beforeFinish: options.beforeFinish,
        },
        defaultEngineDeps(ctx.env),
      );
      return {
        runId,
        status: summary.status,
        exitCode: summary.exitCode,
        commits: summary.commits.length,
      };
    } finally {
      ledger.close();
      await reporter.close();
    }
  };
}
