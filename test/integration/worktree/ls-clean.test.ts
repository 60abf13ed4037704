import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readSession, updateSession } from '../../../src/sessions/store.js';
import { poolDir } from '../../../src/sessions/pool.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { branches, commitFile, makeSession, runMmm, storeFor } from '../../helpers/worktree.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe('mmm worktree ls', () => {
  it('lists name, status, branch, commits ahead, base, playbook and age', async () => {
    repo = makeTempRepo();
    const a = await makeSession(repo.dir, 'completed', 'alpha');
    const b = await makeSession(repo.dir, 'failed', 'beta');
    commitFile(a.worktreePath, 'one.txt', '1\n', 'one');
    commitFile(a.worktreePath, 'two.txt', '2\n', 'two');

    const run = await runMmm(repo.dir, ['worktree', 'ls']);

    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SESSION\s+STATUS\s+BRANCH\s+AHEAD\s+BASE\s+PLAYBOOK\s+AGE$/);
    const rowA = lines.find((l) => l.startsWith(a.name))!;
    expect(rowA.split(/\s+/)).toEqual([
      a.name,
      'completed',
      a.branch,
      '2',
      'main',
      'alpha.yml',
      expect.stringMatching(/^\d+s$/),
    ]);
    const rowB = lines.find((l) => l.startsWith(b.name))!;
    expect(rowB.split(/\s+/).slice(1, 5)).toEqual(['failed', b.branch, '0', 'main']);
  });

  it('--json prints one object per session', async () => {
    repo = makeTempRepo();
    const a = await makeSession(repo.dir, 'interrupted');
    commitFile(a.worktreePath, 'one.txt', '1\n', 'one');

    const run = await runMmm(repo.dir, ['worktree', 'ls', '--json']);

    expect(run.code).toBe(0);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      name: a.name,
      status: 'interrupted',
      branch: a.branch,
      ahead: 1,
      baseBranch: 'main',
      baseCommit: a.baseCommit,
      playbook: 'fixture.yml',
      worktree: a.worktreePath,
    });
  });

  it('says when there are no sessions', async () => {
    repo = makeTempRepo();
    const run = await runMmm(repo.dir, ['worktree', 'ls']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('No worktree sessions');
  });

  it('shows a session whose worktree directory vanished as missing, and cleans it', async () => {
    repo = makeTempRepo();
    const a = await makeSession(repo.dir, 'merged');
    rmSync(a.worktreePath, { recursive: true, force: true });

    const ls = await runMmm(repo.dir, ['worktree', 'ls', '--json']);
    expect(JSON.parse(ls.stdout.trim())).toMatchObject({ name: a.name, status: 'missing' });
    expect(repo.git('worktree', 'list')).not.toContain(a.name);

    const clean = await runMmm(repo.dir, ['worktree', 'clean', a.name]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('worktree was already gone');
    expect(branches(repo.dir)).toEqual(['main']);
    expect((await readSession(storeFor(repo.dir), a.name))?.status).toBe('cleaned');
  });
});

