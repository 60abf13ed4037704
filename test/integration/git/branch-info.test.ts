// findWorkTreeRoot and detectDefaultBranch, as `mmm init` records them: the top of the working
// tree around a directory, and the branch work lands on (the remote's default, else the branch
// checked out, else main), from real repositories, clones and worktrees.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectDefaultBranch, findWorkTreeRoot } from '../../../src/git/branch-info.js';
import type { GitDeps } from '../../../src/git/run.js';
import { exec } from '../../../src/infra/exec.js';
import { execResult } from '../../helpers/exec-result.js';
import { useTempRepos } from '../../helpers/repo.js';

const repo = useTempRepos();
const git: GitDeps = { exec };
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-branch-info-')));
  dirs.push(dir);
  return dir;
}

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' }).trim();
}

/** Git that answers every command with `answer`, whatever it is asked. */
function gitAnswering(answer: { exitCode: number; stdout: string }): GitDeps {
  const result = execResult(answer);
  return { exec: () => Promise.resolve(result) };
}

describe('findWorkTreeRoot', () => {
  it('finds the top of the working tree from the top and from a directory deep inside', async () => {
    const r = repo({ 'src/lib/a.ts': 'a\n' });
    const top = realpathSync(r.dir);
    expect(await findWorkTreeRoot(git, r.dir)).toBe(top);
    expect(await findWorkTreeRoot(git, join(r.dir, 'src', 'lib'))).toBe(top);
  });

  it("finds a linked worktree's own top, not the main checkout's", async () => {
    const r = repo();
    const tree = join(tempDir(), 'tree');
    r.git('worktree', 'add', '-q', '--detach', tree);
    mkdirSync(join(tree, 'sub'));
    expect(await findWorkTreeRoot(git, join(tree, 'sub'))).toBe(tree);
  });

  it('finds the nested repository, not the one around it', async () => {
    const r = repo();
    const inner = join(r.dir, 'inner');
    mkdirSync(inner);
    gitIn(inner, 'init', '-q');
    expect(await findWorkTreeRoot(git, inner)).toBe(realpathSync(inner));
  });

  it('finds none outside a repository, in a bare one or inside a .git directory', async () => {
    expect(await findWorkTreeRoot(git, tempDir())).toBeUndefined();
    const bare = tempDir();
    gitIn(bare, 'init', '-q', '--bare');
    expect(await findWorkTreeRoot(git, bare)).toBeUndefined();
    const r = repo();
    expect(await findWorkTreeRoot(git, join(r.dir, '.git'))).toBeUndefined();
  });

  it('finds none where git fails, or succeeds without naming a directory', async () => {
    const failed = gitAnswering({ exitCode: 128, stdout: '/somewhere\n' });
    expect(await findWorkTreeRoot(failed, tempDir())).toBeUndefined();
    const silent = gitAnswering({ exitCode: 0, stdout: '\n' });
    expect(await findWorkTreeRoot(silent, tempDir())).toBeUndefined();
    const answered = gitAnswering({ exitCode: 0, stdout: '/somewhere\n' });
    expect(await findWorkTreeRoot(answered, tempDir())).toBe('/somewhere');
  });
});

describe('detectDefaultBranch', () => {
  it("takes the remote's default branch over the one checked out", async () => {
    const origin = repo();
    origin.git('branch', '-m', 'develop');
    const clone = join(tempDir(), 'clone');
    execFileSync('git', ['clone', '-q', origin.dir, clone], { stdio: 'pipe' });
    gitIn(clone, 'switch', '-q', '-c', 'feature');
    expect(await detectDefaultBranch(git, clone)).toBe('develop');
  });

  it('keeps every part of a default branch whose name has slashes', async () => {
    const r = repo();
    r.git('update-ref', 'refs/remotes/origin/release/2.x', 'HEAD');
    r.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/release/2.x');
    expect(await detectDefaultBranch(git, r.dir)).toBe('release/2.x');
  });

  it("ignores an origin/HEAD that points at another remote's branch", async () => {
    const r = repo();
    r.git('switch', '-q', '-c', 'current');
    r.git('update-ref', 'refs/remotes/upstream/dev', 'HEAD');
    r.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/upstream/dev');
    expect(await detectDefaultBranch(git, r.dir)).toBe('current');
  });

  it('takes the branch checked out when the remote names no default', async () => {
    const r = repo();
    r.git('switch', '-q', '-c', 'feature/login');
    expect(await detectDefaultBranch(git, r.dir)).toBe('feature/login');
    r.git('remote', 'add', 'origin', 'https://example.invalid/project.git');
    r.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    expect(await detectDefaultBranch(git, r.dir)).toBe('feature/login');
  });

  it('takes the branch of a repository that has no commit yet', async () => {
    const dir = tempDir();
    gitIn(dir, 'init', '-q', '-b', 'trunk');
    expect(await detectDefaultBranch(git, dir)).toBe('trunk');
  });

  it('says main with HEAD detached, outside a repository, or when git names nothing', async () => {
    const r = repo();
    r.git('branch', '-m', 'trunk');
    r.git('switch', '-q', '--detach');
    expect(await detectDefaultBranch(git, r.dir)).toBe('main');
    expect(await detectDefaultBranch(git, tempDir())).toBe('main');
    expect(await detectDefaultBranch(gitAnswering({ exitCode: 0, stdout: '\n' }), r.dir)).toBe(
      'main',
    );
  });

  it('trusts neither answer of a git that failed, whatever it printed', async () => {
    const failed = gitAnswering({ exitCode: 1, stdout: 'origin/develop\n' });
    expect(await detectDefaultBranch(failed, tempDir())).toBe('main');
    const answered = gitAnswering({ exitCode: 0, stdout: 'origin/develop\n' });
    expect(await detectDefaultBranch(answered, tempDir())).toBe('develop');
  });
});
