// What a merge of a session whose run did not succeed says about that run, from a real ledger.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MmmEvent, StepRef } from '../../../src/events.js';
import { exec } from '../../../src/infra/exec.js';
import { openRepoLedger } from '../../../src/ledger/index.js';
import {
  describeUnsuccessfulRun,
  findUnsuccessfulRun,
  unsuccessfulEnd,
} from '../../../src/sessions/run-outcome.js';
import type { SessionRecord, SessionStatus } from '../../../src/sessions/store.js';
import type { StepRecord } from '../../../src/ledger/types.js';
import { useTempRepos } from '../../helpers/repo.js';

const deps = { exec, env: process.env };
const repo = useTempRepos();

function session(status: SessionStatus, fields: Partial<SessionRecord> = {}): SessionRecord {
  return {
    name: 'brave-otter',
    repoRoot: '/repo',
    worktreePath: '/repo/.mmm/worktrees/brave-otter',
    branch: 'mmm/brave-otter',
    baseBranch: 'main',
    baseCommit: 'a'.repeat(40),
    playbook: 'pb.yml',
    status,
    commits: 0,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    runIds: [],
    ...fields,
  };
}

function step(fields: Partial<StepRecord>): StepRecord {
  return {
    iteration: 1,
    stepIndex: 0,
    role: 'step',
    stepId: null,
    label: 'test',
    kind: 'shell',
    status: 'failed',
    skipReason: null,
    attempts: 1,
    exitCode: 1,
    durationMs: 5,
    commits: 0,
    filesChanged: 0,
    linesAdded: 0,
    linesRemoved: 0,
    agentCalls: 0,
    costUsd: null,
    ...fields,
  };
}

describe('how a session run ended', () => {
  it('names the unsuccessful ends, and none for the others', () => {
    expect(unsuccessfulEnd(session('failed'))).toBe('failed');
    expect(unsuccessfulEnd(session('interrupted'))).toBe('interrupted');
    expect(unsuccessfulEnd(session('stopped'))).toBe('stopped');
    for (const status of ['completed', 'merged', 'conflicted', 'cleaned'] as const) {
      expect(unsuccessfulEnd(session(status))).toBeUndefined();
    }
    // Running, with no process: it crashed without recording its end.
    expect(unsuccessfulEnd(session('running', { pid: undefined }))).toBe('crashed');
  });

  it('takes a session whose process still runs as running, not crashed', () => {
    const child = spawn('sleep', ['30']);
    try {
      const start = Number(
        readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19],
      );
      expect(
        unsuccessfulEnd(session('running', { pid: child.pid, pidStart: start })),
      ).toBeUndefined();
    } finally {
      child.kill();
    }
  });

  it('describes each failed step and where to look', () => {
    const record = session('failed');
    const run = { shortId: '1a2b3c4d', message: null } as never;
    const found = {
      end: 'failed' as const,
      run,
      steps: [
        step({ stepIndex: 1, label: 'lint\nall', exitCode: 2 }),
        step({ stepIndex: 2, role: 'on_failure', exitCode: null }),
        step({ stepIndex: 0, role: 'until', status: 'running', iteration: 3 }),
      ],
    };
    expect(describeUnsuccessfulRun(record, found)).toEqual({
      ended: 'its run failed (run 1a2b3c4d)',
      details: [
        '  iteration 1, step 2 (lint all) failed (exit 2)',
        '  iteration 1, the on_failure handler of step 3 (test) failed',
        '  iteration 3, the until check (test) was running when the run stopped',
        `  look at it: mmm runs show 1a2b3c4d; its worktree is ${record.worktreePath}`,
      ],
    });
  });

  it('says what it knows when no step is to blame, the ledger has no run, or cannot be read', () => {
    const record = session('stopped');
    const run = (message: string | null) => ({ shortId: '1a2b3c4d', message }) as never;
    expect(
      describeUnsuccessfulRun(record, { end: 'stopped', run: run('budget reached'), steps: [] }),
    ).toEqual({
      ended: 'its run stopped before the end and needs attention (run 1a2b3c4d)',
      details: [
        '  budget reached',
        `  look at it: mmm runs show 1a2b3c4d; its worktree is ${record.worktreePath}`,
      ],
    });
    expect(
      describeUnsuccessfulRun(record, { end: 'crashed', run: run(null), steps: [] }).details[0],
    ).toBe('  the ledger names no failed step');
    expect(describeUnsuccessfulRun(record, { end: 'interrupted', steps: [] })).toEqual({
      ended: 'its run was interrupted',
      details: [
        '  (the ledger has no run of this session)',
        `  look at it: its worktree is ${record.worktreePath}`,
      ],
    });
    expect(
      describeUnsuccessfulRun(record, { end: 'crashed', steps: [], ledgerProblem: 'locked' }),
    ).toEqual({
      ended: 'its run crashed (its process is gone and recorded no end)',
      details: [
        '  (its steps are unknown: locked)',
        `  look at it: its worktree is ${record.worktreePath}`,
      ],
    });
  });
});

