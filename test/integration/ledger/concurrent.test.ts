// Several mmm processes (as in parallel worktree sessions) write to one repository's ledger at
// once: every event of every run must be there, in order.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MmmEvent } from '../../../src/events.js';
import { packageRoot } from '../../../src/infra/package.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { makeRunEvents } from '../../helpers/make-events.js';

const run = promisify(execFile);
const dist = join(packageRoot, 'dist');
const script = join(packageRoot, 'test/fixtures/ledger/write-run.mjs');
const WRITERS = 6;
const EXTRA_CALLS = 150;

let repo: TempRepo;
let scratch: string;

beforeAll(() => {
  // test/global-setup.ts has built dist/.
  expect(existsSync(join(dist, 'ledger/index.js'))).toBe(true);
  repo = makeTempRepo();
  scratch = mkdtempSync(join(tmpdir(), 'mmm-writers-'));
}, 120_000);
afterAll(() => {
  repo.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** A run with many agent calls, so each writer makes many small transactions. */
function bigRun(runId: string, session: string): MmmEvent[] {
  const events = makeRunEvents({ runId, session });
  const call = events.find((e) => e.type === 'agent.call')!;
  const extra = Array.from({ length: EXTRA_CALLS }, (_, i) => ({ ...call, prompt: `extra ${i}` }));
  return [...events.slice(0, -1), ...extra, events.at(-1)!];
}

describe('concurrent writers', () => {
  it('keeps every event of every run when several processes write at once', async () => {
    const runs = Array.from({ length: WRITERS }, (_, i) => `run-${i}`);
    const cwds = runs.map((id, i) => {
      if (i % 2 === 0) return repo.dir;
      // Half the writers run in linked worktrees, as worktree sessions do.
      const wt = join(scratch, `wt-${i}`);
      repo.git('worktree', 'add', '-q', '-b', `mmm/${id}`, wt);
      return wt;
    });
    const files = runs.map((id, i) => {
      const file = join(scratch, `${id}.json`);
      writeFileSync(file, JSON.stringify(bigRun(id, `s${i}`)));
      return file;
    });
    // The database does not exist yet: the writers race to create and migrate it too.
    expect(existsSync(join(repo.dir, '.mmm'))).toBe(false);
    await Promise.all(
      runs.map((_, i) => run(process.execPath, [script, dist, cwds[i]!, files[i]!])),
    );

    const db = new BetterSqlite3(join(repo.dir, '.mmm', 'mmm.db'), { readonly: true });
    try {
      const perRun = db
        .prepare(
          `SELECT r.id, r.status, count(e.seq) AS events, min(e.seq) AS first, max(e.seq) AS last,
           (SELECT count(*) FROM agent_calls a WHERE a.run_id = r.id) AS calls
           FROM runs r JOIN events e ON e.run_id = r.id GROUP BY r.id ORDER BY r.id`,
        )
        .all();
      const expected = makeRunEvents({ runId: 'x' }).length + EXTRA_CALLS;
      expect(perRun).toEqual(
        runs.map((id) => ({
          id,
          status: 'done',
          events: expected,
          first: 1,
          last: expected,
          calls: 2 + EXTRA_CALLS,
        })),
      );
    } finally {
      db.close();
    }
    // Worktree writers found the main repository's ledger, and nothing shows in git status.
    for (const cwd of cwds) expect(existsSync(join(cwd, '.mmm')) === (cwd === repo.dir)).toBe(true);
    expect(repo.git('status', '--porcelain')).toBe('');
  });
});
