// Guard 8, the queue: `mmm cook --map --queue` of 24 items whose agent sleeps 1 s, run by three
// `mmm worker --jobs 2` processes (six at a time, as on three machines), beside the local
// `mmm cook --map --jobs 6` of the same items. The workers start (and clone) before the timing,
// as long-lived workers do; the coordinator is timed from its start to its exit.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchEnv, bin, git, makeRepo, median, scratchDir, timeMmm } from './env.mjs';
import { writeSleepyAgent } from './worktree.mjs';

const ITEMS = 24;
const WORKERS = 3;
const JOBS = 2;
const RUNS = 3;
const TARGET_S = 5.0;

/** A redis-server of the bench's own on a free port, without persistence. */
function startRedis() {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 50; i++) {
    const ping = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    if (ping.stdout.trim() === 'PONG') return { port, stop: () => child.kill('SIGKILL') };
    spawnSync('sleep', ['0.1']);
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not answer');
}

export const queueWallTime = {
  name: '--map --queue wall time',
  async run() {
    if (spawnSync('redis-server', ['--version']).status !== 0) {
      return { figure: this.name, pass: false, note: 'redis-server is not installed' };
    }
    const scratch = scratchDir('queue');
    const redis = startRedis();
    const workers = [];
    try {
      const agent = writeSleepyAgent(scratch);
      const tree = { 'play.yml': 'name: bench-queue\nsteps:\n  - claude: "work on ${item}"\n' };
      for (let i = 1; i <= ITEMS; i++) tree[`specs/${i}-item.md`] = `spec ${i}\n`;
      const env = { ...benchEnv, MMM_CLAUDE_BIN: agent };
      const url = `redis://127.0.0.1:${redis.port}`;
      for (let w = 0; w < WORKERS; w++) {
        workers.push(
          spawn(process.execPath, [bin, 'worker', '--queue', url, '--jobs', String(JOBS)], {
            env: { ...env, MMM_HOME: join(scratch, `worker-${w}`) },
            stdio: 'ignore',
          }),
        );
      }
      let n = 0;
      const newRepo = () => {
        const dir = join(scratch, `run-${n++}`);
        git(scratch, 'init', '-q', '--bare', `${dir}.git`);
        const repo = makeRepo(dir, tree);
        git(repo, 'remote', 'add', 'origin', `${dir}.git`);
        git(repo, 'push', '-q', 'origin', 'main');
        return repo;
      };
      const args = ['cook', 'play.yml', '--map', 'specs/*.md', '--quiet'];
      // A first map warms the workers (their clones, their first fetch); it is not timed.
      timeMmm([...args, '--queue', url], { cwd: newRepo(), env });
      const queued = [];
      const local = [];
      for (let i = 0; i < RUNS; i++) {
        const repo = newRepo();
        queued.push(timeMmm([...args, '--queue', url], { cwd: repo, env }) / 1000);
        const made = git(repo, 'branch', '--list', 'mmm/*').split('\n').filter(Boolean).length;
        if (made !== ITEMS)
          throw new Error(`the queued map fetched ${made} branches, expected ${ITEMS}`);
        local.push(
          timeMmm([...args, '--jobs', String(WORKERS * JOBS)], { cwd: newRepo(), env }) / 1000,
        );
      }
      const value = median(queued);
      const baseline = median(local);
      const slots = WORKERS * JOBS;
      const overheadMs = ((value - baseline) * 1000 * slots) / ITEMS;
      return {
        figure: `--map --queue: ${ITEMS} items, ${WORKERS} workers x --jobs ${JOBS}, agent sleeps 1 s: wall time (median of ${RUNS})`,
        value,
        baseline,
        baselineName: `local --map --jobs ${slots}`,
        unit: 's',
        target: `<= ${TARGET_S} s`,
        pass: value <= TARGET_S,
        note: `the whole \`mmm cook play.yml --map "specs/*.md" --queue ${'redis://…'} --quiet\` (enqueue, the workers' fetch, session, agent call, commit and push per item, the coordinator's fetch of every branch) on one machine of 2 cores shared by the coordinator, the workers and redis-server; the floor is ${Math.ceil(ITEMS / slots)} s of sleep. The queue's own overhead per job, (queued - local) x ${slots} slots / ${ITEMS} items: ${overheadMs.toFixed(0)} ms`,
      };
    } finally {
      for (const worker of workers) worker.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      redis.stop();
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
