// Turns events into rows. Every event is appended to `events` with a per-run sequence number; the
// tables for runs, iterations, steps, attempts, agent calls, commits and outputs are kept in step.
import { hostname } from 'node:os';
import { processStart } from '../infra/liveness.js';
import type { Database } from 'better-sqlite3';
import type { MmmEvent } from '../events.js';
import { storeOutput, type StoredOutput } from './outputs.js';
import type { LedgerPaths } from './paths.js';
import { prepareStatements, type Statements } from './statements.js';

export interface RecorderOptions {
  /** Outputs bigger than this go to a file under `.mmm/runs/<run>/`. */
  inlineOutputLimit: number;
}

export interface Recorder {
  /** Records the events in one transaction (the whole batch or nothing). */
  recordEvents: (events: readonly MmmEvent[]) => void;
  /** Records (or updates) an artifact a run produced, by path and SHA-256. */
  recordArtifact: (runId: string, path: string, sha256: string, sizeBytes?: number) => void;
}

type StepEvent = Extract<MmmEvent, { stepIndex: number }>;

function stepParams(e: StepEvent) {
  return {
    runId: e.runId,
    iteration: e.iteration,
    stepIndex: e.stepIndex,
    role: e.role,
    attempt: e.attempt,
    stepId: e.stepId ?? null,
    label: e.label,
    kind: e.kind,
    at: e.at,
  };
}

/** The event as kept in `events`: an output moved to a file is replaced by a reference to it. */
function storedEventJson(event: MmmEvent, output: StoredOutput | undefined): string {
  if (event.type !== 'step.finished' || !output?.path || event.outputFile !== undefined) {
    return JSON.stringify(event);
  }
  return JSON.stringify({
    ...event,
    output: undefined,
    outputFile: output.path,
    outputSha256: output.sha256,
  });
}

