// Guard 7: `mmm ui` renders the first page of a ledger of 10,000 runs in under 300 ms. One real
// run of a three-step shell playbook is recorded, then copied in the database to 10,000 runs (with
// their steps), in a mix of states. `mmm ui --no-open` is started from the built bin; the figure is
// the time of the first request for the runs page (the ledger opened and read, the page written),
// measured from this process; the median of five more is in the note.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { benchEnv, bin, makeRepo, median, root, scratchDir, timeMmm } from './env.mjs';

const RUNS = 10_000;
const TARGET_MS = 300;
const STATES = ['done', 'done', 'done', 'failed', 'stopped', 'interrupted', 'paused'];

export function fillLedger(dir) {
  const Database = createRequire(join(root, 'package.json'))('better-sqlite3');
  const db = new Database(join(dir, '.mmm', 'mmm.db'));
  try {
    const run = db.prepare('SELECT * FROM runs').get();
    const steps = db.prepare('SELECT * FROM steps WHERE run_id = ?').all(run.id);
    const insert = (table, row) => {
      const keys = Object.keys(row);
      return db.prepare(
        `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
      );
    };
    const runInsert = insert('runs', run);
    const stepInsert = steps.length ? insert('steps', steps[0]) : undefined;
    const start = Date.parse(run.started_at);
    db.transaction(() => {
      for (let i = 1; i < RUNS; i++) {
        const id = `${run.id.slice(0, 6)}${i.toString(16).padStart(10, '0')}`;
        const status = STATES[i % STATES.length];
        runInsert.run(
          ...Object.values({
            ...run,
            id,
            status,
            playbook: `pb-${i % 12}.yml`,
            started_at: new Date(start - i * 60_000).toISOString(),
            // A run paused at a gate, as mmm leaves one: its process has ended.
            state_reason: status === 'paused' ? 'approval' : run.state_reason,
            finished_at: status === 'paused' ? null : run.finished_at,
          }),
        );
        for (const step of steps) stepInsert?.run(...Object.values({ ...step, run_id: id }));
      }
    })();
  } finally {
    db.close();
  }
}

async function serve(dir) {
  const child = spawn(process.execPath, [bin, 'ui', '--no-open'], { cwd: dir, env: benchEnv });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /http:\S+/.exec(out);
      if (m) resolve(m[0]);
    });
    child.on('exit', (code) => reject(new Error(`mmm ui exited ${code}`)));
  });
  return { child, url };
}

async function timed(url, cookie) {
  const t0 = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  const text = await response.text();
  const ms = performance.now() - t0;
  if (response.status !== 200 || !text.includes('id="runs"')) {
    throw new Error(`the runs page answered ${response.status}`);
  }
  return ms;
}

export const uiFirstPage = {
  name: 'mmm ui: first page of 10,000 runs',
  async run() {
    const dir = makeRepo(scratchDir('ui'), {
      'pb.yml':
        'name: pb\nsteps:\n  - shell: echo a > a.txt\n  - shell: echo b > b.txt\n  - shell: "true"\n',
    });
    timeMmm(['cook', 'pb.yml', '--quiet'], { cwd: dir });
    fillLedger(dir);
    const { child, url } = await serve(dir);
    try {
      const first = await fetch(url, { redirect: 'manual' });
      const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
      const page = new URL('/', url).href;
      const ms = await timed(page, cookie);
      const warm = [];
      for (let i = 0; i < 5; i++) warm.push(await timed(page, cookie));
      return {
        figure: 'mmm ui: runs page, 10,000 runs',
        value: ms,
        unit: 'ms',
        target: `< ${TARGET_MS} ms`,
        pass: ms < TARGET_MS,
        note: `first request ${ms.toFixed(0)} ms (ledger opened, 50 runs of ${RUNS} listed, paused first); the next five: median ${median(warm).toFixed(0)} ms`,
      };
    } finally {
      child.kill('SIGINT');
    }
  },
};
