// `mmm runs events <run>`: the recorded event stream, and with --follow, the events of a run in
// progress as they are written.
import { setTimeout as sleep } from 'node:timers/promises';
import type { MmmEvent, StepRef } from '../../events.js';
import type { Ledger, StoredEvent } from '../../ledger/index.js';
import { showControls } from '../../infra/control-chars.js';
import { writeLine, type CliContext } from '../context.js';
import { parseInterval } from './flags.js';
import { formatClock, formatCost, formatElapsed, oneLine, shortSha } from '../../infra/format.js';
import { describePause, messages } from '../../reporters/messages.js';
import { withRun } from './with-run.js';

export interface RunsEventsOptions {
  json?: boolean;
  follow?: boolean;
  /** Poll interval for --follow, in ms. */
  interval?: string;
}

function stepText(e: StepRef): string {
  const role = e.role === 'step' ? '' : ` [${e.role}]`;
  const attempt = e.attempt > 1 ? ` (try ${e.attempt})` : '';
  return `it${e.iteration} #${e.stepIndex + 1} ${oneLine(e.label, 50)}${role}${attempt}`;
}

/** One line saying what the event was. */
export function describeEvent(e: MmmEvent): string {
  switch (e.type) {
    case 'run.started':
      return `${e.playbook} on ${e.branch ?? 'detached HEAD'} at ${shortSha(e.baseCommit)}${e.session ? `, session ${e.session}` : ''}`;
    case 'run.resumed':
      return `from ${e.from} at it${e.iteration} #${e.atStepIndex + 1} ${oneLine(e.label, 50)}, HEAD ${shortSha(e.headAt)}${e.savedRef ? `, left work saved to ${e.savedRef}` : ''}${e.playbookChanged ? ', with the changed playbook' : ''}`;
    case 'run.state': {
      const step = e.step ? `; step in flight: ${stepText(e.step)}` : '';
      return `${e.state} (${e.reason})${e.message ? `: ${oneLine(e.message, 200)}` : ''}${step}`;
    }
    case 'iteration.started':
      return `iteration ${e.iteration} of ${e.of}`;
    case 'step.started':
      return stepText(e);
    case 'step.skipped':
      return `${stepText(e)}: ${e.reason}`;
    case 'agent.started':
      return `${stepText(e)}: ${e.agent} conversation ${e.conversationId}${e.continues ? `, continuing ${e.continues}` : ''}`;
    case 'agent.conversation_missing':
      return `${stepText(e)}: ${e.agent} no longer has conversation ${e.conversationId} (${oneLine(e.message, 80)}); starting a new one`;
    case 'step.kept_out':
      return `${stepText(e)}: ${messages.keptOut(e.paths)}`;
    case 'agent.call': {
      const repeated = (e.repeatedToolCalls ?? [])
        .map((r) => `; ${r.tool} ${oneLine(r.input, 60)} ${r.times} times in a row`)
        .join('');
      return `${stepText(e)}: ${e.agent}${e.model ? ` ${e.model}` : ''} ${e.ok ? 'ok' : `failed: ${oneLine(e.error ?? '', 60)}`}, ${formatCost(e.costUsd)}${e.costSource === 'priced' ? ' (priced by mmm)' : ''}, ${formatElapsed(e.durationMs)}${repeated}`;
    }
    case 'step.finished':
      return `${stepText(e)}: ${e.status}${e.exitCode === null ? '' : ` (exit ${e.exitCode})`} in ${formatElapsed(e.durationMs)}`;
    case 'step.committed':
      return `${stepText(e)}: ${shortSha(e.commit)} ${oneLine(e.message, 50)} (+${e.insertions} -${e.deletions})`;
    case 'step.not_converging': {
      const why =
        e.trigger === 'growing'
          ? 'fix after fix made the change larger, the failures no fewer'
          : `failed the same way ${e.repeats} tries in a row (${e.signature})`;
      return `${stepText(e)}: ${why}, ${e.unspent} left unspent${e.path ? `; ${e.path}` : ''}`;
    }
    case 'agent.fallback':
      return `${stepText(e)}: ${e.from} passed over (${e.reason}: ${oneLine(e.message, 60)}); ${e.to} makes the call`;
    case 'run.paused':
      return `${stepText(e)}: ${describePause(e.reason)}, waiting until ${formatClock(e.until)} (pause ${e.pause}): ${oneLine(e.message, 60)}`;
    case 'run.continued':
      return `${stepText(e)}: continuing after ${formatElapsed(e.waitedMs)} (pause ${e.pause})`;
    case 'policy.violation':
      return `${stepText(e)}: ${e.severity === 'block' ? 'blocked' : e.severity === 'approve' ? 'needs approval' : 'warning'}: ${oneLine(e.message, 200)}${e.savedRef ? `; saved to ${e.savedRef}` : ''}`;
    case 'gate.proposed':
      return `${stepText(e)}: ${e.gate} gate, proposal ${e.proposal} ${shortSha(e.commit)} on ${e.ref} (${e.files.length} file(s), +${e.insertions} -${e.deletions})${e.ackUntil ? `, lands at ${formatClock(e.ackUntil)} unless rejected` : ''}`;
    case 'gate.decided':
      return `${stepText(e)}: ${e.gate} gate ${e.decision}${e.retry ? ' (retry)' : ''} by ${e.by}${e.landed ? `, landed ${shortSha(e.commit)}` : ''}${e.comment ? `: ${oneLine(e.comment, 80)}` : ''}`;
    case 'iteration.finished':
      return `iteration ${e.iteration}: ${e.commits} commit(s)`;
    case 'run.finished':
      return `${e.status} (${e.reason}), exit ${e.exitCode}, ${e.commits} commit(s), ${formatCost(e.costUsd)}, ${formatElapsed(e.durationMs)}`;
  }
}

