import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSession } from '../../../src/sessions/store.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import {
  commitFile,
  git,
  hashTree,
  makeSession,
  runMmm,
  storeFor,
} from '../../helpers/worktree.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe('mmm worktree merge', () => {
  it('fast-forwards the checked-out base branch when it has not moved', async () => {
    repo = makeTempRepo();
    const session = await makeSession(repo.dir);
    const tip = commitFile(session.worktreePath, 'feature.txt', 'f\n', 'add feature');

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('fast-forward');
    expect(repo.git('rev-parse', 'main')).toBe(tip);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('show', 'HEAD:feature.txt')).toBe('f');
    const stored = await readSession(storeFor(repo.dir), session.name);
    expect(stored?.status).toBe('merged');
    expect(stored?.mergedCommit).toBe(tip);
  });

  it('makes a merge commit when the base branch moved on', async () => {
    repo = makeTempRepo();
    const session = await makeSession(repo.dir);
    const tip = commitFile(session.worktreePath, 'feature.txt', 'f\n', 'add feature');
    const baseTip = commitFile(repo.dir, 'other.txt', 'o\n', 'other');

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('merge commit');
    expect(repo.git('log', '-1', '--format=%s')).toBe(`mmm: merge session ${session.name}`);
    expect(repo.git('rev-parse', 'HEAD^1')).toBe(baseTip);
    expect(repo.git('rev-parse', 'HEAD^2')).toBe(tip);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('merges into a base branch that is checked out nowhere, without touching the checkout', async () => {
    repo = makeTempRepo();
    const session = await makeSession(repo.dir);
    const tip = commitFile(session.worktreePath, 'feature.txt', 'f\n', 'add feature');
    repo.git('checkout', '-q', '-b', 'elsewhere');
    repo.write('scratch.txt', 'uncommitted\n');
    const before = hashTree(repo.dir);

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(0);
    expect(repo.git('rev-parse', 'main')).toBe(tip);
    expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('elsewhere');
    expect(hashTree(repo.dir)).toEqual(before);
  });

  it('computes a true merge without a checkout (merge-tree)', async () => {
    repo = makeTempRepo();
    const session = await makeSession(repo.dir);
    const tip = commitFile(session.worktreePath, 'feature.txt', 'f\n', 'add feature');
    const baseTip = commitFile(repo.dir, 'other.txt', 'o\n', 'other');
    repo.git('checkout', '-q', '-b', 'elsewhere');

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('merge commit');
    expect(repo.git('rev-parse', 'main^1')).toBe(baseTip);
    expect(repo.git('rev-parse', 'main^2')).toBe(tip);
    expect(repo.git('ls-tree', '--name-only', 'main').split('\n')).toEqual(
      expect.arrayContaining(['feature.txt', 'other.txt']),
    );
    expect(repo.git('log', '-1', '--format=%s', 'main')).toBe(`mmm: merge session ${session.name}`);
  });

  it('refuses (exit 3) when the checkout of the base branch has uncommitted changes', async () => {
    repo = makeTempRepo({ 'a.txt': 'a\n' });
    const session = await makeSession(repo.dir);
    commitFile(session.worktreePath, 'feature.txt', 'f\n', 'add feature');
    const main = repo.git('rev-parse', 'main');
    repo.write('a.txt', 'local edit\n');

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain('uncommitted changes');
    expect(run.stderr).toContain('a.txt');
    expect(repo.git('rev-parse', 'main')).toBe(main);
    expect((await readSession(storeFor(repo.dir), session.name))?.status).toBe('completed');
  });

  it('refuses (exit 3) when the base branch is checked out in another worktree', async () => {
    repo = makeTempRepo();
    const session = await makeSession(repo.dir);
    commitFile(session.worktreePath, 'feature.txt', 'f\n', 'add feature');
    repo.git('checkout', '-q', '-b', 'elsewhere');
    const other = `${repo.dir}-main`;
    repo.git('worktree', 'add', '-q', other, 'main');
    try {
      const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`main is checked out in ${other}`);
      expect(run.stderr).toContain(
        `run the merge there: cd ${other} && mmm worktree merge ${session.name}`,
      );
    } finally {
      repo.git('worktree', 'remove', '--force', other);
    }
  });

  it('on a conflict: exit 4, files listed, both sides untouched, session conflicted', async () => {
    repo = makeTempRepo({ 'shared.txt': 'base\n', 'b.txt': 'b\n' });
    const session = await makeSession(repo.dir);
    const tip = commitFile(session.worktreePath, 'shared.txt', 'session side\n', 'session edit');
    const baseTip = commitFile(repo.dir, 'shared.txt', 'user side\n', 'user edit');
    const before = hashTree(repo.dir);

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(4);
    expect(run.stderr).toContain('shared.txt');
    expect(run.stderr).not.toContain('b.txt');
    expect(repo.git('rev-parse', 'main')).toBe(baseTip);
    expect(git(session.worktreePath, 'rev-parse', 'HEAD')).toBe(tip);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(hashTree(repo.dir)).toEqual(before);
    const stored = await readSession(storeFor(repo.dir), session.name);
    expect(stored?.status).toBe('conflicted');
    expect(stored?.conflictFiles).toEqual(['shared.txt']);
  });

  it('on a conflict without a checkout: exit 4, base branch unchanged', async () => {
    repo = makeTempRepo({ 'shared.txt': 'base\n' });
    const session = await makeSession(repo.dir);
    commitFile(session.worktreePath, 'shared.txt', 'session side\n', 'session edit');
    const baseTip = commitFile(repo.dir, 'shared.txt', 'user side\n', 'user edit');
    repo.git('checkout', '-q', '-b', 'elsewhere');

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(4);
    expect(run.stderr).toContain('shared.txt');
    expect(repo.git('rev-parse', 'main')).toBe(baseTip);
    expect((await readSession(storeFor(repo.dir), session.name))?.status).toBe('conflicted');
  });

  it('says so and exits 0 when the session has nothing new', async () => {
    repo = makeTempRepo();
    const session = await makeSession(repo.dir);
    const main = repo.git('rev-parse', 'main');

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nothing new');
    expect(repo.git('rev-parse', 'main')).toBe(main);
    expect(repo.git('rev-list', '--count', 'main')).toBe('1');
  });

  it('--all merges every completed session, one after another', async () => {
    repo = makeTempRepo();
    const a = await makeSession(repo.dir);
    const b = await makeSession(repo.dir);
    const failed = await makeSession(repo.dir, 'failed');
    commitFile(a.worktreePath, 'a.txt', 'a\n', 'a');
    commitFile(b.worktreePath, 'b.txt', 'b\n', 'b');
    commitFile(failed.worktreePath, 'c.txt', 'c\n', 'c');

    const run = await runMmm(repo.dir, ['worktree', 'merge', '--all']);

    expect(run.code).toBe(0);
    const files = repo.git('ls-tree', '--name-only', 'main').split('\n');
    expect(files).toEqual(expect.arrayContaining(['a.txt', 'b.txt']));
    expect(files).not.toContain('c.txt');
  });

  it('--all exits 4 when one session conflicts, and still merges the sessions after it', async () => {
    repo = makeTempRepo({ 'shared.txt': 'base\n' });
    const clash = await makeSession(repo.dir);
    const fine = await makeSession(repo.dir);
    commitFile(clash.worktreePath, 'shared.txt', 'session side\n', 'session edit');
    commitFile(fine.worktreePath, 'fine.txt', 'fine\n', 'fine');
    commitFile(repo.dir, 'shared.txt', 'user side\n', 'user edit');

    const run = await runMmm(repo.dir, ['worktree', 'merge', '--all']);

    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`Conflict merging ${clash.name} into main`);
    expect(run.stdout).toContain(`Merged ${fine.name} into main`);
    expect(repo.git('show', 'main:fine.txt')).toBe('fine');
    expect(repo.git('show', 'main:shared.txt')).toBe('user side');
    expect((await readSession(storeFor(repo.dir), clash.name))?.status).toBe('conflicted');
    expect((await readSession(storeFor(repo.dir), fine.name))?.status).toBe('merged');
  });

  it('--all exits 3 when one session cannot be merged, and still merges the others', async () => {
    repo = makeTempRepo();
    const gone = await makeSession(repo.dir);
    const fine = await makeSession(repo.dir);
    commitFile(fine.worktreePath, 'fine.txt', 'fine\n', 'fine');
    repo.git('worktree', 'remove', '--force', gone.worktreePath);
    repo.git('branch', '-D', gone.branch);

    const run = await runMmm(repo.dir, ['worktree', 'merge', '--all']);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`the session branch ${gone.branch} no longer exists`);
    expect(run.stdout).toContain(`Merged ${fine.name} into main`);
    expect(repo.git('show', 'main:fine.txt')).toBe('fine');
  });

  it('--all with no completed session says so and exits 0', async () => {
    repo = makeTempRepo();
    await makeSession(repo.dir, 'failed');
    const main = repo.git('rev-parse', 'main');
    const run = await runMmm(repo.dir, ['worktree', 'merge', '--all']);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toContain('No completed sessions to merge.');
    expect(repo.git('rev-parse', 'main')).toBe(main);
  });

  it('refuses a session started from a detached HEAD, and an unknown name', async () => {
    repo = makeTempRepo();
    repo.git('checkout', '-q', '--detach');
    const session = await makeSession(repo.dir);
    commitFile(session.worktreePath, 'x.txt', 'x\n', 'x');
    const detached = await runMmm(repo.dir, ['worktree', 'merge', session.name]);
    expect(detached.code).toBe(3);
    expect(detached.stderr).toContain('detached HEAD');
    expect(detached.stderr).toContain(`git merge ${session.branch}`);

    const unknown = await runMmm(join(repo.dir), ['worktree', 'merge', 'no-such-session']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no session named no-such-session');
  });
});

