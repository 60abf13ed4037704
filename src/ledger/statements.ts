// Every write the ledger makes, prepared once per connection.
import type { Database, Statement } from 'better-sqlite3';

const STEP_KEY =
  'run_id = @runId AND iteration = @iteration AND step_index = @stepIndex AND role = @role';
const ADD_COST = `cost_usd = CASE WHEN @costUsd IS NULL THEN cost_usd ELSE coalesce(cost_usd, 0) + @costUsd END`;
const ADD_COMMIT = `commits = commits + 1, files_changed = files_changed + @filesChanged,
  lines_added = lines_added + @linesAdded, lines_removed = lines_removed + @linesRemoved`;

const SQL = {
  maxSeq: `SELECT coalesce(max(seq), 0) AS seq FROM events WHERE run_id = ?`,
  insertEvent: `INSERT INTO events (run_id, seq, type, at, data) VALUES (?, ?, ?, ?, ?)`,
  ensureRun: `INSERT INTO runs (id, started_at, last_event_at) VALUES (@runId, @at, @at)
    ON CONFLICT (id) DO UPDATE SET last_event_at = @at`,
  runStarted: `UPDATE runs SET playbook = @playbook, playbook_hash = @playbookHash,
    playbook_name = @playbookName, playbook_source = @playbookSource, args = @args, arg = @arg,
    item = @item, max_iterations = @maxIterations, max_cost_usd = @maxCostUsd,
    mmm_version = @mmmVersion, session = @session, cwd = @cwd,
    base_commit = @baseCommit, branch = @branch, exit_code = NULL,
    reason = NULL, message = NULL, finished_at = NULL, duration_ms = NULL,
    started_at = min(started_at, @at), pid = @pid, pid_start = @pidStart, host = @host,
    gate = @gate, agent = @agent WHERE id = @runId`,
  // A resumed run keeps its record; it is this process's now, and it has not ended yet.
  runResumed: `UPDATE runs SET playbook_hash = @playbookHash, playbook_source = @playbookSource,
    mmm_version = @mmmVersion, exit_code = NULL, reason = NULL, message = NULL,
    finished_at = NULL, duration_ms = NULL, in_flight = NULL,
    pid = @pid, pid_start = @pidStart, host = @host
    WHERE id = @runId`,
  iterationStarted: `INSERT INTO iterations (run_id, iteration, of_total, started_at)
    VALUES (@runId, @iteration, @of, @at)
    ON CONFLICT DO UPDATE SET of_total = @of, started_at = @at, finished_at = NULL`,
  runIterations: `UPDATE runs SET iterations = max(iterations, @iteration) WHERE id = @runId`,
  iterationFinished: `INSERT INTO iterations (run_id, iteration, finished_at, commits)
    VALUES (@runId, @iteration, @at, @commits)
    ON CONFLICT DO UPDATE SET finished_at = @at, commits = @commits`,
  upsertAttempt: `INSERT INTO attempts (run_id, iteration, step_index, role, attempt, step_id,
    label, kind, status, skip_reason, head_before, started_at)
    VALUES (@runId, @iteration, @stepIndex, @role, @attempt, @stepId, @label, @kind, @status,
    @skipReason, @headBefore, @at)
    ON CONFLICT DO UPDATE SET status = @status, skip_reason = @skipReason,
    head_before = coalesce(@headBefore, head_before), started_at = coalesce(started_at, @at)`,
  upsertStep: `INSERT INTO steps (run_id, iteration, step_index, role, step_id, label, kind,
    status, skip_reason, attempts, started_at)
    VALUES (@runId, @iteration, @stepIndex, @role, @stepId, @label, @kind, @status, @skipReason,
    @attempt, @at)
    ON CONFLICT DO UPDATE SET status = @status, skip_reason = @skipReason, label = @label,
    attempts = max(attempts, @attempt)`,
  finishAttempt: `UPDATE attempts SET status = @status, exit_code = @exitCode, error = @error,
    duration_ms = @durationMs, head_before = @headBefore, head_after = @headAfter,
    output_id = @outputId, finished_at = @at
    WHERE ${STEP_KEY} AND attempt = @attempt`,
  finishStep: `UPDATE steps SET status = @status, exit_code = @exitCode,
    duration_ms = duration_ms + @durationMs, finished_at = @at WHERE ${STEP_KEY}`,
  insertOutput: `INSERT INTO outputs (run_id, iteration, step_index, role, attempt, step_id, label,
    content, path, sha256, size_bytes, at)
    VALUES (@runId, @iteration, @stepIndex, @role, @attempt, @stepId, @label, @content, @path,
    @sha256, @sizeBytes, @at)`,
  insertAgentCall: `INSERT INTO agent_calls (run_id, event_seq, iteration, step_index, role,
    attempt, step_id, label, agent, model, prompt, response, ok, error, session_id, cost_usd,
    input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens, num_turns,
    duration_ms, at, cost_source)
    VALUES (@runId, @seq, @iteration, @stepIndex, @role, @attempt, @stepId, @label, @agent,
    @model, @prompt, @response, @ok, @error, @sessionId, @costUsd, @inputTokens, @outputTokens,
    @cacheCreationInputTokens, @cacheReadInputTokens, @numTurns, @durationMs, @at, @costSource)`,
  attemptAgentCall: `UPDATE attempts SET agent_calls = agent_calls + 1, ${ADD_COST}
    WHERE ${STEP_KEY} AND attempt = @attempt`,
  stepAgentCall: `UPDATE steps SET agent_calls = agent_calls + 1, ${ADD_COST} WHERE ${STEP_KEY}`,
  runAgentCall: `UPDATE runs SET agent_calls = agent_calls + 1, ${ADD_COST},
    input_tokens = input_tokens + coalesce(@inputTokens, 0),
    output_tokens = output_tokens + coalesce(@outputTokens, 0),
    cache_creation_input_tokens = cache_creation_input_tokens + coalesce(@cacheCreationInputTokens, 0),
    cache_read_input_tokens = cache_read_input_tokens + coalesce(@cacheReadInputTokens, 0)
    WHERE id = @runId`,
  insertCommit: `INSERT INTO commits (run_id, sha, iteration, step_index, role, attempt, step_id,
    label, message, by_agent, files, files_changed, lines_added, lines_removed, at)
    VALUES (@runId, @commit, @iteration, @stepIndex, @role, @attempt, @stepId, @label, @message,
    @byAgent, @files, @filesChanged, @linesAdded, @linesRemoved, @at)`,
  attemptCommit: `UPDATE attempts SET ${ADD_COMMIT} WHERE ${STEP_KEY} AND attempt = @attempt`,
  stepCommit: `UPDATE steps SET ${ADD_COMMIT} WHERE ${STEP_KEY}`,
  runCommit: `UPDATE runs SET commits = commits + 1 WHERE id = @runId`,
  insertViolation: `INSERT INTO policy_violations (run_id, event_seq, iteration, step_index, role,
    attempt, step_id, label, rule, severity, origin, message, paths, findings, saved_ref, at)
    VALUES (@runId, @seq, @iteration, @stepIndex, @role, @attempt, @stepId, @label, @rule,
    @severity, @origin, @message, @paths, @findings, @savedRef, @at)`,
  runState: `UPDATE runs SET status = @state, state_reason = @reason, in_flight = @step
    WHERE id = @runId`,
  runGate: `UPDATE runs SET gate = @gate WHERE id = @runId`,
  gateProposed: `INSERT INTO gates (run_id, proposal, iteration, step_index, step_id, label, gate,
    ref, base, commit_sha, files, files_changed, lines_added, lines_removed, state, ack_until,
    created_at) VALUES (@runId, @proposal, @iteration, @stepIndex, @stepId, @label, @gate, @ref,
    @base, @commit, @files, @filesChanged, @linesAdded, @linesRemoved, 'pending', @ackUntil, @at)
    ON CONFLICT DO NOTHING`,
  gateAuto: `INSERT INTO gates (run_id, proposal, iteration, step_index, step_id, label, gate,
    base, commit_sha, state, decided_by, decided_at, landed, created_at) VALUES (@runId, NULL,
    @iteration, @stepIndex, @stepId, @label, 'auto', @base, @commit, 'approved', @by, @decidedAt,
    1, @at)`,
  gateDecided: `UPDATE gates SET state = @decision, retry = @retry, decided_by = @by,
    decided_at = @decidedAt, comment = @comment WHERE run_id = @runId AND proposal = @proposal
    AND state = 'pending'`,
  gateLanded: `UPDATE gates SET landed = 1 WHERE run_id = @runId AND proposal = @proposal`,
  runFinished: `UPDATE runs SET exit_code = @exitCode, reason = @reason,
    message = @message, finished_at = @at, duration_ms = @durationMs, iterations = @iterations,
    steps_ok = @stepsOk, steps_failed = @stepsFailed, steps_skipped = @stepsSkipped,
    commits = @commits, agent_calls = @agentCalls,
    cost_usd = CASE WHEN cost_usd IS NULL AND coalesce(@costUsd, 0) = 0 THEN NULL ELSE @costUsd END
    WHERE id = @runId`,
  upsertArtifact: `INSERT INTO artifacts (run_id, path, sha256, size_bytes, recorded_at)
    VALUES (@runId, @path, @sha256, @sizeBytes, @at)
    ON CONFLICT DO UPDATE SET sha256 = @sha256, size_bytes = @sizeBytes, recorded_at = @at`,
} as const;

export type StatementName = keyof typeof SQL;
export type Statements = Record<StatementName, Statement<unknown[]>>;

export function prepareStatements(db: Database): Statements {
  const entries = Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)] as const);
  return Object.fromEntries(entries) as Statements;
}