function printEvents(ctx: CliContext, events: StoredEvent[], json: boolean): void {
  for (const { seq, event } of events) {
    if (json) writeLine(ctx.stdout, JSON.stringify({ seq, ...event }));
    else {
      const head = `${String(seq).padStart(5)}  ${formatClock(event.at)}  ${event.type.padEnd(18)}`;
      writeLine(ctx.stdout, showControls(`${head} ${describeEvent(event)}`));
    }
  }
}

async function follow(
  ledger: Ledger,
  runId: string,
  after: number,
  ctx: CliContext,
  options: RunsEventsOptions,
  intervalMs: number,
) {
  // Polling SQLite more often than this only burns CPU.
  const interval = Math.max(10, intervalMs);
  let last = after;
  while (!ctx.signal.aborted) {
    try {
      await sleep(interval, undefined, { signal: ctx.signal });
    } catch {
      return; // interrupted: stop following, quietly
    }
    let events = ledger.eventsAfter(runId, last);
    if (events.length === 0) {
      // Nothing new: the run may have died. Marking it crashed writes its last event.
      ledger.markCrashedRuns();
      events = ledger.eventsAfter(runId, last);
    }
    printEvents(ctx, events, options.json ?? false);
    last = events.at(-1)?.seq ?? last;
    const end = lastEnd(events);
    if (end === undefined) continue;
    // Whoever marked it (this mmm, or another that looked first), a crash is said plainly.
    if (end.type === 'run.state') {
      writeLine(ctx.stderr, `run ${runId} crashed: its process ended without recording an end`);
    }
    return;
  }
}

/** The last event a run records: run.finished, or the crashed state another mmm recorded. */
function isEnd(event: MmmEvent): boolean {
  return event.type === 'run.finished' || (event.type === 'run.state' && event.state === 'crashed');
}

/**
 * The event that ended the run, when these events end it: a run that crashed or was interrupted
 * and then resumed goes on after its first end, and only the latest end or start counts.
 */
function lastEnd(events: StoredEvent[]): MmmEvent | undefined {
  let end: MmmEvent | undefined;
  for (const { event } of events) {
    if (isEnd(event)) end = event;
    else if (event.type === 'run.state' || event.type === 'run.resumed') end = undefined;
  }
  return end;
}

export async function runsEvents(query: string, options: RunsEventsOptions, ctx: CliContext) {
  const interval = parseInterval(options.interval ?? '250');
  await withRun(ctx, query, async (ledger, runId) => {
    const events = ledger.eventsAfter(runId);
    printEvents(ctx, events, options.json ?? false);
    const finished = lastEnd(events) !== undefined;
    if (options.follow && !finished) {
      await follow(ledger, runId, events.at(-1)?.seq ?? 0, ctx, options, interval);
    }
  });
}