function recordOne(s: Statements, e: MmmEvent, seq: number, output: StoredOutput | undefined) {
  switch (e.type) {
    case 'run.started':
      // Every parameter is named explicitly: an event that went through JSON lacks undefined keys.
      s.runStarted.run({
        runId: e.runId,
        at: e.at,
        playbook: e.playbook,
        playbookHash: e.playbookHash,
        playbookName: e.playbookName,
        playbookSource: e.playbookSource ?? null,
        args: JSON.stringify(e.args ?? []),
        arg: e.arg ?? null,
        item: e.item ?? null,
        maxIterations: e.maxIterations,
        maxCostUsd: e.maxCostUsd ?? null,
        mmmVersion: e.mmmVersion,
        session: e.session ?? null,
        cwd: e.cwd,
        baseCommit: e.baseCommit,
        branch: e.branch ?? null,
        pid: process.pid,
        pidStart: processStart(process.pid) ?? null,
        host: hostname(),
        gate: e.gate ?? null,
        agent: e.agent ?? null,
      });
      return;
    case 'run.resumed':
      s.runResumed.run({
        runId: e.runId,
        playbookHash: e.playbookHash,
        playbookSource: e.playbookSource ?? null,
        mmmVersion: e.mmmVersion,
        pid: process.pid,
        pidStart: processStart(process.pid) ?? null,
        host: hostname(),
      });
      return;
    case 'run.state':
      // The state moves only here: by the engine's transitions, and by crashed.ts for the dead.
      s.runState.run({
        runId: e.runId,
        state: e.state,
        reason: e.reason,
        step: e.step ? JSON.stringify(e.step) : null,
      });
      return;
    case 'iteration.started': {
      const p = { runId: e.runId, at: e.at, iteration: e.iteration, of: e.of };
      s.iterationStarted.run(p);
      s.runIterations.run(p);
      return;
    }
    case 'iteration.finished':
      s.iterationFinished.run({
        runId: e.runId,
        at: e.at,
        iteration: e.iteration,
        commits: e.commits,
      });
      return;
    case 'step.started': {
      const p = { ...stepParams(e), status: 'running', skipReason: null, headBefore: e.headBefore };
      s.upsertAttempt.run(p);
      s.upsertStep.run(p);
      return;
    }
    case 'step.skipped': {
      const p = { ...stepParams(e), status: 'skipped', skipReason: e.reason, headBefore: null };
      s.upsertAttempt.run(p);
      s.upsertStep.run(p);
      return;
    }
    case 'step.finished': {
      const base = { ...stepParams(e), status: e.status, skipReason: null };
      // A finish without its start (a stream joined late) still gets its rows.
      s.upsertAttempt.run({ ...base, headBefore: e.headBefore });
      s.upsertStep.run(base);
      const outputId = output
        ? Number(s.insertOutput.run({ ...base, ...output }).lastInsertRowid)
        : null;
      const p = {
        ...base,
        exitCode: e.exitCode ?? null,
        error: e.error ?? null,
        outputId,
        durationMs: e.durationMs,
        headBefore: e.headBefore,
        headAfter: e.headAfter,
      };
      s.finishAttempt.run(p);
      s.finishStep.run(p);
      return;
    }
    case 'agent.call': {
      const tokens = {
        inputTokens: e.usage?.inputTokens ?? null,
        outputTokens: e.usage?.outputTokens ?? null,
        cacheCreationInputTokens: e.usage?.cacheCreationInputTokens ?? null,
        cacheReadInputTokens: e.usage?.cacheReadInputTokens ?? null,
      };
      const p = {
        ...stepParams(e),
        seq,
        agent: e.agent,
        model: e.model ?? null,
        prompt: e.prompt,
        response: e.response,
        ok: e.ok ? 1 : 0,
        error: e.error ?? null,
        sessionId: e.sessionId ?? null,
        costUsd: e.costUsd ?? null,
        costSource: e.costSource ?? null,
        ...tokens,
        numTurns: e.numTurns ?? null,
        durationMs: e.durationMs,
      };
      s.insertAgentCall.run(p);
      s.attemptAgentCall.run(p);
      s.stepAgentCall.run(p);
      s.runAgentCall.run(p);
      return;
    }
    case 'step.committed': {
      const p = {
        ...stepParams(e),
        commit: e.commit,
        message: e.message,
        byAgent: e.byAgent ? 1 : 0,
        files: JSON.stringify(e.files),
        filesChanged: e.files.length,
        linesAdded: e.insertions,
        linesRemoved: e.deletions,
      };
      s.insertCommit.run(p);
      s.attemptCommit.run(p);
      s.stepCommit.run(p);
      s.runCommit.run(p);
      return;
    }
    case 'policy.violation':
      s.insertViolation.run({
        ...stepParams(e),
        seq,
        rule: e.rule,
        severity: e.severity,
        origin: e.origin,
        message: e.message,
        paths: JSON.stringify(e.paths),
        findings: e.findings ? JSON.stringify(e.findings) : null,
        savedRef: e.savedRef ?? null,
      });
      return;
    case 'gate.proposed':
      s.gateProposed.run({
        ...stepParams(e),
        proposal: e.proposal,
        gate: e.gate,
        ref: e.ref,
        base: e.base,
        commit: e.commit,
        files: JSON.stringify(e.files),
        filesChanged: e.files.length,
        linesAdded: e.insertions,
        linesRemoved: e.deletions,
        ackUntil: e.ackUntil ?? null,
      });
      return;
    case 'gate.decided': {
      if (e.proposal === undefined) {
        s.gateAuto.run({
          ...stepParams(e),
          base: e.base,
          commit: e.commit,
          by: e.by,
          decidedAt: e.decidedAt,
        });
        return;
      }
      // The decision may have been written already by the command that made it (mmm approve,
      // mmm reject): only a pending gate takes it.
      const p = { runId: e.runId, proposal: e.proposal };
      s.gateDecided.run({
        ...p,
        decision: e.decision,
        retry: e.retry ? 1 : 0,
        by: e.by,
        decidedAt: e.decidedAt,
        comment: e.comment ?? null,
      });
      if (e.landed) s.gateLanded.run(p);
      return;
    }
    case 'run.paused':
    case 'run.continued':
    case 'step.not_converging':
    case 'agent.fallback':
    case 'agent.started':
    case 'agent.conversation_missing':
    case 'step.kept_out':
      // Kept in `events` only.
      return;
    case 'run.finished':
      s.runFinished.run({
        runId: e.runId,
        at: e.at,
        exitCode: e.exitCode,
        reason: e.reason,
        message: e.message ?? null,
        durationMs: e.durationMs,
        iterations: e.iterations,
        commits: e.commits,
        costUsd: e.costUsd ?? null,
        agentCalls: e.agentCalls,
        stepsOk: e.steps.ok,
        stepsFailed: e.steps.failed,
        stepsSkipped: e.steps.skipped,
      });
      return;
  }
}

/** Builds the writer for one open database. Each call to recordEvents is one transaction. */
export function createRecorder(
  db: Database,
  paths: LedgerPaths,
  options: RecorderOptions,
): Recorder {
  const s = prepareStatements(db);
  const nextSeq = new Map<string, number>();
  const seqFor = (runId: string): number => {
    let seq = nextSeq.get(runId);
    // A run continued by another process (resume) carries on from the recorded sequence.
    if (seq === undefined) seq = (s.maxSeq.get(runId) as { seq: number }).seq + 1;
    nextSeq.set(runId, seq + 1);
    return seq;
  };
  // IMMEDIATE takes the write lock up front, so concurrent writers wait (busy_timeout) instead of
  // failing on a read-to-write upgrade.
  const writeBatch = db.transaction((events: readonly MmmEvent[]) => {
    for (const event of events) {
      const seq = seqFor(event.runId);
      const output =
        event.type === 'step.finished'
          ? storeOutput(paths, event, options.inlineOutputLimit)
          : undefined;
      s.ensureRun.run({ runId: event.runId, at: event.at });
      s.insertEvent.run(event.runId, seq, event.type, event.at, storedEventJson(event, output));
      recordOne(s, event, seq, output);
    }
  });
  return {
    recordEvents(events) {
      if (events.length === 0) return;
      try {
        writeBatch.immediate(events);
      } catch (error) {
        // Sequence numbers handed out inside a rolled-back transaction were never written.
        nextSeq.clear();
        throw error;
      }
    },
    recordArtifact(runId, path, sha256, sizeBytes) {
      s.upsertArtifact.run({
        runId,
        path,
        sha256,
        sizeBytes: sizeBytes ?? null,
        at: new Date().toISOString(),
      });
    },
  };
}
