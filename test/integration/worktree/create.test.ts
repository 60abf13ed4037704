import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession } from '../../../src/sessions/create.js';
import { readSession, sessionFile } from '../../../src/sessions/store.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { deps, git, hashFile, hashTree, storeFor } from '../../helpers/worktree.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe('creating a worktree session', () => {
  it('leaves a dirty working tree and its index exactly as they were', async () => {
    repo = makeTempRepo({ 'a.txt': 'one\n', 'src/b.txt': 'two\n', 'c.txt': 'three\n' });
    repo.write('a.txt', 'modified, unstaged\n');
    repo.write('src/b.txt', 'modified, staged\n');
    repo.git('add', 'src/b.txt');
    repo.write('untracked.txt', 'new\n');
    repo.git('rm', '-q', '--cached', 'c.txt');
    const status = repo.git('status', '--porcelain');
    const staged = repo.git('ls-files', '--stage');
    const index = hashFile(join(repo.dir, '.git', 'index'));
    const files = hashTree(repo.dir);
    const head = repo.git('rev-parse', 'HEAD');

    const { record } = await createSession(deps, {
      cwd: repo.dir,
      playbook: 'play.yml',
      playbookName: 'Improve Tests!',
    });

    expect(hashFile(join(repo.dir, '.git', 'index'))).toBe(index);
    expect(hashTree(repo.dir)).toEqual(files);
    expect(repo.git('status', '--porcelain')).toBe(status);
    expect(repo.git('ls-files', '--stage')).toBe(staged);
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('main');

    // The session has the committed tree, none of the uncommitted work.
    expect(readFileSync(join(record.worktreePath, 'a.txt'), 'utf8')).toBe('one\n');
    expect(readFileSync(join(record.worktreePath, 'src/b.txt'), 'utf8')).toBe('two\n');
    expect(existsSync(join(record.worktreePath, 'untracked.txt'))).toBe(false);
    expect(git(record.worktreePath, 'status', '--porcelain')).toBe('');
  });

  it('records the session: branch, base branch and commit, paths, status', async () => {
    repo = makeTempRepo();
    const head = repo.git('rev-parse', 'HEAD');
    const { record } = await createSession(deps, {
      cwd: repo.dir,
      playbook: 'examples/default.yml',
      playbookName: 'default',
    });
    expect(record.name).toMatch(/^default-\d{8}-\d{6}-[0-9a-f]{4}$/);
    expect(record.branch).toBe(`mmm/${record.name}`);
    expect(record.baseBranch).toBe('main');
    expect(record.baseCommit).toBe(head);
    expect(record.status).toBe('running');
    expect(record.repoRoot).toBe(repo.dir);
    const store = storeFor(repo.dir);
    expect(record.worktreePath).toBe(join(store.worktreesDir, record.name));
    expect(record.worktreePath.startsWith(process.env.MMM_HOME!)).toBe(true);
    expect(await readSession(store, record.name)).toEqual(record);
    expect(existsSync(sessionFile(store, record.name))).toBe(true);
    expect(git(record.worktreePath, 'symbolic-ref', '--short', 'HEAD')).toBe(record.branch);
    expect(git(record.worktreePath, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('makes the session from a subdirectory too, with the whole tree checked out', async () => {
    repo = makeTempRepo({ 'pkg/x/file.txt': 'x\n' });
    const { record } = await createSession(deps, {
      cwd: join(repo.dir, 'pkg', 'x'),
      playbook: 'p.yml',
      playbookName: 'p',
    });
    expect(existsSync(join(record.worktreePath, 'pkg', 'x', 'file.txt'))).toBe(true);
  });

  it('records no base branch on a detached HEAD', async () => {
    repo = makeTempRepo();
    repo.git('checkout', '-q', '--detach');
    const { record } = await createSession(deps, {
      cwd: repo.dir,
      playbook: 'p.yml',
      playbookName: 'p',
    });
    expect(record.baseBranch).toBeUndefined();
    expect(record.baseCommit).toBe(repo.git('rev-parse', 'HEAD'));
  });

  it('gives every session its own name and branch when many are created at once', async () => {
    repo = makeTempRepo();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        createSession(deps, { cwd: repo.dir, playbook: 'p.yml', playbookName: 'same' }),
      ),
    );
    const names = new Set(results.map((r) => r.record.name));
    expect(names.size).toBe(8);
    const sessionBranches = repo
      .git('for-each-ref', '--format=%(refname:short)', 'refs/heads/mmm/')
      .split('\n');
    expect(sessionBranches).toHaveLength(8);
    expect(repo.git('worktree', 'list').split('\n')).toHaveLength(9);
  });

  it('refuses a directory outside any repository (exit 3)', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'mmm-norepo-'));
    try {
      await expect(
        createSession(deps, { cwd: outside, playbook: 'p.yml', playbookName: 'p' }),
      ).rejects.toMatchObject({ exitCode: 3 });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  const make = (cwd: string) => createSession(deps, { cwd, playbook: 'p.yml', playbookName: 'p' });

  /** A hook of the repository that says `said` and refuses. */
  const refusingHook = (name: string, said: string) =>
    writeFileSync(join(repo.dir, '.git', 'hooks', name), `#!/bin/sh\necho ${said} >&2\nexit 1\n`, {
      mode: 0o755,
    });

  it('refuses a branch with no commits yet, naming it, and makes nothing', async () => {
    repo = makeTempRepo();
    git(repo.dir, 'checkout', '-q', '--orphan', 'fresh');
    await expect(make(repo.dir)).rejects.toMatchObject({
      exitCode: 3,
      message:
        'branch fresh has no commits yet (a new repository, or an orphan branch), and a session starts from the commit you are on',
      hint: 'commit something first (git commit), or switch to a branch that has commits (git switch <branch>), then run mmm again',
    });
    expect(git(repo.dir, 'for-each-ref', 'refs/heads/mmm')).toBe('');
  });

  it('refuses when a branch named mmm leaves no room for the session branches', async () => {
    repo = makeTempRepo();
    git(repo.dir, 'branch', 'mmm');
    await expect(make(repo.dir)).rejects.toMatchObject({
      exitCode: 3,
      message:
        'a branch named mmm exists, so git cannot make the mmm/<session> branches sessions live on',
      hint: 'rename it (git branch -m mmm <another name>), then run mmm again',
    });
  });

  it("says git's words when it will not make the branch, and leaves nothing behind", async () => {
    repo = makeTempRepo();
    refusingHook('reference-transaction', 'no refs today');
    const refused = make(repo.dir);
    await expect(refused).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(
        /^git could not create the session's branch mmm\/p-\S+ \(git \S+ exited with \d+: .*no refs today/,
      ),
      hint: 'fix what git names (a reference-transaction hook that refuses, say), then run mmm again',
    });
    expect(readdirSync(storeFor(repo.dir).sessionsDir)).toEqual([]);
  });

  it('undoes the branch, the record and the checkout when git cannot check the worktree out', async () => {
    repo = makeTempRepo();
    refusingHook('post-checkout', 'checkout refused');
    await expect(make(repo.dir)).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(
        /^git could not check out the session's worktree \(git worktree add exited with 1: .*checkout refused/,
      ),
      hint: "git runs the repository's post-checkout hook and its filters as it checks out a worktree; fix what git names (a git-lfs that is not installed, say), then run mmm again",
    });
    expect(git(repo.dir, 'for-each-ref', 'refs/heads/mmm')).toBe('');
    const store = storeFor(repo.dir);
    expect(readdirSync(store.sessionsDir)).toEqual([]);
    expect(readdirSync(store.worktreesDir)).toEqual([]);
  });
});
