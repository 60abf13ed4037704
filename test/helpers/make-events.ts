// Event sequences shaped like the engine's, for feeding the ledger without running a playbook.
import type { MmmEvent } from '../../src/events.js';

export interface RunEventsOptions {
  runId: string;
  /** ISO start time; events are a second apart from it. */
  start?: string;
  session?: string;
  /** Output of the test step's first (failing) attempt. */
  testOutput?: string;
  /** Whether the run ends completed (default) or failed. */
  fail?: boolean;
}

type StepRef = Pick<
  Extract<MmmEvent, { type: 'step.started' }>,
  'iteration' | 'stepIndex' | 'stepId' | 'label' | 'kind' | 'role' | 'attempt'
>;

const sha = (n: number) => n.toString(16).padStart(40, '0');

/**
 * One iteration of: a claude step that commits, a shell test step that fails once, is fixed by
 * its on_failure handler (which commits) and passes on attempt 2, and a skipped lint step.
 */
export function makeRunEvents(options: RunEventsOptions): MmmEvent[] {
  const runId = options.runId;
  const t0 = Date.parse(options.start ?? '2025-03-01T10:00:00.000Z');
  let tick = 0;
  const at = () => new Date(t0 + 1000 * tick++).toISOString();
  const review: StepRef = {
    iteration: 1,
    stepIndex: 0,
    stepId: 'review',
    label: '/mmm-code-review',
    kind: 'claude',
    role: 'step',
    attempt: 1,
  };
  const test: StepRef = {
    ...review,
    stepIndex: 1,
    stepId: 'test',
    label: 'npm test',
    kind: 'shell',
  };
  const fix: StepRef = {
    ...test,
    stepId: undefined,
    label: '/mmm-fix-test',
    kind: 'claude',
    role: 'on_failure',
  };
  const lint: StepRef = { ...test, stepIndex: 2, stepId: 'lint', label: 'npm run lint' };
  const call = (ref: StepRef, n: number, cost: number): MmmEvent => ({
    runId,
    at: at(),
    type: 'agent.call',
    ...ref,
    agent: 'claude',
    model: 'claude-sonnet-4-5',
    prompt: `${ref.label} prompt ${n}`,
    response: `response ${n}`,
    ok: true,
    error: undefined,
    sessionId: `session-${n}`,
    costUsd: cost,
    usage: {
      inputTokens: 100 * n,
      outputTokens: 10 * n,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 5,
    },
    numTurns: 2,
    durationMs: 1500,
  });
  const finished = (
    ref: StepRef,
    status: 'ok' | 'failed',
    before: number,
    after: number,
    output?: string,
  ): MmmEvent => ({
    runId,
    at: at(),
    type: 'step.finished',
    ...ref,
    status,
    exitCode: status === 'ok' ? 0 : 1,
    durationMs: 2000,
    error: status === 'ok' ? undefined : 'exit code 1',
    output,
    outputFile: undefined,
    outputBytes: output === undefined ? 0 : Buffer.byteLength(output),
    headBefore: sha(before),
    headAfter: sha(after),
  });
  const committed = (ref: StepRef, commit: number, files: string[]): MmmEvent => ({
    runId,
    at: at(),
    type: 'step.committed',
    ...ref,
    commit: sha(commit),
    message: `mmm(improve): ${ref.label}`,
    byAgent: false,
    files,
    insertions: 12,
    deletions: 3,
  });
  const started = (ref: StepRef, head: number): MmmEvent => ({
    runId,
    at: at(),
    type: 'step.started',
    ...ref,
    headBefore: sha(head),
  });
  const fail = options.fail ?? false;
  const events: MmmEvent[] = [
    {
      runId,
      at: at(),
      type: 'run.started',
      playbook: 'examples/improve.yml',
      playbookHash: 'a'.repeat(64),
      playbookName: 'improve',
      cwd: '/tmp/repo',
      session: options.session,
      baseCommit: sha(1),
      branch: 'main',
      args: ['--max', '1'],
      arg: undefined,
      item: undefined,
      playbookSource: '',
      maxCostUsd: undefined,
      maxIterations: 1,
      mmmVersion: '0.1.0',
    },
    { runId, at: at(), type: 'iteration.started', iteration: 1, of: 1 },
    started(review, 1),
    call(review, 1, 0.25),
    finished(review, 'ok', 1, 2, 'reviewed'),
    committed(review, 2, ['src/a.ts', 'src/b.ts']),
    started(test, 2),
    finished(test, 'failed', 2, 2, options.testOutput ?? '1 failing'),
    started(fix, 2),
    call(fix, 2, 0.5),
    finished(fix, 'ok', 2, 3),
    committed(fix, 3, ['src/a.ts']),
    started({ ...test, attempt: 2 }, 3),
    finished({ ...test, attempt: 2 }, fail ? 'failed' : 'ok', 3, 3, 'all passing'),
  ];
  if (!fail)
    events.push({ runId, at: at(), type: 'step.skipped', ...lint, reason: 'when is false' });
  events.push(
    { runId, at: at(), type: 'iteration.finished', iteration: 1, commits: 2 },
    {
      runId,
      at: at(),
      type: 'run.state',
      state: fail ? 'failed' : 'done',
      reason: fail ? 'step_failed' : 'max_iterations',
      message: undefined,
      step: undefined,
    },
    {
      runId,
      at: at(),
      type: 'run.finished',
      status: fail ? 'failed' : 'completed',
      exitCode: fail ? 1 : 0,
      reason: fail ? 'step_failed' : 'max_iterations',
      message: undefined,
      iterations: 1,
      steps: fail ? { ok: 1, failed: 1, skipped: 0 } : { ok: 2, failed: 0, skipped: 1 },
      commits: 2,
      costUsd: 0.75,
      agentCalls: 2,
      durationMs: 17000,
    },
  );
  return events;
}