/** An executable shell script in a temp dir, standing in for gpg or a hook. */
function script(name: string, body: string, dir = mkdtempSync(join(tmpdir(), 'mmm-script-'))) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** A session whose merge into main needs a merge commit, with main checked out nowhere. */
async function trueMergeWithoutCheckout(): Promise<{ name: string; baseTip: string }> {
  const session = await makeSession(repo.dir);
  commitFile(session.worktreePath, 'feature.txt', 'f\n', 'add feature');
  const baseTip = commitFile(repo.dir, 'other.txt', 'o\n', 'other');
  repo.git('checkout', '-q', '-b', 'elsewhere');
  return { name: session.name, baseTip };
}

describe('mmm worktree merge without a checkout: signing and hooks', () => {
  it('signs the merge commit when commit.gpgSign is set', async () => {
    repo = makeTempRepo();
    const { name } = await trueMergeWithoutCheckout();
    // Signs anything: prints a signature and the status line git waits for.
    const gpg = script(
      'fake-gpg',
      [
        'cat >/dev/null',
        'echo "[GNUPG:] SIG_CREATED D 1 8 00 1700000000 FAKE" >&2',
        "printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nfake\\n-----END PGP SIGNATURE-----\\n'",
      ].join('\n'),
    );
    repo.git('config', 'commit.gpgSign', 'true');
    repo.git('config', 'gpg.program', gpg);

    const run = await runMmm(repo.dir, ['worktree', 'merge', name]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('merge commit');
    expect(repo.git('cat-file', '-p', 'main')).toContain('gpgsig -----BEGIN PGP SIGNATURE-----');
  });

  it("refuses (exit 3) with git's words when signing fails, and changes nothing", async () => {
    repo = makeTempRepo();
    const { name, baseTip } = await trueMergeWithoutCheckout();
    repo.git('config', 'commit.gpgSign', 'true');
    repo.git('config', 'gpg.program', script('failing-gpg', 'cat >/dev/null; exit 2'));

    const run = await runMmm(repo.dir, ['worktree', 'merge', name]);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain('gpg failed to sign the data');
    expect(repo.git('rev-parse', 'main')).toBe(baseTip);
    expect((await readSession(storeFor(repo.dir), name))?.status).toBe('completed');
  });

  it('says on stderr that a pre-merge-commit hook (core.hooksPath) was not run, and how to run it', async () => {
    repo = makeTempRepo();
    const { name } = await trueMergeWithoutCheckout();
    const hooks = join(repo.dir, 'my-hooks');
    script('pre-merge-commit', 'exit 0', hooks);
    repo.git('config', 'core.hooksPath', 'my-hooks');

    const run = await runMmm(repo.dir, ['worktree', 'merge', name]);

    expect(run.code).toBe(0);
    const merge = repo.git('rev-parse', '--short', 'main');
    const notes = run.stderr.split('\n').filter((line) => line.startsWith('note:'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`your pre-merge-commit hook (in ${hooks}) was not run`);
    expect(notes[0]).toContain(`git branch -f main ${merge}~1, check out main`);
    expect(notes[0]).toContain(`mmm worktree merge ${name} again`);
  });

  it('names a commit-msg hook too, and says nothing of a hook git would not run', async () => {
    repo = makeTempRepo();
    const { name } = await trueMergeWithoutCheckout();
    const hooks = repo.git('rev-parse', '--path-format=absolute', '--git-path', 'hooks');
    script('commit-msg', 'exit 0', hooks);
    writeFileSync(join(hooks, 'pre-merge-commit'), '#!/bin/sh\nexit 1\n'); // not executable

    const run = await runMmm(repo.dir, ['worktree', 'merge', name]);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('your commit-msg hook');
    expect(run.stderr).not.toContain('pre-merge-commit');
  });

  it('names every merge hook it could not run: prepare-commit-msg and post-merge as well', async () => {
    repo = makeTempRepo();
    const { name } = await trueMergeWithoutCheckout();
    const hooks = repo.git('rev-parse', '--path-format=absolute', '--git-path', 'hooks');
    script('prepare-commit-msg', 'exit 0', hooks);
    script('post-merge', 'exit 0', hooks);

    const run = await runMmm(repo.dir, ['worktree', 'merge', name]);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('your prepare-commit-msg and post-merge hooks');
    expect(run.stderr).toContain('were not run');
  });

  it('says nothing of hooks on a merge in the checkout, which runs them', async () => {
    repo = makeTempRepo();
    const session = await makeSession(repo.dir);
    commitFile(session.worktreePath, 'feature.txt', 'f\n', 'add feature');
    commitFile(repo.dir, 'other.txt', 'o\n', 'other');
    const hooks = repo.git('rev-parse', '--path-format=absolute', '--git-path', 'hooks');
    script('pre-merge-commit', `echo ran > "${join(hooks, 'ran')}"`, hooks);

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('note:');
    expect(existsSync(join(hooks, 'ran'))).toBe(true);
  });
});
