// Plain reporter: one stable, greppable line per event of interest on stderr; the summary on
// stdout. Used when stderr is not a terminal or under CI. Lines of a --map run start with its item.
import type { Writable } from 'node:stream';
import type { MmmEvent } from '../events.js';
import { errorDetail, iterationTag, stepName, stepOutcome, type Colors } from './format.js';
import { createLineSplitter } from './lines.js';
import { messages, runHeader } from './messages.js';
import { createStepTracker, type StepTracker } from './step-track.js';
import { formatSummary } from './summary.js';
import type { Reporter } from './types.js';

export interface PlainReporterOptions {
  verbose: boolean;
  stdout: Writable;
  stderr: Writable;
  colors: Colors;
}

interface PlainRun {
  prefix: string;
  maxIterations: number;
  of: number;
  finished: boolean;
  tracker: StepTracker;
}

export function createPlainReporter(options: PlainReporterOptions): Reporter {
  const { stderr, stdout, colors: c } = options;
  const err = (line: string) => stderr.write(`${line}\n`);
  const runs = new Map<string, PlainRun>();
  const verboseLines = createLineSplitter((label, line) => err(c.dim(`  ${label} | `) + line));

  const startRun = (
    event: Extract<MmmEvent, { type: 'run.started' | 'run.resumed' }>,
  ): PlainRun => {
    const prefix = event.item === undefined ? '' : `${event.item}: `;
    const tracker = createStepTracker({
      onStart: (view) => err(`${prefix}${iterationTag(view)} ${stepName(view)} …`),
      onSettled: (view) => {
        err(`${prefix}${iterationTag(view)} ${stepName(view)} … ${stepOutcome(view, c)}`);
        // The outcome line carries the error's first line; the rest (an output's last lines,
        // where work was saved) follows, indented.
        if (view.status === 'failed') {
          for (const line of errorDetail(view.error)) err(`${prefix}    ${c.dim(line)}`);
        }
        for (const warning of view.warnings)
          err(`${prefix}    ${c.yellow(messages.stepWarning(warning))}`);
      },
    });
    const run = {
      prefix,
      maxIterations: event.maxIterations,
      of: event.maxIterations,
      finished: false,
      tracker,
    };
    runs.set(event.runId, run);
    err(`${prefix}${runHeader(event)}`);
    return run;
  };

  const sink = (event: MmmEvent) => {
    if (event.type === 'step.finished' || event.type === 'step.skipped') verboseLines.flush();
    if (event.type === 'run.started' || event.type === 'run.resumed') {
      startRun(event).tracker.push(event);
      return;
    }
    const run = runs.get(event.runId);
    if (!run) return;
    run.tracker.push(event);
    const tag = (iteration: number) => `${run.prefix}${iterationTag({ iteration, of: run.of })}`;
    switch (event.type) {
      case 'iteration.started':
        run.of = event.of;
        err(`${tag(event.iteration)} ${messages.iterationStarted(event.iteration, event.of)}`);
        return;
      case 'iteration.finished':
        err(
          `${tag(event.iteration)} iteration ${String(event.iteration)} finished: ` +
            messages.iterationFinished(event.commits),
        );
        return;
      case 'run.paused':
        err(
          `${tag(event.iteration)} ${stepName(event)} … ${c.yellow(messages.paused(event.reason, event.until))}`,
        );
        return;
      case 'run.continued':
        err(`${tag(event.iteration)} ${stepName(event)} … ${messages.continued(event.waitedMs)}`);
        return;
      case 'gate.proposed':
        err(
          `${tag(event.iteration)} ${stepName(event)} … ${c.yellow(messages.gateProposed(event))}`,
        );
        return;
      case 'gate.decided':
        // An auto gate is only recorded: the step's commit line said it all.
        if (event.gate !== 'auto') {
          err(`${tag(event.iteration)} ${stepName(event)} … ${messages.gateDecided(event)}`);
        }
        return;
      case 'agent.started':
        if (event.continues !== undefined) {
          err(
            `${tag(event.iteration)} ${stepName(event)} … ${messages.continuingConversation(event.continues)}`,
          );
        }
        return;
      case 'step.kept_out':
        err(
          `${tag(event.iteration)} ${stepName(event)} … ${c.yellow(messages.keptOut(event.paths))}`,
        );
        return;
      case 'agent.conversation_missing':
        err(
          `${tag(event.iteration)} ${stepName(event)} … ${c.yellow(messages.conversationMissing(event.conversationId))}`,
        );
        return;
      case 'run.finished': {
        run.finished = true;
        run.tracker.flush();
        const lines = formatSummary(event, run.maxIterations, run.tracker.failed(), c);
        if (run.prefix !== '') lines.unshift(c.bold(run.prefix.replace(/: $/, '')));
        stdout.write(`${lines.join('\n')}\n`);
        return;
      }
      case 'step.started':
      case 'step.skipped':
      case 'agent.call':
      case 'step.finished':
      case 'step.committed':
      case 'policy.violation':
        // Steps are printed by the tracker's hooks.
        return;
      case 'agent.fallback':
        // Shown beside its step by the tracker.
        return;
      case 'run.state':
      case 'step.not_converging':
        // The summary at run.finished says how the run ended, and where the packet is.
        return;
    }
  };

  return {
    sink,
    output(label, chunk) {
      if (options.verbose) verboseLines.push(label, chunk);
    },
    close() {
      verboseLines.flush();
      for (const run of runs.values()) {
        run.tracker.flush();
        if (!run.finished) err(c.yellow(`${run.prefix}${messages.noRunFinished}`));
      }
      return Promise.resolve();
    },
  };
}
