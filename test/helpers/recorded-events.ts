// A recorded run: two iterations of a review → implement → test (fixed once) → lint playbook,
// the second iteration making no commit.
import type { MmmEvent } from '../../src/events.js';

type StepKind = 'claude' | 'shell';
type Role = 'step' | 'on_failure' | 'on_success' | 'until';

const base = { runId: 'run-1', at: '2025-01-01T00:00:00.000Z' };

function ref(
  iteration: number,
  stepIndex: number,
  label: string,
  kind: StepKind,
  extra: { stepId?: string; role?: Role; attempt?: number } = {},
) {
  return {
    ...base,
    iteration,
    stepIndex,
    stepId: extra.stepId,
    label,
    kind,
    role: extra.role ?? 'step',
    attempt: extra.attempt ?? 1,
  };
}

type Ref = ReturnType<typeof ref>;

function started(r: Ref): MmmEvent {
  return { ...r, type: 'step.started', headBefore: 'a'.repeat(40) };
}

function finished(
  r: Ref,
  status: 'ok' | 'failed',
  durationMs: number,
  extra: { exitCode?: number | null; error?: string } = {},
): MmmEvent {
  return {
    ...r,
    type: 'step.finished',
    status,
    exitCode: extra.exitCode === undefined ? (status === 'ok' ? 0 : 1) : extra.exitCode,
    durationMs,
    error: extra.error,
    output: '',
    outputFile: undefined,
    outputBytes: 0,
    headBefore: 'a'.repeat(40),
    headAfter: 'b'.repeat(40),
  };
}

function committed(r: Ref, commit: string): MmmEvent {
  return {
    ...r,
    type: 'step.committed',
    commit,
    message: 'mmm(demo): step',
    byAgent: false,
    files: ['src/math.js'],
    insertions: 3,
    deletions: 1,
  };
}

function agentCall(r: Ref, costUsd: number | undefined): MmmEvent {
  return {
    ...r,
    type: 'agent.call',
    agent: 'claude',
    model: undefined,
    prompt: r.label,
    response: 'done',
    ok: true,
    error: undefined,
    sessionId: undefined,
    costUsd,
    usage: undefined,
    numTurns: 1,
    durationMs: 100,
  };
}

/** The events of a whole run, in the order the engine emits them. */
export function recordedRun(): MmmEvent[] {
  const review1 = ref(1, 0, 'claude: /mmm-code-review', 'claude', { stepId: 'review' });
  const impl1 = ref(1, 1, 'claude: /mmm-implement-spec ${review.spec}', 'claude');
  const test1 = ref(1, 2, 'test', 'shell', { stepId: 'test' });
  const fix1 = ref(1, 2, 'claude: /mmm-fix-test ${test.output}', 'claude', { role: 'on_failure' });
  const test1b = ref(1, 2, 'test', 'shell', { stepId: 'test', attempt: 2 });
  const lint1 = ref(1, 3, 'claude: /mmm-lint', 'claude');
  const review2 = ref(2, 0, 'claude: /mmm-code-review', 'claude', { stepId: 'review' });
  const impl2 = ref(2, 1, 'claude: /mmm-implement-spec ${review.spec}', 'claude');
  return [
    {
      ...base,
      type: 'run.started',
      playbook: 'demo/playbook.yml',
      playbookHash: 'f'.repeat(64),
      playbookName: 'demo',
      cwd: '/tmp/demo',
      session: undefined,
      baseCommit: 'a'.repeat(40),
      branch: 'main',
      args: [],
      arg: undefined,
      item: undefined,
      playbookSource: '',
      maxCostUsd: undefined,
      maxIterations: 2,
      mmmVersion: '0.1.0',
    },
    { ...base, type: 'iteration.started', iteration: 1, of: 2 },
    started(review1),
    agentCall(review1, 0.0123),
    finished(review1, 'ok', 1200),
    committed(review1, '1111111aaaaaaa'),
    started(impl1),
    agentCall(impl1, 0),
    committed(impl1, '2222222bbbbbbb'),
    finished(impl1, 'ok', 800),
    started(test1),
    finished(test1, 'failed', 400, {
      exitCode: 1,
      error: 'command failed with exit code 1\nnot ok 1 - add\n  expected 5, got -1',
    }),
    started(fix1),
    agentCall(fix1, 0),
    finished(fix1, 'ok', 300),
    committed(fix1, '3333333ccccccc'),
    started(test1b),
    finished(test1b, 'ok', 450),
    { ...lint1, type: 'step.skipped', reason: 'when: ${test.success} is false' },
    { ...base, type: 'iteration.finished', iteration: 1, commits: 3 },
    { ...base, type: 'iteration.started', iteration: 2, of: 2 },
    started(review2),
    agentCall(review2, 0),
    finished(review2, 'ok', 900),
    started(impl2),
    finished(impl2, 'failed', 100, {
      exitCode: null,
      error: 'commit_required: the step made no commit',
    }),
    {
      ...base,
      type: 'run.finished',
      status: 'failed',
      exitCode: 1,
      reason: 'step_failed',
      message: undefined,
      iterations: 2,
      steps: { ok: 5, failed: 2, skipped: 1 },
      commits: 3,
      costUsd: 0.0123,
      agentCalls: 4,
      durationMs: 65_432,
    },
  ];
}
