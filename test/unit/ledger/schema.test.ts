import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MmmError } from '../../../src/errors.js';
import { openLedger, SCHEMA_VERSION } from '../../../src/ledger/index.js';
import { makeRunEvents } from '../../helpers/make-events.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmm-schema-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const userVersion = (file: string) => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true });
  } finally {
    db.close();
  }
};

describe('schema versions', () => {
  it('creates every table on an empty database and stamps the version', () => {
    const file = join(dir, 'mmm.db');
    openLedger(file).close();
    expect(userVersion(file)).toBe(SCHEMA_VERSION);
    const db = new BetterSqlite3(file, { readonly: true });
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    db.close();
    expect(tables.sort()).toEqual([
      'agent_calls',
      'artifacts',
      'attempts',
      'commits',
      'events',
      'gates',
      'iterations',
      'map_items',
      'maps',
      'outputs',
      'policy_violations',
      'runs',
      'steps',
    ]);
  });

  it('reopens an up-to-date database without touching its data', () => {
    const file = join(dir, 'mmm.db');
    const first = openLedger(file);
    first.recordEvents(makeRunEvents({ runId: 'r1' }));
    first.close();
    const again = openLedger(file);
    expect(again.listRuns().map((r) => r.id)).toEqual(['r1']);
    again.close();
  });

  it('migrates a database left at version 0 when opened for reading', () => {
    const file = join(dir, 'mmm.db');
    new BetterSqlite3(file).close();
    const reader = openLedger(file, { readonly: true });
    expect(reader.listRuns()).toEqual([]);
    reader.close();
    expect(userVersion(file)).toBe(SCHEMA_VERSION);
  });

  it('refuses a database written by a newer mmm, saying so', () => {
    const file = join(dir, 'mmm.db');
    const db = new BetterSqlite3(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    for (const readonly of [false, true]) {
      let caught: unknown;
      try {
        openLedger(file, { readonly });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(MmmError);
      expect((caught as MmmError).message).toContain(
        `this database was written by a newer mmm (schema ${SCHEMA_VERSION + 1}); upgrade mmm`,
      );
      expect((caught as MmmError).exitCode).toBe(3);
    }
    expect(userVersion(file)).toBe(SCHEMA_VERSION + 1);
  });

  it('reports a file that is not a database as a user error, not a crash', () => {
    const file = join(dir, 'mmm.db');
    writeFileSync(file, 'this is not sqlite at all, just some text that is long enough'.repeat(20));
    expect(() => openLedger(file, { readonly: true })).toThrow(/not a readable mmm database/);
  });

  it('never creates the database when opening for reading', () => {
    const root = join(dir, 'repo');
    mkdirSync(root);
    expect(() => openLedger(root, { readonly: true })).toThrow(/no runs recorded yet/);
    expect(existsSync(join(root, '.mmm'))).toBe(false);
  });

  it('refuses writes through a read-only ledger', () => {
    const file = join(dir, 'mmm.db');
    openLedger(file).close();
    const reader = openLedger(file, { readonly: true });
    expect(() => reader.recordEvents(makeRunEvents({ runId: 'r1' }))).toThrow(/read-only/);
    reader.close();
  });

  it('moves the runs of a database written before run states onto the states, crashed included', () => {
    const file = join(dir, 'mmm.db');
    const old = new BetterSqlite3(file);
    old.exec(
      readFileSync(join(import.meta.dirname, '../../fixtures/ledger/schema-v2.sql'), 'utf8'),
    );
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const run = old.prepare(
      `INSERT INTO runs (id, status, reason, started_at, pid, host)
       VALUES (?, ?, ?, '2025-03-01T10:00:00.000Z', ?, ?)`,
    );
    run.run('r-completed', 'completed', 'max_iterations', process.pid, hostname());
    run.run('r-failed', 'failed', 'step_failed', process.pid, hostname());
    run.run('r-budget', 'stopped', 'budget', process.pid, hostname());
    run.run('r-signal', 'interrupted', 'interrupted', process.pid, hostname());
    run.run('r-alive', 'running', null, process.pid, hostname());
    run.run('r-elsewhere', 'running', null, gone, 'another-machine');
    run.run('r-dead', 'running', null, gone, hostname());
    old
      .prepare(
        `INSERT INTO events (run_id, seq, type, at, data)
         VALUES ('r-dead', 1, 'run.started', '2025-03-01T10:00:00.000Z', '{}')`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO attempts (run_id, iteration, step_index, role, attempt, step_id, label, kind,
         status, head_before, started_at)
         VALUES ('r-dead', 1, 1, 'step', 2, 'test', 'npm test', 'shell', 'running', ?,
         '2025-03-01T10:00:01.000Z')`,
      )
      .run('b'.repeat(40));
    old.close();
    expect(userVersion(file)).toBe(2);

    const reader = openLedger(file, { readonly: true });
    try {
      const states = Object.fromEntries(reader.listRuns().map((r) => [r.id, r.status]));
      expect(states).toEqual({
        'r-completed': 'done',
        'r-failed': 'failed',
        'r-budget': 'stopped',
        'r-signal': 'interrupted',
        'r-alive': 'running',
        'r-elsewhere': 'running',
        'r-dead': 'crashed',
      });
      expect(reader.getRun('r-dead').run.inFlight).toEqual({
        iteration: 1,
        stepIndex: 1,
        stepId: 'test',
        label: 'npm test',
        kind: 'shell',
        role: 'step',
        attempt: 2,
      });
      expect(reader.eventsAfter('r-dead', 1)).toMatchObject([
        { seq: 2, event: { type: 'run.state', state: 'crashed', reason: 'process_gone' } },
      ]);
    } finally {
      reader.close();
    }
    expect(userVersion(file)).toBe(SCHEMA_VERSION);
  });
});
