// Maps database rows (snake_case, integers for booleans, JSON text) to the records readers get.
import type { Gate, RunState, StateReason, StepRef, StopReason } from '../events.js';
import type {
  AgentCallRecord,
  AttemptRecord,
  CommitRecord,
  RunRecord,
  StepRecord,
  ViolationRecord,
} from './types.js';

export type Row = Record<string, unknown>;

const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const int = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** The try recorded as in flight when the run left `running`, or null. */
function inFlight(row: Row): StepRef | null {
  return typeof row.in_flight === 'string' ? (JSON.parse(row.in_flight) as StepRef) : null;
}

/** Expects the columns of `runs` plus live_ok, live_failed, live_skipped. */
export function toRunRecord(row: Row, shortLength: number): RunRecord {
  const id = String(row.id);
  const finished = row.finished_at !== null;
  return {
    id,
    shortId: id.slice(0, shortLength),
    playbook: str(row.playbook),
    playbookHash: str(row.playbook_hash),
    playbookName: str(row.playbook_name),
    args: JSON.parse(String(row.args)) as string[],
    arg: str(row.arg),
    item: str(row.item),
    maxIterations: num(row.max_iterations),
    maxCostUsd: num(row.max_cost_usd),
    mmmVersion: str(row.mmm_version),
    session: str(row.session),
    cwd: str(row.cwd),
    baseCommit: str(row.base_commit),
    branch: str(row.branch),
    status: String(row.status) as RunState,
    inFlight: inFlight(row),
    stateReason: str(row.state_reason) as StateReason | null,
    gate: str(row.gate) as Gate | null,
    agent: str(row.agent),
    exitCode: num(row.exit_code),
    reason: str(row.reason) as StopReason | null,
    message: str(row.message),
    startedAt: String(row.started_at),
    finishedAt: str(row.finished_at),
    durationMs: num(row.duration_ms),
    iterations: int(row.iterations),
    steps: finished
      ? { ok: int(row.steps_ok), failed: int(row.steps_failed), skipped: int(row.steps_skipped) }
      : { ok: int(row.live_ok), failed: int(row.live_failed), skipped: int(row.live_skipped) },
    commits: int(row.commits),
    agentCalls: int(row.agent_calls),
    costUsd: num(row.cost_usd),
    tokens: {
      input: int(row.input_tokens),
      output: int(row.output_tokens),
      cacheCreation: int(row.cache_creation_input_tokens),
      cacheRead: int(row.cache_read_input_tokens),
    },
    lastEventAt: str(row.last_event_at),
  };
}

function stepCommon(row: Row) {
  return {
    iteration: int(row.iteration),
    stepIndex: int(row.step_index),
    role: String(row.role),
    stepId: str(row.step_id),
    label: String(row.label),
  };
}

export function toStepRecord(row: Row): StepRecord {
  return {
    ...stepCommon(row),
    kind: String(row.kind),
    status: String(row.status),
    skipReason: str(row.skip_reason),
    attempts: int(row.attempts),
    exitCode: num(row.exit_code),
    durationMs: int(row.duration_ms),
    commits: int(row.commits),
    filesChanged: int(row.files_changed),
    linesAdded: int(row.lines_added),
    linesRemoved: int(row.lines_removed),
    agentCalls: int(row.agent_calls),
    costUsd: num(row.cost_usd),
  };
}

export function toAttemptRecord(row: Row): AttemptRecord {
  const { attempts: _attempts, durationMs: _duration, ...step } = toStepRecord(row);
  return {
    ...step,
    attempt: int(row.attempt),
    error: str(row.error),
    durationMs: num(row.duration_ms),
    headBefore: str(row.head_before),
    headAfter: str(row.head_after),
    outputId: num(row.output_id),
    startedAt: str(row.started_at),
    finishedAt: str(row.finished_at),
  };
}

export function toCommitRecord(row: Row): CommitRecord {
  return {
    ...stepCommon(row),
    sha: String(row.sha),
    attempt: int(row.attempt),
    message: String(row.message),
    byAgent: row.by_agent === 1,
    files: JSON.parse(String(row.files)) as string[],
    linesAdded: int(row.lines_added),
    linesRemoved: int(row.lines_removed),
    at: String(row.at),
  };
}

export function toViolationRecord(row: Row): ViolationRecord {
  return {
    ...stepCommon(row),
    attempt: int(row.attempt),
    rule: String(row.rule),
    severity: String(row.severity),
    origin: String(row.origin),
    message: String(row.message),
    paths: JSON.parse(String(row.paths)) as string[],
    findings:
      typeof row.findings === 'string'
        ? (JSON.parse(row.findings) as ViolationRecord['findings'])
        : null,
    savedRef: str(row.saved_ref),
    at: String(row.at),
  };
}

export function toAgentCallRecord(row: Row): AgentCallRecord {
  return {
    ...stepCommon(row),
    seq: int(row.event_seq),
    attempt: int(row.attempt),
    agent: String(row.agent),
    model: str(row.model),
    prompt: String(row.prompt),
    response: String(row.response),
    ok: row.ok === 1,
    error: str(row.error),
    sessionId: str(row.session_id),
    costUsd: num(row.cost_usd),
    costSource: str(row.cost_source),
    inputTokens: num(row.input_tokens),
    outputTokens: num(row.output_tokens),
    cacheCreationInputTokens: num(row.cache_creation_input_tokens),
    cacheReadInputTokens: num(row.cache_read_input_tokens),
    numTurns: num(row.num_turns),
    durationMs: int(row.duration_ms),
    at: String(row.at),
  };
}
