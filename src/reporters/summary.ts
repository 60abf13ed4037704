// The closing summary of a run, shown by the tty and plain reporters.
import type { MmmEvent } from '../events.js';
import { iterationTag, stepName, type Colors } from './format.js';
import { describeStop, messages, plural } from './messages.js';
import { formatCost, formatElapsed } from '../infra/format.js';
import type { StepView } from './step-track.js';

type RunFinished = Extract<MmmEvent, { type: 'run.finished' }>;

const MAX_ERROR_LINES = 20;

/** Lines of the summary: totals, why it stopped, and the error of each step that stayed failed. */
export function formatSummary(
  run: RunFinished,
  maxIterations: number | undefined,
  failed: StepView[],
  c: Colors,
): string[] {
  const title = messages.summaryTitle(run.status);
  const statusColor =
    run.status === 'completed' ? c.green : run.status === 'failed' ? c.red : c.yellow;
  const steps = [
    `${String(run.steps.ok)} ok`,
    `${String(run.steps.failed)} failed`,
    `${String(run.steps.skipped)} skipped`,
  ].join(', ');
  const iterations =
    maxIterations === undefined
      ? String(run.iterations)
      : `${String(run.iterations)} of ${String(maxIterations)}`;
  const stop = describeStop(run.reason, maxIterations);
  const rows: [string, string][] = [
    ['iterations', iterations],
    ['steps', steps],
    ['commits', String(run.commits)],
    ['agent cost', `${formatCost(run.costUsd)} (${plural(run.agentCalls, 'agent call')})`],
    ['stopped', stop],
    ['duration', formatElapsed(run.durationMs)],
  ];
  // A run that ended well is explained by its reason; otherwise the engine's words say more.
  if (run.message && run.status !== 'completed') rows.splice(5, 0, ['why', run.message]);
  const lines = [c.bold(statusColor(title))];
  for (const [name, value] of rows) lines.push(`  ${c.dim(name.padEnd(11))} ${value}`);
  if (failed.length > 0) {
    lines.push(c.red(messages.failedStepsTitle(run.status)));
    for (const view of failed) lines.push(...formatFailure(view));
  }
  return lines;
}

function formatFailure(view: StepView): string[] {
  const head = `  ${iterationTag(view)} ${stepName(view)}`;
  const text = (view.error ?? 'failed without a message').replace(/\s+$/, '');
  const all = text.split('\n');
  const shown = all.slice(0, MAX_ERROR_LINES).map((l) => `      ${l}`);
  if (all.length > MAX_ERROR_LINES)
    shown.push(`      … ${plural(all.length - MAX_ERROR_LINES, 'more line')}`);
  return [head, ...shown];
}
