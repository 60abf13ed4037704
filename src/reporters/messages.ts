// The words users read most often, in one place so they stay consistent across reporters.
import { formatClock, formatElapsed } from '../infra/format.js';
import type { MmmEvent, PauseReason, RunStatus, StopReason } from '../events.js';

type RunOpening = Extract<MmmEvent, { type: 'run.started' | 'run.resumed' }>;

/** The first line of a run: started, or resumed and from where. */
export function runHeader(event: RunOpening): string {
  const started = messages.runStarted(event.playbookName, event.maxIterations, event.cwd);
  if (event.type === 'run.started') return started;
  const where = `step ${String(event.atStepIndex + 1)} (${event.label}) of iteration ${String(event.iteration)}`;
  const saved = event.savedRef ? `; ${savedOnResume(event.savedRef)}` : '';
  return `${started}: resuming ${event.from} run ${event.runId} at ${where}${saved}`;
}

/** What a resume did with the uncommitted work it found in the tree. */
export function savedOnResume(ref: string): string {
  return `what was uncommitted in the tree (the stopped step's work, and any edit made since) was saved to ${ref}`;
}

/** Human words for why a run stopped iterating. */
export function describeStop(reason: StopReason, maxIterations?: number): string {
  switch (reason) {
    case 'max_iterations':
      return maxIterations === undefined
        ? 'reached max_iterations'
        : `reached max_iterations (${String(maxIterations)})`;
    case 'no_changes':
      return 'no changes: the last iteration made no commit';
    case 'until_passed':
      return 'the until check passed';
    case 'step_failed':
      return 'a step failed';
    case 'budget':
      return 'a budget limit was reached';
    case 'policy':
      return "blocked by policy: a step's change broke a rule";
    case 'not_converging':
      return "not converging: a step's fix loop went in circles";
    case 'interrupted':
      return 'interrupted';
    case 'error':
      return 'an error stopped the run';
    case 'approval':
      return 'a step waits for approval';
    case 'ack':
      return 'a step waits for its ack window';
    case 'rejected':
      return 'a reviewer rejected a step';
  }
}

/** What the agent ran into when a run pauses. */
export function describePause(reason: PauseReason): string {
  switch (reason) {
    case 'rate_limit':
      return 'rate limited';
    case 'overloaded':
      return 'the API is overloaded';
    case 'usage_limit':
      return 'usage limit reached';
  }
}

/** One word for the end state of a run. */
export function describeStatus(status: RunStatus): string {
  switch (status) {
    case 'completed':
      return 'done';
    case 'failed':
      return 'failed';
    case 'interrupted':
      return 'interrupted';
    case 'stopped':
      return 'stopped';
    case 'paused':
      return 'paused';
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/** The first non-empty line of a possibly long error text, without a colon that led on. */
export function firstLine(text: string): string {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  return line.replace(/:$/, '');
}

export const messages = {
  runStarted: (name: string, maxIterations: number, cwd: string) =>
    `mmm: ${name} (${plural(maxIterations, 'iteration')} at most) in ${cwd}`,
  iterationStarted: (n: number, of: number) => `iteration ${String(n)} of ${String(of)}`,
  iterationFinished: (commits: number) =>
    commits === 0 ? 'no commits' : plural(commits, 'commit'),
  skipped: (reason: string) => `skipped: ${reason}`,
  summaryTitle: (status: RunStatus) => `mmm: ${describeStatus(status)}`,
  failedStepsTitle: (status: RunStatus) =>
    // The summary's counts leave out the step an interrupt cut short; the title says it is here.
    status === 'interrupted' ? 'failed or interrupted steps:' : 'failed steps:',
  noRunFinished: 'the run ended before it reported a result',
  stepWarning: (message: string) => `warning: ${message}`,
  fallback: (from: string, to: string, reason: string) =>
    `${from} was passed over (${reason}); ${to} made the call`,
  repeatedToolCall: (agent: string, tool: string, input: string, times: number) =>
    `${agent} called ${tool} ${times} times in a row with the same input (${input}): the agent may be going in circles`,
  paused: (reason: PauseReason, until: string) =>
    `paused: ${describePause(reason)}; the same call runs again at ${formatClock(until)}`,
  continued: (waitedMs: number) => `continuing after a pause of ${formatElapsed(waitedMs)}`,
  gateProposed: (e: Extract<MmmEvent, { type: 'gate.proposed' }>) =>
    e.gate === 'ack'
      ? `held on ${e.ref} (+${String(e.insertions)} -${String(e.deletions)}); lands at ${formatClock(e.ackUntil ?? '')} unless rejected: mmm reject ${e.runId}`
      : `held on ${e.ref} (+${String(e.insertions)} -${String(e.deletions)}); waits for approval: mmm approve ${e.runId} or mmm reject ${e.runId} (mmm pending shows it)`,
  gateDecided: (e: Extract<MmmEvent, { type: 'gate.decided' }>) =>
    e.decision === 'approved'
      ? `approved by ${e.by}; landed ${e.commit.slice(0, 7)}`
      : `rejected by ${e.by}${e.comment ? `: ${e.comment}` : ''}${e.retry ? '; the step runs again' : ''}`,
  continuingConversation: (id: string) =>
    `continuing the agent's cut-off conversation ${id} (agent.resume_conversation)`,
  keptOut: (paths: readonly string[]) =>
    `left out of the step's commit, as ignored when the run started (the step's ignore rules no longer cover them): ${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ` and ${String(paths.length - 5)} more` : ''}`,
  conversationMissing: (id: string) =>
    `warning: the agent no longer has the cut-off conversation ${id}; starting a new one`,
  pausedFor: (reason: PauseReason, leftMs: number) =>
    `paused: ${describePause(reason)}; again in ${formatElapsed(Math.max(0, leftMs))}`,
} as const;
