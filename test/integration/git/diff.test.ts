// commitExists and lastCommitTouching, what mmm ui asks of a repository: whether a name is a
// commit (not a tree, a blob or nothing), and the newest commit on any branch that changed a path.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitExists, lastCommitTouching } from '../../../src/git/diff.js';
import type { GitDeps } from '../../../src/git/run.js';
import { exec } from '../../../src/infra/exec.js';
import { execResult } from '../../helpers/exec-result.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const repo = useTempRepos();
const git: GitDeps = { exec };
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-diff-'));
  dirs.push(dir);
  return dir;
}

/** Commits everything at a given time (seconds after 2030 began), so that "newest" is certain. */
function commitAt(r: TempRepo, message: string, seconds: number): string {
  const date = `${String(1_893_456_000 + seconds)} +0000`;
  execFileSync('git', ['add', '-A'], { cwd: r.dir });
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], {
    cwd: r.dir,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
  return r.git('rev-parse', 'HEAD');
}

describe('commitExists', () => {
  it('knows a commit by its hash, a short hash, a branch, a tag and an expression', async () => {
    const r = repo();
    const head = r.git('rev-parse', 'HEAD');
    r.git('tag', '-a', '-m', 'release', 'v1');
    r.write('b.txt', 'b\n');
    r.commitAll('second');
    for (const rev of [head, head.slice(0, 7), 'main', 'v1', 'HEAD~1', 'HEAD']) {
      expect(await commitExists(git, r.dir, rev), rev).toBe(true);
    }
  });

  it('says no for a tree, a blob, a name nothing has, a hash no object has, and too far back', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const tree = r.git('rev-parse', 'HEAD^{tree}');
    const blob = r.git('rev-parse', 'HEAD:a.txt');
    const absent = 'deadbeef'.repeat(5);
    for (const rev of [tree, blob, 'no-such-branch', absent, 'HEAD~5']) {
      expect(await commitExists(git, r.dir, rev), rev).toBe(false);
    }
  });

  it('says no outside a repository and in a repository without commits', async () => {
    expect(await commitExists(git, tempDir(), 'HEAD')).toBe(false);
    const empty = tempDir();
    execFileSync('git', ['init', '-q'], { cwd: empty });
    expect(await commitExists(git, empty, 'HEAD')).toBe(false);
  });
});

describe('lastCommitTouching', () => {
  it('names the newest commit that changed the file, not a newer one that left it alone', async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    r.write('a.txt', 'a2\n');
    const changedA = commitAt(r, 'a again', 10);
    r.write('b.txt', 'b2\n');
    const changedB = commitAt(r, 'b again', 20);
    expect(await lastCommitTouching(git, r.dir, 'a.txt')).toBe(changedA);
    expect(await lastCommitTouching(git, r.dir, 'b.txt')).toBe(changedB);
  });

  it('finds a commit on a branch that is not checked out', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    r.git('switch', '-q', '-c', 'side');
    r.write('a.txt', 'on the side\n');
    const side = commitAt(r, 'side', 50);
    r.git('switch', '-q', 'main');
    r.write('other.txt', 'o\n');
    commitAt(r, 'main moves on', 60);
    expect(await lastCommitTouching(git, r.dir, 'a.txt')).toBe(side);
  });

  it('names the commit that deleted a file no longer in the tree', async () => {
    const r = repo({ 'a.txt': 'a\n', 'gone.txt': 'g\n' });
    rmSync(join(r.dir, 'gone.txt'));
    const deletion = commitAt(r, 'delete', 10);
    r.write('a.txt', 'later\n');
    commitAt(r, 'later', 20);
    expect(await lastCommitTouching(git, r.dir, 'gone.txt')).toBe(deletion);
  });

  it('names the newest commit that changed anything under a directory', async () => {
    const r = repo({ 'src/a.ts': 'a\n', 'src/deep/b.ts': 'b\n', 'top.txt': 't\n' });
    r.write('src/deep/b.ts', 'b2\n');
    const deep = commitAt(r, 'deep', 10);
    r.write('top.txt', 't2\n');
    commitAt(r, 'top', 20);
    expect(await lastCommitTouching(git, r.dir, 'src')).toBe(deep);
  });

  it('finds none for a path no commit changed, nor in a repository without commits', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    r.write('untracked.txt', 'u\n');
    expect(await lastCommitTouching(git, r.dir, 'untracked.txt')).toBeUndefined();
    expect(await lastCommitTouching(git, r.dir, 'never/was.txt')).toBeUndefined();
    const empty = tempDir();
    execFileSync('git', ['init', '-q'], { cwd: empty });
    expect(await lastCommitTouching(git, empty, 'a.txt')).toBeUndefined();
  });

  it('finds none outside a repository, nor from a git that failed whatever it printed', async () => {
    expect(await lastCommitTouching(git, tempDir(), 'a.txt')).toBeUndefined();
    const said = execResult({
      exitCode: 128,
      stdout: `${'ab'.repeat(20)}\n`,
      stderr: 'fatal: something went wrong\n',
    });
    const failing: GitDeps = { exec: () => Promise.resolve(said) };
    expect(await lastCommitTouching(failing, tempDir(), 'a.txt')).toBeUndefined();
    const answering: GitDeps = { exec: () => Promise.resolve({ ...said, exitCode: 0 }) };
    expect(await lastCommitTouching(answering, tempDir(), 'a.txt')).toBe('ab'.repeat(20));
  });
});