describe('mmm worktree clean', () => {
  it('refuses a session with unmerged commits (exit 3) unless --force', async () => {
    repo = makeTempRepo();
    const a = await makeSession(repo.dir);
    const tip = commitFile(a.worktreePath, 'one.txt', '1\n', 'one');

    const refused = await runMmm(repo.dir, ['worktree', 'clean', a.name]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('1 commit(s) not merged into main');
    expect(existsSync(a.worktreePath)).toBe(true);
    expect(branches(repo.dir)).toContain(a.branch);

    const forced = await runMmm(repo.dir, ['worktree', 'clean', a.name, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`was ${tip.slice(0, 7)}, 1 unmerged commit(s)`);
    expect(existsSync(a.worktreePath)).toBe(false);
    expect(branches(repo.dir)).toEqual(['main']);
  });

  it('deletes exactly the session branch; branches named like it survive', async () => {
    repo = makeTempRepo();
    const a = await makeSession(repo.dir, 'merged');
    const lookalikes = [`${a.branch}-2`, `${a.branch}x`, a.name, `mmm/${a.name.slice(0, -1)}`];
    for (const name of lookalikes) repo.git('branch', name);

    const run = await runMmm(repo.dir, ['worktree', 'clean', a.name]);

    expect(run.code).toBe(0);
    expect(existsSync(a.worktreePath)).toBe(false);
    expect(branches(repo.dir)).toEqual(['main', ...lookalikes].sort());
    // Its worktree went back to the pool, detached.
    const trees = repo.git('worktree', 'list').split('\n');
    expect(trees).toHaveLength(2);
    expect(trees[1]).toMatch(
      new RegExp(`^${poolDir(process.env, repo.dir)}/\\S+ +[0-9a-f]+ \\(detached HEAD\\)$`),
    );
  });

  it('saves uncommitted work of the session to refs/mmm/sessions/<name> first', async () => {
    repo = makeTempRepo();
    const a = await makeSession(repo.dir, 'failed');
    writeFileSync(`${a.worktreePath}/draft.txt`, 'unsaved draft\n');
    writeFileSync(`${a.worktreePath}/README.md`, 'edited\n');

    const run = await runMmm(repo.dir, ['worktree', 'clean', a.name]);

    expect(run.code).toBe(0);
    const ref = `refs/mmm/sessions/${a.name}`;
    expect(run.stdout).toContain(ref);
    expect(repo.git('show', `${ref}:draft.txt`)).toBe('unsaved draft');
    expect(repo.git('show', `${ref}:README.md`)).toBe('edited');
    expect(existsSync(a.worktreePath)).toBe(false);
    expect(branches(repo.dir)).toEqual(['main']);
    expect((await readSession(storeFor(repo.dir), a.name))?.savedRef).toBe(ref);
  });

  it('--merged cleans only merged sessions; --all the rest that are merged into their base', async () => {
    repo = makeTempRepo();
    const merged = await makeSession(repo.dir, 'merged');
    const pending = await makeSession(repo.dir, 'completed');
    const empty = await makeSession(repo.dir, 'failed');
    commitFile(pending.worktreePath, 'p.txt', 'p\n', 'p');

    const run = await runMmm(repo.dir, ['worktree', 'clean', '--merged']);
    expect(run.code).toBe(0);
    expect(existsSync(merged.worktreePath)).toBe(false);
    expect(existsSync(pending.worktreePath)).toBe(true);
    expect(existsSync(empty.worktreePath)).toBe(true);

    const all = await runMmm(repo.dir, ['worktree', 'clean', '--all']);
    expect(all.code).toBe(3);
    expect(all.stderr).toContain(pending.name);
    expect(existsSync(empty.worktreePath)).toBe(false);
    expect(existsSync(pending.worktreePath)).toBe(true);

    const listed = await runMmm(repo.dir, ['worktree', 'ls', '--json']);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { name: string }).name),
    ).toEqual([pending.name]);
    const everything = await runMmm(repo.dir, ['worktree', 'ls', '--json', '--all']);
    expect(everything.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('asks which session when given none (exit 2)', async () => {
    repo = makeTempRepo();
    const run = await runMmm(repo.dir, ['worktree', 'clean']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('which session?');
  });
});

describe('a session whose run is still going', () => {
  /** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
  const startOf = (pid: number) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  };
  const onlyLinux = process.platform === 'linux' ? it : it.skip;
  let other: ChildProcess | undefined;
  afterEach(() => other?.kill('SIGKILL'));

  onlyLinux('is not running once its pid belongs to a process that started later', async () => {
    repo = makeTempRepo();
    other = spawn('sleep', ['60'], { stdio: 'ignore' });
    const pid = other.pid ?? 0;
    const a = await makeSession(repo.dir);
    await updateSession(storeFor(repo.dir), a.name, {
      status: 'running',
      pid,
      pidStart: startOf(pid) - 500,
    });

    const ls = await runMmm(repo.dir, ['worktree', 'ls', '--json']);
    expect(JSON.parse(ls.stdout.trim())).toMatchObject({ name: a.name, status: 'interrupted' });
    const clean = await runMmm(repo.dir, ['worktree', 'clean', a.name]);
    expect(clean.code).toBe(0);
    expect(existsSync(a.worktreePath)).toBe(false);
  });

  onlyLinux(
    'is refused by clean --all --force (exit 3), its worktree and record untouched',
    async () => {
      repo = makeTempRepo();
      other = spawn('sleep', ['60'], { stdio: 'ignore' });
      const pid = other.pid ?? 0;
      const running = await makeSession(repo.dir);
      const record = await updateSession(storeFor(repo.dir), running.name, {
        status: 'running',
        pid,
        pidStart: startOf(pid),
      });
      commitFile(running.worktreePath, 'one.txt', '1\n', 'one');
      const done = await makeSession(repo.dir, 'merged');

      const clean = await runMmm(repo.dir, ['worktree', 'clean', '--all', '--force']);
      expect(clean.code).toBe(3);
      expect(clean.stderr).toContain(`session ${running.name} is still running (process ${pid})`);
      expect(existsSync(running.worktreePath)).toBe(true);
      expect(branches(repo.dir)).toContain(running.branch);
      expect(await readSession(storeFor(repo.dir), running.name)).toEqual(record);
      // The others are cleaned all the same.
      expect(existsSync(done.worktreePath)).toBe(false);
    },
  );
});
