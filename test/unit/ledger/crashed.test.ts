import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findDeadRuns, markCrashed } from '../../../src/ledger/crashed.js';
import { openLedger } from '../../../src/ledger/index.js';
import { makeRunEvents } from '../../helpers/make-events.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmm-crashed-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('marking dead runs crashed', () => {
  it('marks a run once when two processes find it dead at the same moment', () => {
    const file = join(dir, 'mmm.db');
    const ledger = openLedger(file);
    ledger.recordEvents(makeRunEvents({ runId: 'r1' }).slice(0, 3));
    ledger.close();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const [a, b] = [new BetterSqlite3(file), new BetterSqlite3(file)];
    try {
      a.prepare('UPDATE runs SET pid = ?').run(gone);
      // Both look before either writes, as two mmm commands started together would.
      const seenByA = findDeadRuns(a);
      const seenByB = findDeadRuns(b);
      expect(seenByA.map((r) => r.runId)).toEqual(['r1']);
      expect(seenByB.map((r) => r.runId)).toEqual(['r1']);
      expect(markCrashed(a, seenByA)).toEqual(['r1']);
      expect(markCrashed(b, seenByB)).toEqual([]);
      const types = a
        .prepare('SELECT seq, type FROM events WHERE run_id = ? ORDER BY seq')
        .all('r1') as { seq: number; type: string }[];
      expect(types.map((t) => t.type)).toEqual([
        'run.started',
        'iteration.started',
        'step.started',
        'run.state',
      ]);
      expect(types.map((t) => t.seq)).toEqual([1, 2, 3, 4]);
      expect(a.prepare('SELECT status FROM runs').get()).toEqual({ status: 'crashed' });
    } finally {
      a.close();
      b.close();
    }
  });

  it('leaves a run whose process is alive, and one without a recorded process', () => {
    const file = join(dir, 'mmm.db');
    const ledger = openLedger(file);
    ledger.recordEvents(makeRunEvents({ runId: 'alive' }).slice(0, 3));
    ledger.recordEvents([{ ...makeRunEvents({ runId: 'no-pid' })[1]! }]);
    try {
      expect(ledger.markCrashedRuns()).toEqual([]);
      expect(ledger.listRuns().map((r) => [r.id, r.status])).toEqual([
        ['no-pid', 'running'],
        ['alive', 'running'],
      ]);
    } finally {
      ledger.close();
    }
  });
});
