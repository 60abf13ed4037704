import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { exec } from '../../../src/infra/exec.js';
import { cleanSession } from '../../../src/sessions/clean.js';
import { createSession } from '../../../src/sessions/create.js';
import { listPoolEntries, poolDir } from '../../../src/sessions/pool.js';
import { readSession, updateSession } from '../../../src/sessions/store.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { branches, commitFile, git, runMmm, storeFor } from '../../helpers/worktree.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function depsWith(extra: Record<string, string> = {}) {
  return { exec, env: { ...process.env, ...extra } };
}

async function session(d = depsWith(), name = 'fixture') {
  const { record, store } = await createSession(d, {
    cwd: repo.dir,
    playbook: `${name}.yml`,
    playbookName: name,
  });
  return updateSession(store, record.name, { status: 'completed', pid: undefined });
}

function worktreePaths(): string[] {
  return git(repo.dir, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => l.slice('worktree '.length));
}

function poolOf(): string[] {
  return listPoolEntries(poolDir(process.env, repo.dir)).map((e) => e.path);
}

function write(path: string, content = 'x\n'): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

describe('the worktree pool', () => {
  it('gives a cleaned session back and a new session takes it: right commit and branch, nothing of the old session but the kept cache', async () => {
    repo = makeTempRepo({
      '.gitignore': 'node_modules/\nbuild/\n',
      'keep.txt': 'kept\n',
      'gone.txt': 'removed on main later\n',
    });
    const d = depsWith({ MMM_POOL_KEEP: 'node_modules' });
    const first = await session(d);
    write(join(first.worktreePath, 'node_modules', 'dep', 'index.js'), 'cache\n');
    write(join(first.worktreePath, 'build', 'out.txt'), 'ignored output\n');
    const cacheInode = statSync(join(first.worktreePath, 'node_modules', 'dep', 'index.js')).ino;

    const cleaned = await cleanSession(d, { cwd: repo.dir, name: first.name });
    expect(cleaned.worktreePooled).toBe(true);
    expect(existsSync(first.worktreePath)).toBe(false);
    expect(branches(repo.dir)).toEqual(['main']);
    const [idle] = poolOf();
    expect(idle).toBeDefined();
    expect(git(idle!, 'status', '--porcelain', '--ignored')).toBe('!! node_modules/');
    // Detached: no branch is checked out in an idle tree.
    expect(git(idle!, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('HEAD');

    // main moves on: a file goes, another comes.
    repo.git('rm', '-q', 'gone.txt');
    repo.write('new.txt', 'new on main\n');
    const head = repo.commitAll('main moves');
    // Something dropped into the idle tree meanwhile is not carried into the session either.
    write(join(idle!, 'stray.txt'));

    const second = await session(d);
    expect(poolOf()).toEqual([]);
    expect(git(second.worktreePath, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(second.worktreePath, 'symbolic-ref', '--short', 'HEAD')).toBe(second.branch);
    expect(git(second.worktreePath, 'status', '--porcelain', '--ignored')).toBe('!! node_modules/');
    const files = readdirSync(second.worktreePath).sort();
    expect(files).toEqual(['.git', '.gitignore', 'keep.txt', 'new.txt', 'node_modules']);
    // The very tree came back: the kept cache is the same file.
    expect(statSync(join(second.worktreePath, 'node_modules', 'dep', 'index.js')).ino).toBe(
      cacheInode,
    );
    expect(worktreePaths()).toEqual([repo.dir, second.worktreePath]);
  });

  it('removes a kept name the repository does not ignore', async () => {
    repo = makeTempRepo();
    const d = depsWith({ MMM_POOL_KEEP: 'node_modules' });
    const first = await session(d);
    write(join(first.worktreePath, 'node_modules', 'x.js'));
    // Not ignored, so it is the session's untracked work: saved, and the tree is not pooled.
    const cleaned = await cleanSession(d, { cwd: repo.dir, name: first.name });
    expect(cleaned.savedRef).toBeDefined();
    expect(cleaned.worktreePooled).toBe(false);
    expect(poolOf()).toEqual([]);
  });

  it('never pools a session with unmerged commits, even with --force', async () => {
    repo = makeTempRepo();
    const first = await session();
    commitFile(first.worktreePath, 'work.txt', 'work\n', 'work');
    const cleaned = await cleanSession(depsWith(), {
      cwd: repo.dir,
      name: first.name,
      force: true,
    });
    expect(cleaned.unmerged).toBe(1);
    expect(cleaned.worktreePooled).toBe(false);
    expect(poolOf()).toEqual([]);
    expect(worktreePaths()).toEqual([repo.dir]);
  });

  it('pools a merged session', async () => {
    repo = makeTempRepo();
    const first = await session();
    commitFile(first.worktreePath, 'work.txt', 'work\n', 'work');
    const merge = await runMmm(repo.dir, ['worktree', 'merge', first.name]);
    expect(merge.code).toBe(0);
    const run = await runMmm(repo.dir, ['worktree', 'clean', '--merged']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Cleaned ${first.name}: returned its worktree to the pool;`);
    expect(poolOf()).toHaveLength(1);
    expect(branches(repo.dir)).toEqual(['main']);
  });

  it.each([
    ['locked', (path: string) => git(repo.dir, 'worktree', 'lock', path)],
    ['without its .git', (path: string) => rmSync(join(path, '.git'))],
    [
      'forgotten by git',
      (path: string) => {
        rmSync(join(path, '.git'));
        git(repo.dir, 'worktree', 'prune');
        writeFileSync(join(path, '.git'), 'gitdir: /nonexistent\n');
      },
    ],
  ])('discards an idle worktree %s and falls back to git worktree add', async (_what, harm) => {
    repo = makeTempRepo();
    const first = await session();
    await cleanSession(depsWith(), { cwd: repo.dir, name: first.name });
    const [idle] = poolOf();
    harm(idle!);

    const second = await session();

    expect(existsSync(idle!)).toBe(false);
    expect(poolOf()).toEqual([]);
    expect(git(second.worktreePath, 'symbolic-ref', '--short', 'HEAD')).toBe(second.branch);
    expect(git(second.worktreePath, 'status', '--porcelain')).toBe('');
    expect(worktreePaths()).toEqual([repo.dir, second.worktreePath]);
    expect(git(repo.dir, 'worktree', 'list', '--porcelain')).not.toMatch(/prunable|locked/);
  });

  it('forgets an idle worktree deleted by hand', async () => {
    repo = makeTempRepo();
    const first = await session();
    await cleanSession(depsWith(), { cwd: repo.dir, name: first.name });
    const [idle] = poolOf();
    rmSync(idle!, { recursive: true });

    const second = await session();
    expect(git(second.worktreePath, 'symbolic-ref', '--short', 'HEAD')).toBe(second.branch);
    // Git reports it prunable until a prune, which pool prune (and mmm worktree ls) runs.
    const prune = await runMmm(repo.dir, ['worktree', 'pool', 'prune']);
    expect(prune.code).toBe(0);
    expect(worktreePaths()).toEqual([repo.dir, second.worktreePath]);
  });

  it('neither reuses nor removes an idle tree someone worked in by hand: a branch, an edit', async () => {
    repo = makeTempRepo({ 'a.txt': 'one\n' });
    const first = await session();
    await cleanSession(depsWith(), { cwd: repo.dir, name: first.name });
    const [idle] = poolOf();
    git(idle!, 'switch', '-q', '-c', 'mine');
    write(join(idle!, 'a.txt'), 'my edit\n');
    write(join(idle!, 'u.txt'), 'my notes\n');

    const second = await session();
    expect(second.worktreePath).not.toBe(idle);
    expect(poolOf()).toEqual([idle]);
    const ls = await runMmm(repo.dir, ['worktree', 'pool', 'ls', '--json']);
    expect(JSON.parse(ls.stdout)).toMatchObject({ state: 'held' });
    const prune = await runMmm(repo.dir, ['worktree', 'pool', 'prune', '--all']);
    expect(prune.code).toBe(0);
    expect(prune.stderr).toContain(`Kept ${idle!}`);
    expect(git(idle!, 'symbolic-ref', '--short', 'HEAD')).toBe('mine');
    expect(readFileSync(join(idle!, 'a.txt'), 'utf8')).toBe('my edit\n');
    expect(readFileSync(join(idle!, 'u.txt'), 'utf8')).toBe('my notes\n');
  });

  it('never holds more than its size; the newest trees stay', async () => {
    repo = makeTempRepo();
    const made = [await session(), await session(), await session()];
    for (const record of made) await cleanSession(depsWith(), { cwd: repo.dir, name: record.name });
    const pool = poolOf();
    expect(pool).toHaveLength(2);
    expect(worktreePaths().sort()).toEqual([repo.dir, ...pool].sort());

    const off = depsWith({ MMM_POOL_SIZE: '0' });
    const fresh = await session(off);
    expect(poolOf()).toHaveLength(2);
    await cleanSession(off, { cwd: repo.dir, name: fresh.name });
    expect(poolOf()).toHaveLength(2);
    expect(worktreePaths()).toHaveLength(3);
  });

  it('reads the size and the kept caches from .mmm/pool.yml', async () => {
    repo = makeTempRepo({ '.gitignore': '.venv/\n' });
    write(join(repo.dir, '.mmm', 'pool.yml'), 'size: 1\nkeep: [.venv]\n');
    const made = [await session(), await session()];
    write(join(made[0]!.worktreePath, '.venv', 'lib.py'));
    for (const record of made) await cleanSession(depsWith(), { cwd: repo.dir, name: record.name });
    expect(poolOf()).toHaveLength(1);

    write(join(repo.dir, '.mmm', 'pool.yml'), 'size: -1\n');
    const bad = await runMmm(repo.dir, ['worktree', 'pool', 'ls']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`size in ${join(repo.dir, '.mmm', 'pool.yml')} is -1`);

    // A kept "cache" that names nothing would carry every ignored file, .env included.
    for (const everything of ['"*"', '"**"', '"*/"']) {
      write(join(repo.dir, '.mmm', 'pool.yml'), `keep: [${everything}]\n`);
      const wide = await runMmm(repo.dir, ['worktree', 'pool', 'ls']);
      expect(wide.code).toBe(2);
      expect(wide.stderr).toContain('which names no cache');
    }
    write(join(repo.dir, '.mmm', 'pool.yml'), 'size: 1\n');
    await expect(session(depsWith({ MMM_POOL_KEEP: 'node_modules,**' }))).rejects.toThrow(
      /MMM_POOL_KEEP holds "\*\*", which names no cache/,
    );
  });

  it('a bad MMM_POOL_SIZE stops a session before anything is made', async () => {
    repo = makeTempRepo();
    await expect(session(depsWith({ MMM_POOL_SIZE: 'lots' }))).rejects.toThrow(
      /MMM_POOL_SIZE is "lots"; the worktree pool's size is a whole number from 0 to 100/,
    );
    for (const odd of ['1e1', '0x2', ' 3', '2.0']) {
      await expect(session(depsWith({ MMM_POOL_SIZE: odd }))).rejects.toThrow(/MMM_POOL_SIZE is/);
    }
    expect(branches(repo.dir)).toEqual(['main']);
    expect(worktreePaths()).toEqual([repo.dir]);
  });

  it('pool ls lists idle trees; prune frees those beyond the size, --all every one', async () => {
    repo = makeTempRepo();
    const made = [await session(), await session()];
    for (const record of made) await cleanSession(depsWith(), { cwd: repo.dir, name: record.name });
    const head = repo.git('rev-parse', 'HEAD');

    const table = await runMmm(repo.dir, ['worktree', 'pool', 'ls', '--size']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PATH\s+STATE\s+HEAD\s+AGE\s+SIZE$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]!.split(/\s+/)).toEqual([
      poolOf()[0],
      'idle',
      head.slice(0, 7),
      expect.stringMatching(/^\d+s$/),
      expect.stringMatching(/^\d+(\.\d)?$/),
      'kB',
    ]);
    expect(table.stderr).toContain('Pool: size 2.');

    const json = await runMmm(repo.dir, ['worktree', 'pool', 'ls', '--json']);
    const rows = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.path)).toEqual(poolOf());
    expect(rows[0]).toMatchObject({ head, state: 'idle', ageSeconds: expect.any(Number) });

    const [newest, oldest] = poolOf();
    process.env.MMM_POOL_SIZE = '1';
    try {
      const prune = await runMmm(repo.dir, ['worktree', 'pool', 'prune']);
      expect(prune.code).toBe(0);
      expect(prune.stdout).toBe(`Removed ${oldest}\n`);
      expect(poolOf()).toEqual([newest]);
    } finally {
      delete process.env.MMM_POOL_SIZE;
    }
    const all = await runMmm(repo.dir, ['worktree', 'pool', 'prune', '--all']);
    expect(all.stdout).toBe(`Removed ${newest}\n`);
    expect(poolOf()).toEqual([]);
    expect(worktreePaths()).toEqual([repo.dir]);
    const empty = await runMmm(repo.dir, ['worktree', 'pool', 'ls']);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('No idle worktrees in');
  });

  it('two processes taking at once never get the same tree', async () => {
    repo = makeTempRepo();
    const made = [await session(), await session()];
    for (const record of made) await cleanSession(depsWith(), { cwd: repo.dir, name: record.name });
    const idle = poolOf();
    expect(idle).toHaveLength(2);
    // One more taker than idle trees: the last one falls back to git worktree add.
    const script = `
      const { createSession } = await import(${JSON.stringify(join(root, 'dist/sessions/create.js'))});
      const { exec } = await import(${JSON.stringify(join(root, 'dist/infra/exec.js'))});
      const { record } = await createSession({ exec, env: process.env }, { cwd: process.argv[1], playbook: 'p.yml', playbookName: 'p' });
      console.log(record.name);`;
    const names = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<string>((done, fail) => {
            const child = spawn(process.execPath, ['--input-type=module', '-e', script, repo.dir], {
              stdio: ['ignore', 'pipe', 'inherit'],
            });
            let out = '';
            child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
            child.on('exit', (code) => (code === 0 ? done(out.trim()) : fail(new Error(out))));
          }),
      ),
    );
    expect(new Set(names).size).toBe(3);
    expect(poolOf()).toEqual([]);
    const store = storeFor(repo.dir);
    const paths = new Set<string>();
    for (const name of names) {
      const record = (await readSession(store, name))!;
      paths.add(record.worktreePath);
      expect(git(record.worktreePath, 'symbolic-ref', '--short', 'HEAD')).toBe(record.branch);
      expect(git(record.worktreePath, 'status', '--porcelain')).toBe('');
    }
    expect(paths.size).toBe(3);
    expect(worktreePaths().sort()).toEqual([repo.dir, ...paths].sort());
    expect(git(repo.dir, 'fsck', '--no-progress')).toBe('');
  });
});
