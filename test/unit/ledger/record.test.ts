import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MmmEvent } from '../../../src/events.js';
import { openLedger, type Ledger } from '../../../src/ledger/index.js';
import { makeRunEvents } from '../../helpers/make-events.js';

let root: string;
let ledger: Ledger;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mmm-ledger-'));
  ledger = openLedger(root);
});
afterEach(() => {
  ledger.close();
  rmSync(root, { recursive: true, force: true });
});

function sql<T = Record<string, unknown>>(query: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(ledger.paths.dbPath, { readonly: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('recording a run', () => {
  it('puts the database at <root>/.mmm/mmm.db in WAL mode', () => {
    expect(ledger.paths.dbPath).toBe(join(root, '.mmm', 'mmm.db'));
    const [mode] = sql<{ journal_mode: string }>('PRAGMA journal_mode');
    expect(mode?.journal_mode).toBe('wal');
  });

  it('records the run, its totals and every event in order', () => {
    const events = makeRunEvents({ runId: 'run-1', session: 'sess' });
    ledger.recordEvents(events);
    const [run] = ledger.listRuns();
    expect(run).toMatchObject({
      id: 'run-1',
      playbook: 'examples/improve.yml',
      playbookName: 'improve',
      session: 'sess',
      args: ['--max', '1'],
      branch: 'main',
      status: 'done',
      exitCode: 0,
      reason: 'max_iterations',
      iterations: 1,
      steps: { ok: 2, failed: 0, skipped: 1 },
      commits: 2,
      agentCalls: 2,
      costUsd: 0.75,
      durationMs: 17000,
      tokens: { input: 300, output: 30, cacheCreation: 0, cacheRead: 10 },
    });
    const stored = ledger.eventsAfter('run-1');
    expect(stored.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(stored.map((e) => e.event)).toEqual(JSON.parse(JSON.stringify(events)));
    expect(ledger.eventsAfter('run-1', 14).map((e) => e.event.type)).toEqual([
      'step.skipped',
      'iteration.finished',
      'run.state',
      'run.finished',
    ]);
  });

  it('keeps steps, attempts, commits and costs per step', () => {
    ledger.recordEvents(makeRunEvents({ runId: 'run-1' }));
    const detail = ledger.getRun('run-1');
    const test = detail.steps.find((s) => s.stepId === 'test' && s.role === 'step');
    expect(test).toMatchObject({ status: 'ok', attempts: 2, durationMs: 4000, commits: 0 });
    const fix = detail.steps.find((s) => s.role === 'on_failure');
    expect(fix).toMatchObject({ status: 'ok', commits: 1, costUsd: 0.5, linesAdded: 12 });
    const review = detail.steps.find((s) => s.stepId === 'review');
    expect(review).toMatchObject({ costUsd: 0.25, filesChanged: 2, linesRemoved: 3 });
    expect(detail.steps.find((s) => s.stepId === 'lint')).toMatchObject({
      status: 'skipped',
      skipReason: 'when is false',
    });
    const testAttempts = detail.attempts.filter((a) => a.stepId === 'test');
    expect(testAttempts.map((a) => [a.attempt, a.status, a.exitCode])).toEqual([
      [1, 'failed', 1],
      [2, 'ok', 0],
    ]);
    expect(detail.commits.map((c) => [c.label, c.files])).toEqual([
      ['/mmm-code-review', ['src/a.ts', 'src/b.ts']],
      ['/mmm-fix-test', ['src/a.ts']],
    ]);
  });

  it('keeps every agent call with prompt, response, tokens and cost', () => {
    ledger.recordEvents(makeRunEvents({ runId: 'run-1' }));
    const { agentCalls } = ledger.exportRun('run-1');
    expect(agentCalls).toHaveLength(2);
    expect(agentCalls[1]).toMatchObject({
      agent: 'claude',
      model: 'claude-sonnet-4-5',
      prompt: '/mmm-fix-test prompt 2',
      response: 'response 2',
      ok: true,
      sessionId: 'session-2',
      costUsd: 0.5,
      inputTokens: 200,
      role: 'on_failure',
      seq: 10,
    });
  });

  it('keeps the cost unknown when no agent reported one, though the run total says 0', () => {
    const events = makeRunEvents({ runId: 'run-1' }).map((e): MmmEvent => {
      if (e.type === 'agent.call') return { ...e, costUsd: undefined };
      return e.type === 'run.finished' ? { ...e, costUsd: 0 } : e;
    });
    ledger.recordEvents(events);
    expect(ledger.listRuns()[0]?.costUsd).toBeNull();
    expect(ledger.getRun('run-1').steps.every((s) => s.costUsd === null)).toBe(true);
  });

  it('records events that lost their undefined fields on the way (JSON from another process)', () => {
    const events = JSON.parse(JSON.stringify(makeRunEvents({ runId: 'run-1' }))) as MmmEvent[];
    ledger.recordEvents(events);
    expect(ledger.listRuns()[0]).toMatchObject({ status: 'done', session: null, arg: null });
    expect(ledger.eventsAfter('run-1')).toHaveLength(events.length);
  });

  it('shows an unfinished run as running with live step counts', () => {
    const events = makeRunEvents({ runId: 'run-1' });
    ledger.recordEvents(events.slice(0, 8));
    const [run] = ledger.listRuns();
    expect(run).toMatchObject({ status: 'running', finishedAt: null, commits: 1 });
    expect(run?.steps).toEqual({ ok: 1, failed: 1, skipped: 0 });
  });

  it('continues the sequence when a later writer records more events of the same run', () => {
    const events = makeRunEvents({ runId: 'run-1' });
    ledger.recordEvents(events.slice(0, 5));
    ledger.close();
    ledger = openLedger(root);
    ledger.recordEvents(events.slice(5));
    expect(ledger.eventsAfter('run-1').map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });
});

describe('outputs', () => {
  it('keeps small outputs inline with their hash', () => {
    ledger.recordEvents(makeRunEvents({ runId: 'run-1', testOutput: '3 failing' }));
    const rows = sql<{ content: string; path: string | null; sha256: string; size_bytes: number }>(
      "SELECT content, path, sha256, size_bytes FROM outputs WHERE label = 'npm test' ORDER BY id",
    );
    expect(rows[0]).toEqual({
      content: '3 failing',
      path: null,
      sha256: sha256('3 failing'),
      size_bytes: 9,
    });
  });

  it('writes an output over 64 KiB to .mmm/runs/<run>/ with its hash and size', () => {
    const big = 'x'.repeat(70 * 1024) + '\nend\n';
    ledger.recordEvents(makeRunEvents({ runId: 'run-1', testOutput: big }));
    const [row] = sql<{ content: string | null; path: string; sha256: string; size_bytes: number }>(
      "SELECT content, path, sha256, size_bytes FROM outputs WHERE label = 'npm test' ORDER BY id",
    );
    expect(row).toMatchObject({ content: null, sha256: sha256(big), size_bytes: big.length });
    expect(row?.path).toBe('.mmm/runs/run-1/i1-s1-step-a1.out');
    expect(readFileSync(join(root, row!.path), 'utf8')).toBe(big);
    // The event stream refers to the file instead of repeating the output.
    const finished = ledger.eventsAfter('run-1').find((e) => e.seq === 8)?.event;
    expect(finished).toMatchObject({ type: 'step.finished', outputFile: row?.path });
    expect(JSON.stringify(finished)).not.toContain('xxxxxxxx');
    const exported = ledger.exportRun('run-1').outputs.find((o) => o.path === row?.path);
    expect(exported?.content).toBe(big);
  });

  it('records an output the engine already spilled where it lies, with its hash', () => {
    const file = join(root, 'spilled.log');
    writeFileSync(file, 'spilled output\n');
    const events = makeRunEvents({ runId: 'run-1' }).map((e): MmmEvent =>
      e.type === 'step.finished' && e.stepId === 'test' && e.attempt === 1
        ? { ...e, output: undefined, outputFile: file, outputBytes: 15 }
        : e,
    );
    ledger.recordEvents(events);
    const [row] = sql<{ path: string; sha256: string; size_bytes: number }>(
      "SELECT path, sha256, size_bytes FROM outputs WHERE label = 'npm test' ORDER BY id",
    );
    expect(row).toEqual({
      path: 'spilled.log',
      sha256: sha256('spilled output\n'),
      size_bytes: 15,
    });
    expect(existsSync(join(root, '.mmm', 'runs'))).toBe(false);
  });
});

describe('artifacts', () => {
  it('records artifacts by path and hash, the latest hash winning', () => {
    ledger.recordEvents(makeRunEvents({ runId: 'run-1' }).slice(0, 1));
    ledger.recordArtifact('run-1', '.mmm/provenance/run-1.json', 'a'.repeat(64), 10);
    ledger.recordArtifact('run-1', '.mmm/provenance/run-1.json', 'b'.repeat(64), 12);
    ledger.recordArtifact('run-1', 'coverage/lcov.info', 'c'.repeat(64));
    expect(ledger.getRun('run-1').artifacts).toMatchObject([
      { path: '.mmm/provenance/run-1.json', sha256: 'b'.repeat(64), sizeBytes: 12 },
      { path: 'coverage/lcov.info', sha256: 'c'.repeat(64), sizeBytes: null },
    ]);
  });
});
