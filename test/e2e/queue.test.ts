// --map on a real queue: redis-server of the test's own, a bare repository as the remote,
// `mmm worker` processes as on other machines, and the coordinator `mmm cook --map --queue`.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { hasRedis, startRedis, type TestRedis } from '../helpers/redis.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

// Where redis-server is missing outside CI these tests skip; CI installs it (.ci/run), and there a
// missing one fails them.
const runMmm = (args: string[], cwd: string) => startMmm(args, cwd).done;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

/** A repository with `items` specs and a playbook whose one step sleeps, pushed to a bare remote. */
function setUp(items: number, sleep: number): { repo: TempRepo; remote: string; home: string } {
  const home = mkdtempSync(join(tmpdir(), 'mmm-queue-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  const remote = join(home, 'remote.git');
  execFileSync('git', ['init', '-q', '--bare', remote]);
  const files: Record<string, string> = {
    'pb.yml': `name: q\nsteps:\n  - shell: 'sleep ${String(sleep)}; mkdir -p out; echo "$ARG" > "out/$(basename "$ARG" .md).txt"'\n`,
  };
  for (let i = 1; i <= items; i++) files[`specs/s${String(i)}.md`] = `spec ${String(i)}\n`;
  const repo = makeTempRepo(files);
  cleanups.push(() => repo.cleanup());
  repo.git('remote', 'add', 'origin', remote);
  repo.git('push', '-q', 'origin', 'main');
  return { repo, remote, home };
}

function startWorker(redis: TestRedis, home: string, name: string, jobs: number, env = {}) {
  const worker = startMmm(['worker', '--queue', redis.url, '--jobs', String(jobs)], home, {
    MMM_HOME: join(home, name),
    ...env,
  });
  let said = '';
  worker.child.stderr.on('data', (d: Buffer) => (said += d.toString()));
  cleanups.push(async () => {
    if (worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGTERM');
      await worker.done;
    }
  });
  return { ...worker, said: () => said };
}

/** Resolves once `read()` matches `pattern`. */
async function until(read: () => string, pattern: RegExp, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pattern.test(read())) {
    if (Date.now() > end)
      throw new Error(`waited ${String(ms)} ms for ${String(pattern)}:\n${read()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Each item's file, and how many commits on main touched it. */
function commitsPerItem(repo: TempRepo, items: number): number[] {
  return Array.from(
    { length: items },
    (_, i) =>
      repo
        .git('log', '--format=%H', 'main', '--', `out/s${String(i + 1)}.txt`)
        .split('\n')
        .filter(Boolean).length,
  );
}

/** The branch the one job on the queue pushes to, read from the job's data in Redis. */
function branchOfOnlyJob(redis: TestRedis): string {
  const cli = (...args: string[]) =>
    execFileSync('redis-cli', ['-p', String(redis.port), ...args], { encoding: 'utf8' });
  for (const key of cli('--scan', '--pattern', 'bull:*').split('\n').filter(Boolean)) {
    if (cli('type', key).trim() !== 'hash') continue;
    const data = cli('hget', key, 'data').trim();
    if (!data.startsWith('{')) continue;
    const branch = (JSON.parse(data) as { branch?: unknown }).branch;
    if (typeof branch === 'string') return branch;
  }
  throw new Error('no job on the queue names a branch');
}

async function redisForTest(): Promise<TestRedis> {
  const redis = await startRedis();
  cleanups.push(() => redis.stop());
  return redis;
}

describe.skipIf(!hasRedis && !process.env.CI)('mmm cook --map --queue with mmm worker', () => {
  it('three workers, two jobs each, run 24 items; all are merged, each once', async () => {
    const redis = await redisForTest();
    const { repo, remote, home } = setUp(24, 1);
    const workers = ['w1', 'w2', 'w3'].map((w) => startWorker(redis, home, w, 2));
    const cook = await runMmm(
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', redis.url, '--yes'],
      repo.dir,
    );
    expect(cook.stderr).toMatch(/24 item\(s\) of pb.yml queued/);
    expect(cook.status).toBe(0);
    expect(cook.stdout.match(/completed/g)).toHaveLength(24);
    expect(commitsPerItem(repo, 24)).toEqual(Array.from({ length: 24 }, () => 1));
    // Every worker took some: the items were spread, not run by one.
    for (const w of workers) expect(w.said()).toMatch(/completed, \d+ commit/);
    const branches = execFileSync('git', ['branch', '--list', 'mmm/*'], {
      cwd: remote,
      encoding: 'utf8',
    });
    expect(branches.trim().split('\n')).toHaveLength(24);
    execFileSync('git', ['fsck', '--strict'], { cwd: repo.dir, stdio: 'pipe' });
    execFileSync('git', ['fsck', '--strict'], { cwd: remote, stdio: 'pipe' });
    const status = await runMmm(
      ['map', 'status', /Map (\w+)/.exec(cook.stderr)?.[1] ?? '?'],
      repo.dir,
    );
    expect(status.status).toBe(0);
    expect(status.stdout.match(/merged/g)).toHaveLength(24);
  }, 120_000);

  it('a worker killed mid-job: its job is run by another worker, nothing twice', async () => {
    const redis = await redisForTest();
    const { repo, home } = setUp(4, 2);
    const fast = { MMM_QUEUE_LOCK_MS: '2000', MMM_QUEUE_STALLED_MS: '1000' };
    const doomed = startWorker(redis, home, 'doomed', 1, fast);
    const cook = startMmm(
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', redis.url, '--yes'],
      repo.dir,
    );
    await until(doomed.said, /started/);
    doomed.child.kill('SIGKILL');
    const survivor = startWorker(redis, home, 'survivor', 2, fast);
    const done = await cook.done;
    expect(done.status).toBe(0);
    expect(survivor.said()).toMatch(/started \(try 2\)/);
    expect(commitsPerItem(repo, 4)).toEqual([1, 1, 1, 1]);
  }, 90_000);

  it('a push the remote refuses is a failure of the item, and its work stays in the worker', async () => {
    const redis = await redisForTest();
    const { repo, remote, home } = setUp(1, 0);
    const hook = join(remote, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "no mmm branches here" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const worker = startWorker(redis, home, 'w', 1);
    const cook = await runMmm(
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', redis.url, '--yes'],
      repo.dir,
    );
    expect(cook.status).not.toBe(0);
    expect(worker.said()).not.toMatch(/pushed mmm\//);
    expect(worker.said()).toContain('no mmm branches here');
    expect(commitsPerItem(repo, 1)).toEqual([0]);
    // The run's commit is kept on its session branch in the worker's clone.
    const clones = join(home, 'w', 'queue', 'repos');
    const [clone] = readdirSync(clones).filter((name) => !name.endsWith('.lock'));
    const kept = execFileSync(
      'git',
      ['log', '--branches=mmm/*', '--format=%H', '--', 'out/s1.txt'],
      { cwd: join(clones, clone ?? '?'), encoding: 'utf8' },
    );
    expect(kept.trim()).not.toBe('');
  }, 90_000);

  it('a retried job runs its item when the branch of its name holds no outcome of an earlier try', async () => {
    const redis = await redisForTest();
    const { repo, remote, home } = setUp(1, 3);
    const fast = { MMM_QUEUE_LOCK_MS: '2000', MMM_QUEUE_STALLED_MS: '1000' };
    const doomed = startWorker(redis, home, 'doomed', 1, fast);
    const cook = startMmm(
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', redis.url, '--yes'],
      repo.dir,
    );
    await until(doomed.said, /started/);
    doomed.child.kill('SIGKILL');
    // Someone else's commit under the branch name the job pushes to.
    const other = makeTempRepo({ 'foreign.txt': 'not the item\n' });
    cleanups.push(() => other.cleanup());
    const names = execFileSync('git', ['ls-remote', remote], { encoding: 'utf8' });
    expect(names).not.toMatch(/refs\/heads\/mmm\//);
    const queued = branchOfOnlyJob(redis);
    other.git('push', '-q', remote, `HEAD:refs/heads/${queued}`);
    startWorker(redis, home, 'survivor', 1, fast);
    const done = await cook.done;
    expect(done.status).toBe(0);
    expect(commitsPerItem(repo, 1)).toEqual([1]);
    expect(existsSync(join(repo.dir, 'foreign.txt'))).toBe(false);
  }, 90_000);

  it('SIGTERM to a worker gives its item back; another worker runs it', async () => {
    const redis = await redisForTest();
    const { repo, home } = setUp(1, 2);
    const first = startWorker(redis, home, 'first', 1);
    const cook = startMmm(
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', redis.url, '--yes'],
      repo.dir,
    );
    await until(first.said, /started/);
    first.child.kill('SIGTERM');
    const ended = await first.done;
    expect(ended.status).toBe(143);
    expect(first.said()).toMatch(/given back to the queue/);
    const second = startWorker(redis, home, 'second', 1);
    const done = await cook.done;
    expect(done.status).toBe(0);
    expect(second.said()).toMatch(/completed/);
    expect(commitsPerItem(repo, 1)).toEqual([1]);
  }, 60_000);

  it('Redis killed and started again: workers and the coordinator reconnect, nothing is lost', async () => {
    const redis = await redisForTest();
    const { repo, home } = setUp(4, 2);
    const worker = startWorker(redis, home, 'w1', 2);
    const cook = startMmm(
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', redis.url, '--yes'],
      repo.dir,
    );
    await until(worker.said, /started/);
    await redis.kill();
    await new Promise((r) => setTimeout(r, 1000));
    await redis.restart();
    const done = await cook.done;
    expect(done.status).toBe(0);
    expect(commitsPerItem(repo, 4)).toEqual([1, 1, 1, 1]);
  }, 90_000);

  it('the coordinator killed: mmm map wait records and merges what the workers pushed', async () => {
    const redis = await redisForTest();
    const { repo, home } = setUp(3, 1);
    const cook = startMmm(
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', redis.url, '--yes'],
      repo.dir,
    );
    let said = '';
    cook.child.stderr.on('data', (d: Buffer) => (said += d.toString()));
    await until(() => said, /waiting for 3 job/);
    cook.child.kill('SIGKILL');
    await cook.done;
    startWorker(redis, home, 'w1', 3);
    const id = /Map (\w+)/.exec(said)?.[1] ?? '?';
    const wait = await runMmm(['map', 'wait', id], repo.dir);
    expect(wait.status).toBe(0);
    expect(wait.stdout.match(/completed/g)).toHaveLength(3);
    expect(commitsPerItem(repo, 3)).toEqual([1, 1, 1]);
    const status = await runMmm(['map', 'status', id], repo.dir);
    expect(status.stdout.match(/merged/g)).toHaveLength(3);
  }, 60_000);

  it('an item whose step fails: what the step left uncommitted comes back on its saved ref', async () => {
    const redis = await redisForTest();
    const { repo, home } = setUp(1, 0);
    writeFileSync(
      join(repo.dir, 'fail.yml'),
      "name: f\nsteps:\n  - shell: 'echo half-done > notes.txt; exit 1'\n",
    );
    repo.git('add', 'fail.yml');
    repo.git('commit', '-qm', 'a failing playbook');
    repo.git('push', '-q', 'origin', 'main');
    startWorker(redis, home, 'w1', 1);
    const cook = await runMmm(
      ['cook', 'fail.yml', '--map', 'specs/*.md', '--queue', redis.url],
      repo.dir,
    );
    expect(cook.status).not.toBe(0);
    const saved = repo
      .git('for-each-ref', '--format=%(refname)', 'refs/mmm/')
      .split('\n')
      .filter((ref) => /\/failed-\d+$/.test(ref));
    expect(saved).toHaveLength(1);
    expect(repo.git('show', `${saved[0] ?? ''}:notes.txt`).trim()).toBe('half-done');
    expect(cook.stderr).toContain(`left uncommitted is saved on ${saved[0] ?? ''}`);
  }, 60_000);

  it('a queued item that conflicts: the message names its branch, not a worktree of this machine', async () => {
    const redis = await redisForTest();
    const { repo, home } = setUp(1, 0);
    const cook = startMmm(
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', redis.url, '--yes'],
      repo.dir,
    );
    let said = '';
    cook.child.stderr.on('data', (d: Buffer) => (said += d.toString()));
    await until(() => said, /waiting for 1 job/);
    // main moves on with a file of the same name as the item's, once the item is queued.
    repo.write('out/s1.txt', 'mine\n');
    repo.git('add', 'out/s1.txt');
    repo.git('commit', '-qm', 'a file of my own');
    startWorker(redis, home, 'w1', 1);
    const done = await cook.done;
    expect(done.status).toBe(4);
    expect(said).toMatch(/Conflict merging/);
    expect(said).toMatch(/the session is kept as its branch mmm\/\S+ \(it ran on /);
    expect(said).not.toContain(join(home, 'worktrees'));
  }, 60_000);

  it('a remote that refuses the saved refs still takes the branch; the coordinator says where they stay', async () => {
    const redis = await redisForTest();
    const { repo, home, remote } = setUp(1, 0);
    writeFileSync(
      join(repo.dir, 'half.yml'),
      "name: h\nsteps:\n  - shell: 'echo done > done.txt'\n  - shell: 'echo half-done > notes.txt; exit 1'\n",
    );
    repo.git('add', 'half.yml');
    repo.git('commit', '-qm', 'a playbook whose second step fails');
    repo.git('push', '-q', 'origin', 'main');
    // The remote refuses every ref under refs/mmm/ but the outcome refs mmm pushes with a branch.
    const hook = join(remote, 'hooks', 'pre-receive');
    writeFileSync(
      hook,
      '#!/bin/sh\nwhile read old new ref; do case "$ref" in refs/mmm/results/*) ;; refs/mmm/*) echo "saved work is not taken here" >&2; exit 1;; esac; done\n',
    );
    chmodSync(hook, 0o755);
    startWorker(redis, home, 'w1', 1);
    const cook = await runMmm(
      ['cook', 'half.yml', '--map', 'specs/*.md', '--queue', redis.url],
      repo.dir,
    );
    expect(cook.stderr).toMatch(/\[1\/1\] specs\/s1\.md: failed, \d+ commit/);
    expect(cook.stderr).toMatch(
      /warning: the remote refused refs\/mmm\/\S+: .*saved work is not taken here/,
    );
    const [branch] = repo.git('branch', '--list', '--format=%(refname:short)', 'mmm/*').split('\n');
    expect(repo.git('show', `${branch ?? ''}:done.txt`).trim()).toBe('done');
  }, 60_000);

  it('a merge refused for an edited checkout: mmm map wait merges once it is clean', async () => {
    const redis = await redisForTest();
    const { repo, home } = setUp(2, 0);
    startWorker(redis, home, 'w1', 2);
    writeFileSync(join(repo.dir, 'specs', 's1.md'), 'an edit of my own\n');
    const cook = await runMmm(
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', redis.url, '--yes'],
      repo.dir,
    );
    expect(cook.status).not.toBe(0);
    const id = /Continue it with: mmm map wait (\w+)/.exec(cook.stderr)?.[1];
    expect(id).toBeDefined();
    expect(commitsPerItem(repo, 2)).toEqual([0, 0]);
    repo.git('checkout', '--', 'specs/s1.md');
    const wait = await runMmm(['map', 'wait', id ?? '?'], repo.dir);
    expect(wait.status).toBe(0);
    expect(wait.stderr).not.toMatch(/Continue it with/);
    expect(commitsPerItem(repo, 2)).toEqual([1, 1]);
    const status = await runMmm(['map', 'status', id ?? '?'], repo.dir);
    expect(status.stdout.match(/merged/g)).toHaveLength(2);
  }, 60_000);

  it('mmm map cancel removes the queued items; the coordinator ends with them cancelled', async () => {
    const redis = await redisForTest();
    const { repo, remote } = setUp(3, 1);
    // The remote named by its URL, not by a remote of the repository's.
    repo.git('remote', 'remove', 'origin');
    const cook = startMmm(
      ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', redis.url, '--remote', remote],
      repo.dir,
    );
    let said = '';
    cook.child.stderr.on('data', (d: Buffer) => (said += d.toString()));
    await until(() => said, /waiting for 3 job/);
    expect(said).toContain(`on ${remote}`);
    const id = /Map (\w+)/.exec(said)?.[1] ?? '?';
    const cancel = await runMmm(['map', 'cancel', id.slice(0, 10)], repo.dir);
    expect(cancel.stderr).toMatch(/3 queued item\(s\) removed/);
    const done = await cook.done;
    expect(done.status).toBe(4);
    expect(done.stdout.match(/cancelled/g)).toHaveLength(3);
  }, 60_000);
});

describe.skipIf(!hasRedis && !process.env.CI)(
  'mmm cook --queue refuses bad input, changing nothing',
  () => {
    const branches = (repo: TempRepo) => repo.git('branch', '--list');

    it('a URL that is not redis:// is a usage error (2)', async () => {
      const { repo } = setUp(1, 0);
      const done = await runMmm(
        ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', 'http://x'],
        repo.dir,
      );
      expect(done.status).toBe(2);
      expect(done.stderr).toMatch(/--queue must be a redis:\/\/ URL/);
    });

    it('--queue without --map is a usage error (2)', async () => {
      const { repo } = setUp(1, 0);
      const done = await runMmm(['cook', 'pb.yml', '--queue', 'redis://127.0.0.1:1'], repo.dir);
      expect(done.status).toBe(2);
      expect(done.stderr).toMatch(/add --map/);
    });

    it('no Redis at the URL: exit 3, naming it', async () => {
      const { repo } = setUp(1, 0);
      const before = branches(repo);
      const done = await runMmm(
        ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', 'redis://127.0.0.1:1'],
        repo.dir,
      );
      expect(done.status).toBe(3);
      expect(done.stderr).toMatch(/no Redis answers at redis:\/\/127.0.0.1:1/);
      expect(branches(repo)).toBe(before);
    });

    it('a Redis that answers and refuses (a database it does not have): exit 3, saying so', async () => {
      const redis = await redisForTest();
      const { repo } = setUp(1, 0);
      const done = await runMmm(
        ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', `${redis.url}/99`],
        repo.dir,
      );
      expect(done.status).toBe(3);
      expect(done.stderr).toMatch(/refused the connection: .*DB index is out of range/);
      expect(done.stderr).not.toContain('no Redis answers');
    });

    it('a commit not pushed: exit 3, saying to push it', async () => {
      const redis = await redisForTest();
      const { repo } = setUp(1, 0);
      repo.write('new.txt', 'x\n');
      repo.commitAll('not pushed');
      const done = await runMmm(
        ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', redis.url],
        repo.dir,
      );
      expect(done.status).toBe(3);
      expect(done.stderr).toMatch(/is not on the remote origin/);
      expect(done.stderr).toMatch(/git push origin main/);
    });

    it('no remote: exit 3, saying how to add one', async () => {
      const redis = await redisForTest();
      const { repo } = setUp(1, 0);
      repo.git('remote', 'remove', 'origin');
      const done = await runMmm(
        ['cook', 'pb.yml', '--map', 'specs/*.md', '--queue', redis.url],
        repo.dir,
      );
      expect(done.status).toBe(3);
      expect(done.stderr).toMatch(/no remote origin/);
      expect(done.stderr).toMatch(/--remote/);
    });

    it('mmm worker with no Redis at the URL: exit 3', async () => {
      const { home } = setUp(1, 0);
      const done = await runMmm(['worker', '--queue', 'redis://127.0.0.1:1'], home);
      expect(done.status).toBe(3);
      expect(done.stderr).toMatch(/no Redis answers/);
    });
  },
);
