// One lock per repository for in-place runs, merges and cleans, through the built bin: who waits,
// who is refused and told who holds the repository, and which locks are a dead process's.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';
import { startMmm } from '../helpers/bin.js';

const mmm = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  startMmm(args, cwd, { CI: '1', ...env }).done;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# locks\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}

/** A process that stays until the test ends it. */
function sleeper(): ChildProcess {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  cleanups.push(() => child.kill('SIGKILL'));
  return child;
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function startOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

async function waitFor(path: string): Promise<void> {
  for (let i = 0; i < 400 && !existsSync(path); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A completed session with one commit, and a commit of the user's on main after it. */
async function sessionToMerge(r: TempRepo): Promise<string> {
  const made = await mmm(['cook', 'sess.yml', '--worktree', '--quiet'], r.dir);
  expect(made.status).toBe(0);
  r.write('user.txt', 'mine\n');
  r.commitAll('user: more work');
  const ls = await mmm(['worktree', 'ls', '--json'], r.dir);
  return (JSON.parse(ls.stdout.split('\n')[0] ?? '') as { name: string }).name;
}

const onlyLinux = process.platform === 'linux' ? it : it.skip;

describe('the repository lock', () => {
  it('worktree merge waits for an in-place run, then exits 3 naming it; the branch is left to the run', async () => {
    const r = repo({
      'sess.yml': 'name: sess\nsteps:\n  - shell: echo s > s.txt\n',
      'slow.yml': 'name: slow\nsteps:\n  - shell: "echo a > a.txt; sleep 3; exit 1"\n',
    });
    const name = await sessionToMerge(r);
    const before = r.git('rev-parse', 'main');
    const run = startMmm(['cook', 'slow.yml'], r.dir, { CI: '1' });
    await waitFor(join(r.dir, 'a.txt'));
    const merge = await mmm(['worktree', 'merge', name], r.dir, { MMM_LOCK_WAIT: '0.5' });
    expect(merge.status).toBe(3);
    expect(merge.stderr).toContain('Waiting up to 0.5 s');
    expect(merge.stderr).toContain(
      `another mmm run is working in this repository: mmm cook slow.yml (pid ${run.child.pid} on ${hostname()}, since `,
    );
    // The run's failing step resets main to where it started: nothing of a merge is lost.
    expect((await run.done).status).toBe(1);
    expect(r.git('rev-parse', 'main')).toBe(before);
    const ls = await mmm(['worktree', 'ls', '--json'], r.dir);
    expect(ls.stdout).toContain('"status":"completed"');
    // Once the run is over, the merge goes through.
    const again = await mmm(['worktree', 'merge', name], r.dir);
    expect(again.status).toBe(0);
    expect(r.git('show', 'main:s.txt')).toBe('s');
  });

  it('two merge --all at once merge each session once and leave the index as it was', async () => {
    const r = repo({
      'a.yml': 'name: a\nsteps:\n  - shell: echo a > a.txt\n',
      'b.yml': 'name: b\nsteps:\n  - shell: echo b > b.txt\n',
      'c.yml': 'name: c\nsteps:\n  - shell: echo c > c.txt\n',
    });
    for (const pb of ['a.yml', 'b.yml', 'c.yml']) {
      expect((await mmm(['cook', pb, '--worktree', '--quiet'], r.dir)).status).toBe(0);
    }
    r.write('user.txt', 'mine\n');
    r.commitAll('user: more work');
    r.write('notes.txt', 'not committed\n');
    const [one, two] = await Promise.all([
      mmm(['worktree', 'merge', '--all'], r.dir),
      mmm(['worktree', 'merge', '--all'], r.dir),
    ]);
    expect([one.status, two.status]).toEqual([0, 0]);
    // Three merge commits in all, whoever made them; nothing staged, the user's file untouched.
    expect(r.git('log', '--merges', '--format=%s', 'main').split('\n')).toHaveLength(3);
    expect(r.git('status', '--porcelain')).toBe('?? notes.txt');
    for (const f of ['a.txt', 'b.txt', 'c.txt']) expect(existsSync(join(r.dir, f))).toBe(true);
  });

  onlyLinux(
    'an in-place run waits for a live holder and takes the lock when it is gone',
    async () => {
      const r = repo({ 'pb.yml': 'steps:\n  - shell: echo x > x.txt\n' });
      const holder = sleeper();
      const pid = holder.pid ?? 0;
      const lock = join(r.dir, '.git', 'mmm.lock');
      const since = new Date().toISOString();
      const mark = {
        pid,
        start: startOf(pid),
        host: hostname(),
        command: 'mmm worktree clean --all',
        since,
      };
      writeFileSync(lock, JSON.stringify(mark));
      const refused = await mmm(['cook', 'pb.yml'], r.dir, { MMM_LOCK_WAIT: '0.3' });
      expect(refused.status).toBe(3);
      expect(refused.stderr).toContain(
        `mmm worktree clean --all (pid ${pid} on ${hostname()}, since ${since})`,
      );
      expect(existsSync(join(r.dir, 'x.txt'))).toBe(false);

      const waiting = startMmm(['cook', 'pb.yml'], r.dir, { CI: '1', MMM_LOCK_WAIT: '30' });
      await new Promise<void>((resolve) =>
        waiting.child.stderr?.on('data', (d: Buffer) => {
          if (d.toString().includes('Waiting')) resolve();
        }),
      );
      holder.kill('SIGKILL');
      const ran = await waiting.done;
      expect(ran.status).toBe(0);
      expect(ran.stderr).toContain('Waiting up to 30 s');
      expect(r.git('show', 'HEAD~1:x.txt')).toBe('x');
      expect(existsSync(lock)).toBe(false);
    },
  );

  onlyLinux('a lock whose pid now belongs to another process is taken over at once', async () => {
    const r = repo({ 'pb.yml': 'steps:\n  - shell: echo x > x.txt\n' });
    // The pid is alive, but the process holding it started at another time than the holder did.
    const other = sleeper();
    const pid = other.pid ?? 0;
    const mark = { pid, start: startOf(pid) - 500, host: hostname(), command: 'mmm cook old.yml' };
    writeFileSync(join(r.dir, '.git', 'mmm.lock'), JSON.stringify({ ...mark, since: 'earlier' }));
    const result = await mmm(['cook', 'pb.yml'], r.dir, { MMM_LOCK_WAIT: '30' });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain('Waiting');
  });

  it('an empty lock file (a process killed as it made it) does not refuse the next run', async () => {
    const r = repo({ 'pb.yml': 'steps:\n  - shell: echo x > x.txt\n' });
    writeFileSync(join(r.dir, '.git', 'mmm.lock'), '');
    const started = Date.now();
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expect(result.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('worktree merge leaves alone a merge the user has in progress in the checkout (exit 3)', async () => {
    const r = repo({ 'sess.yml': 'name: sess\nsteps:\n  - shell: echo s > s.txt\n' });
    const name = await sessionToMerge(r);
    // The user's own merge, stopped before its commit, with nothing left to stage.
    r.git('branch', 'side');
    r.git('checkout', '-q', 'side');
    r.git('commit', '-q', '--allow-empty', '-m', 'side: empty');
    r.git('checkout', '-q', 'main');
    r.git('merge', '-q', '--no-ff', '--no-commit', 'side');
    const userMerge = r.git('rev-parse', 'MERGE_HEAD');
    const result = await mmm(['worktree', 'merge', name], r.dir);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('a merge is in progress in your checkout of main');
    expect(result.stderr).toContain('mmm did not start it');
    expect(r.git('rev-parse', 'MERGE_HEAD')).toBe(userMerge);
  });
});