describe('finding what went wrong in the ledger', () => {
  const at = '2026-01-01T00:00:00.000Z';
  const ref = (stepIndex: number, label: string): StepRef => ({
    iteration: 1,
    stepIndex,
    stepId: undefined,
    label,
    kind: 'shell',
    role: 'step',
    attempt: 1,
  });

  /** A step's start and end in the ledger: ok with exit 0, failed with any other. */
  const tried = (r: StepRef, exitCode: number): MmmEvent[] => [
    { runId: 'run-1', at, type: 'step.started', ...r, headBefore: 'a'.repeat(40) },
    {
      runId: 'run-1',
      at,
      type: 'step.finished',
      ...r,
      status: exitCode === 0 ? 'ok' : 'failed',
      exitCode,
      durationMs: 1,
      error: exitCode === 0 ? undefined : `exited with code ${exitCode}`,
      output: '',
      outputFile: undefined,
      outputBytes: 0,
      headBefore: 'a'.repeat(40),
      headAfter: 'a'.repeat(40),
    },
  ];

  it("reads the session's last run and its failed steps, and nothing for a success", async () => {
    const r = repo();
    const record = session('failed', { repoRoot: r.dir });
    expect(await findUnsuccessfulRun(deps, r.dir, record)).toEqual({ end: 'failed', steps: [] });
    const ledger = await openRepoLedger(deps, r.dir);
    const events: MmmEvent[] = [
      {
        runId: 'run-1',
        at,
        type: 'run.started',
        playbook: 'pb.yml',
        playbookHash: 'h',
        playbookName: 'p',
        playbookSource: 'steps: []',
        cwd: r.dir,
        session: record.name,
        baseCommit: 'a'.repeat(40),
        branch: 'main',
        args: [],
        arg: undefined,
        item: undefined,
        maxIterations: 1,
        maxCostUsd: undefined,
        mmmVersion: '0.1.0',
      },
      ...tried(ref(0, 'build'), 0),
      ...tried(ref(1, 'test'), 3),
    ];
    ledger.recordEvents(events);
    ledger.close();
    const found = await findUnsuccessfulRun(deps, r.dir, record);
    expect(found?.end).toBe('failed');
    expect(found?.run?.id).toBe('run-1');
    expect(found?.steps.map((s) => [s.label, s.status, s.exitCode])).toEqual([
      ['test', 'failed', 3],
    ]);
    expect(await findUnsuccessfulRun(deps, r.dir, session('completed'))).toBeUndefined();
    // Another session's runs are not this one's.
    expect(await findUnsuccessfulRun(deps, r.dir, session('failed', { name: 'other' }))).toEqual({
      end: 'failed',
      steps: [],
    });
  });

  it('leaves the steps unknown, saying why, when the ledger cannot be read', async () => {
    const r = repo();
    mkdirSync(join(r.dir, '.mmm'), { recursive: true });
    writeFileSync(
      join(r.dir, '.mmm', 'mmm.db'),
      'not a database, but long enough to be read as one',
    );
    const found = await findUnsuccessfulRun(deps, r.dir, session('interrupted'));
    expect(found).toMatchObject({ end: 'interrupted', steps: [] });
    expect(found?.ledgerProblem).toMatch(/\S/);
  });
});
