// Where a resumed run goes on and what it gets back, from runs recorded in a real ledger.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planResume } from '../../../src/actions/resume/plan.js';
import type { MmmEvent, StepRef } from '../../../src/events.js';
import { openLedger, type Ledger } from '../../../src/ledger/index.js';
import { absolutePath } from '../../../src/ledger/paths.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const sha = (n: number) => n.toString(16).padStart(40, '0');
const runId = 'run-1';
let tick = 0;
const at = () => new Date(Date.parse('2025-03-01T10:00:00Z') + 1000 * tick++).toISOString();

function ref(stepIndex: number, stepId: string | undefined, extra: Partial<StepRef> = {}): StepRef {
  return {
    iteration: 1,
    stepIndex,
    stepId,
    label: stepId ?? `step ${stepIndex + 1}`,
    kind: 'shell',
    role: 'step',
    attempt: 1,
    ...extra,
  };
}

const started = (r: StepRef, head: number): MmmEvent => ({
  runId,
  at: at(),
  type: 'step.started',
  ...r,
  headBefore: sha(head),
});

function finished(
  r: StepRef,
  ok: boolean,
  before: number,
  after: number,
  output: string,
  named?: Record<string, string>,
): MmmEvent {
  return {
    runId,
    at: at(),
    type: 'step.finished',
    ...r,
    status: ok ? 'ok' : 'failed',
    exitCode: ok ? 0 : 1,
    durationMs: 10,
    error: ok ? undefined : 'exit code 1',
    output,
    outputFile: undefined,
    outputBytes: Buffer.byteLength(output),
    named,
    headBefore: sha(before),
    headAfter: sha(after),
  };
}

const committed = (r: StepRef, commit: number): MmmEvent => ({
  runId,
  at: at(),
  type: 'step.committed',
  ...r,
  commit: sha(commit),
  message: `mmm(p): ${r.label}`,
  byAgent: false,
  files: ['a.txt'],
  insertions: 1,
  deletions: 0,
});

function ledgerWith(events: MmmEvent[], inlineOutputLimit?: number): Ledger {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-plan-'));
  dirs.push(dir);
  const ledger = openLedger(dir, inlineOutputLimit === undefined ? {} : { inlineOutputLimit });
  ledger.recordEvents([
    {
      runId,
      at: at(),
      type: 'run.started',
      playbook: 'pb.yml',
      playbookHash: 'h',
      playbookName: 'p',
      playbookSource: 'steps: []',
      cwd: dir,
      session: undefined,
      baseCommit: sha(1),
      branch: 'main',
      args: [],
      arg: undefined,
      item: undefined,
      maxIterations: 2,
      maxCostUsd: undefined,
      mmmVersion: '0.1.0',
      ignored: ['.env', 'build/'],
    },
    { runId, at: at(), type: 'iteration.started', iteration: 1, of: 2 },
    ...events,
  ]);
  return ledger;
}

function plan(ledger: Ledger) {
  const read = (path: string) => readFileSync(absolutePath(ledger.paths, path), 'utf8');
  return planResume(ledger.getRun(runId), ledger.eventsAfter(runId), read);
}

const first = ref(0, 'review');
const second = ref(1, 'test');

describe('planResume', () => {
  it('goes on with the step cut short, from where its first try started, with the values before it', () => {
    const ledger = ledgerWith([
      started(first, 1),
      committed(first, 2),
      finished(first, true, 1, 2, 'review says', { spec: 'specs/a.md' }),
      started(second, 2),
      finished(second, false, 2, 2, 'first try of test'),
      started({ ...second, attempt: 2 }, 2),
      {
        runId,
        at: at(),
        type: 'run.state',
        state: 'interrupted',
        reason: 'interrupted',
        message: 'interrupted by SIGINT',
        step: { ...second, attempt: 2 },
      },
    ]);
    const p = plan(ledger);
    expect(p).toMatchObject({ iteration: 1, stepIndex: 1, expectedHead: sha(2) });
    expect(p.steps).toEqual({
      review: { output: 'review says', exitCode: 0, success: true, named: { spec: 'specs/a.md' } },
    });
    // The tries of the step that runs again left nothing behind.
    expect(p.lastShellOutput).toBe('review says');
    expect(p.totals).toMatchObject({ ok: 1, failed: 0, skipped: 0 });
    expect(p.commits.map((c) => c.commit)).toEqual([sha(2)]);
    // The user's ignored files where the run started stay out of its commits after the resume.
    expect(p.ignoredAtStart).toEqual(['.env', 'build/']);
  });

  it('goes on with the next step when none was in flight, and with the next iteration after a finished one', () => {
    const ledger = ledgerWith([started(first, 1), finished(first, true, 1, 1, 'one')]);
    expect(plan(ledger)).toMatchObject({ iteration: 1, stepIndex: 1, expectedHead: sha(1) });
    ledger.recordEvents([
      started(second, 1),
      committed(second, 3),
      finished(second, true, 1, 3, 'two'),
      { runId, at: at(), type: 'iteration.finished', iteration: 1, commits: 1 },
    ]);
    const p = plan(ledger);
    expect(p).toMatchObject({ iteration: 2, stepIndex: 0, expectedHead: sha(3) });
    expect(p.steps.test?.output).toBe('two');
  });

  it('runs again a step whose try failed with nothing recorded after it, from where it started', () => {
    // Killed between the failed try and its on_failure handler: no try is in flight.
    const ledger = ledgerWith([
      started(first, 1),
      committed(first, 2),
      finished(first, true, 1, 2, 'one'),
      started(second, 2),
      finished(second, false, 2, 2, 'first try of test'),
    ]);
    const p = plan(ledger);
    expect(p).toMatchObject({ iteration: 1, stepIndex: 1, expectedHead: sha(2) });
    expect(p.totals).toMatchObject({ ok: 1, failed: 0 });
    expect(p.steps.test).toBeUndefined();
    // Once a later try passes, the step is finished and the run goes on after it.
    ledger.recordEvents([
      started({ ...second, role: 'on_failure', label: 'fix' }, 2),
      committed({ ...second, role: 'on_failure', label: 'fix' }, 3),
      finished({ ...second, role: 'on_failure', label: 'fix' }, true, 2, 3, 'fixed'),
      started({ ...second, attempt: 2 }, 3),
      finished({ ...second, attempt: 2 }, true, 3, 3, 'second try of test'),
    ]);
    expect(plan(ledger)).toMatchObject({ iteration: 1, stepIndex: 2, expectedHead: sha(3) });
  });

  it('reads back an output the ledger kept in a file of its own', () => {
    const big = 'x'.repeat(100);
    const ledger = ledgerWith([started(first, 1), finished(first, true, 1, 1, big)], 10);
    expect(ledger.exportRun(runId).outputs[0]?.path).not.toBeNull();
    expect(plan(ledger).steps.review?.output).toBe(big);
  });
});
