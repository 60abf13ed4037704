// Where a crashed or interrupted run goes on, worked out from its record alone: the step to run
// first, the commit it starts from, and what the steps before it left for later steps.
import type { CutOffConversation, ResumeFrom, RunCommit } from '../../engine/index.js';
import type { MmmEvent, StepRef } from '../../events.js';
import type { RunDetail, StoredEvent } from '../../ledger/index.js';
import type { StepValues } from '../../playbook/model.js';

/** A resume point and everything restored up to it; the tree-side fields are filled in later. */
export type ResumePlan = Omit<ResumeFrom, 'startAt' | 'savedRefs' | 'playbookChanged' | 'from'> & {
  /** The commit the run was at when it stopped, before the step it goes on with. */
  expectedHead: string;
};

interface Position {
  iteration: number;
  stepIndex: number;
}

const before = (a: Position, b: Position): boolean =>
  a.iteration < b.iteration || (a.iteration === b.iteration && a.stepIndex < b.stepIndex);

/**
 * The step to go on with: the one in flight, else the step that was not converging (for a run
 * stopped for it), else the last top-level step when its latest try
 * failed, else the one after the last top-level step that finished (the next iteration when the
 * last one had ended).
 */
export function resumePosition(detail: RunDetail): Position {
  const flying = detail.run.inFlight;
  if (flying) return { iteration: flying.iteration, stepIndex: flying.stepIndex };
  if (detail.run.status === 'stopped' && detail.run.reason === 'not_converging') {
    // The step whose fix loop gave up runs again, its tries counted afresh.
    const gaveUp = detail.steps.findLast((s) => s.role === 'step' && s.status === 'failed');
    if (gaveUp) return { iteration: gaveUp.iteration, stepIndex: gaveUp.stepIndex };
  }
  const last = detail.iterations.at(-1);
  if (!last) return { iteration: 1, stepIndex: 0 };
  if (last.finishedAt !== null) return { iteration: last.iteration + 1, stepIndex: 0 };
  const inIteration = detail.steps.filter((s) => s.iteration === last.iteration);
  // A try recorded as started and never finished is the step to run again.
  const unfinished = inIteration.find((s) => s.status === 'running');
  if (unfinished) return { iteration: last.iteration, stepIndex: unfinished.stepIndex };
  const tops = inIteration.filter((s) => s.role === 'step');
  const latest = tops.reduce<(typeof tops)[number] | undefined>(
    (a, s) => (a === undefined || s.stepIndex > a.stepIndex ? s : a),
    undefined,
  );
  if (!latest) return { iteration: last.iteration, stepIndex: 0 };
  // A failed try with nothing after it: the kill may have cut the step's on_failure loop short
  // between a try and its handler, so the step runs again rather than being taken as finished.
  if (latest.status === 'failed') return { iteration: last.iteration, stepIndex: latest.stepIndex };
  return { iteration: last.iteration, stepIndex: latest.stepIndex + 1 };
}

/** The commit the resumed step must start from: where the step at `at` first started. */
function expectedHeadAt(detail: RunDetail, at: Position): string {
  const tries = detail.attempts.filter(
    (a) => a.iteration === at.iteration && a.stepIndex === at.stepIndex && a.headBefore !== null,
  );
  const first = tries.find((a) => a.role === 'step' && a.attempt === 1) ?? tries[0];
  if (first?.headBefore) return first.headBefore;
  // Nothing of that step was recorded: where the last finished try left HEAD.
  const finished = detail.attempts
    .filter((a) => a.headAfter !== null && a.finishedAt !== null && before(a, at))
    .sort((a, b) => (a.finishedAt ?? '').localeCompare(b.finishedAt ?? ''));
  return finished.at(-1)?.headAfter ?? detail.run.baseCommit ?? '';
}

type Finished = Extract<MmmEvent, { type: 'step.finished' }> & { outputSha256?: string };

/**
 * The value `${id.output}` had: the output itself, or the file the engine spilled it to. An
 * output the ledger moved to a file of its own (`outputSha256` set) was inline, so it is read back.
 */
function outputValue(event: Finished, readStored: (path: string) => string): string {
  if (event.output !== undefined) return event.output;
  if (event.outputFile === undefined) return '';
  return event.outputSha256 !== undefined ? readStored(event.outputFile) : event.outputFile;
}

/**
 * The agent call of the step at `at` that never got its answer: the last one started there, when
 * no answer to it was recorded (a kill) or its answer was an interruption (Ctrl-C, SIGTERM).
 */
export function cutOffConversation(
  events: readonly StoredEvent[],
  at: Position,
): CutOffConversation | undefined {
  let last: Extract<MmmEvent, { type: 'agent.started' }> | undefined;
  const answered = new Set<string>();
  for (const { event } of events) {
    if (event.type === 'agent.started' && !before(event, at) && !before(at, event)) last = event;
    if (event.type === 'agent.call' && event.conversationId && event.interrupted !== true) {
      answered.add(event.conversationId);
    }
  }
  if (!last || answered.has(last.conversationId)) return undefined;
  return {
    iteration: last.iteration,
    stepIndex: last.stepIndex,
    role: last.role,
    conversationId: last.conversationId,
  };
}

/**
 * Works out where the run goes on and restores, from its events, the values every step before
 * that point gave later steps, in the order they were set, as the run had them.
 */
export function planResume(
  detail: RunDetail,
  events: readonly StoredEvent[],
  readStored: (path: string) => string,
  position?: Position,
): ResumePlan {
  const at = position ?? resumePosition(detail);
  const steps: Record<string, StepValues> = {};
  let lastShellOutput: string | undefined;
  for (const { event } of events) {
    if (event.type !== 'step.finished' || !before(event, at)) continue;
    const value = outputValue(event, readStored);
    if (event.kind === 'shell') lastShellOutput = value;
    if (event.stepId === undefined) continue;
    steps[event.stepId] = {
      output: value,
      exitCode: event.exitCode,
      success: event.status === 'ok',
      named: event.named ?? {},
      violation: event.violation,
    };
  }
  const topLevel = detail.steps.filter((s) => s.role === 'step' && before(s, at));
  const count = (status: string) => topLevel.filter((s) => s.status === status).length;
  const kinds = new Map(
    detail.steps.map((s) => [`${s.iteration}/${s.stepIndex}/${s.role}`, s.kind]),
  );
  const commits: RunCommit[] = detail.commits
    .filter((c) => before(c, at))
    .map((c) => ({
      commit: c.sha,
      message: c.message,
      byAgent: c.byAgent,
      step: {
        iteration: c.iteration,
        stepIndex: c.stepIndex,
        stepId: c.stepId ?? undefined,
        label: c.label,
        kind:
          kinds.get(`${c.iteration}/${c.stepIndex}/${c.role}`) === 'claude' ? 'claude' : 'shell',
        role: c.role as StepRef['role'],
        attempt: c.attempt,
      },
    }));
  return {
    iteration: at.iteration,
    stepIndex: at.stepIndex,
    expectedHead: expectedHeadAt(detail, at),
    baseCommit: detail.run.baseCommit ?? '',
    steps,
    lastShellOutput,
    totals: {
      ok: count('ok'),
      failed: count('failed'),
      skipped: count('skipped'),
      costUsd: detail.run.costUsd ?? 0,
      agentCalls: detail.run.agentCalls,
    },
    commits,
    cutOffConversation: cutOffConversation(events, at),
    ignoredAtStart: [
      ...new Set(
        events.flatMap(({ event }) =>
          event.type === 'run.started' || event.type === 'run.resumed' ? (event.ignored ?? []) : [],
        ),
      ),
    ],
  };
}
