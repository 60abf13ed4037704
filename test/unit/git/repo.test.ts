// Where a directory stands in a repository, as git says: the working tree and git directory it
// finds, HEAD and the branch, where git keeps a file (and the shared git directory, remembered or
// read from a pinned tree's files), the commit identity, and why there is no working tree.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PreconditionError } from '../../../src/errors.js';
import { exec, type Exec } from '../../../src/infra/exec.js';
import { pinToWorkTree } from '../../../src/git/pin.js';
import {
  currentBranch,
  gitPath,
  gitPaths,
  head,
  headIfAny,
  headRef,
  identityProblem,
  isInsideRepo,
  noWorkTreeError,
  rememberCommonDir,
  repoRoot,
  topAndGitDir,
  workTreeRoot,
} from '../../../src/git/repo.js';
import type { GitDeps } from '../../../src/git/run.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const deps = { exec };
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const repo = useTempRepos();

/** A new temporary directory, by its real path, removed after the test. */
function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `base` with real git, every git command it runs recorded in `runs`. */
function counted(base: GitDeps = deps): { deps: GitDeps; runs: string[][] } {
  const runs: string[][] = [];
  const run: Exec = (file, args, options) => {
    runs.push([...args]);
    return exec(file, args, options);
  };
  return { deps: { ...base, exec: run }, runs };
}

/** A linked worktree of `r` on a new branch, and the git directory the two share. */
function linkedWorktree(r: TempRepo): { wt: string; common: string } {
  const wt = join(tempDir('mmm-wt-'), 'wt');
  r.git('worktree', 'add', '-q', '-b', 'side', wt);
  return { wt, common: join(realpathSync(r.dir), '.git') };
}

/** The start of the error when git refuses the git directory it is asked about. */
const COMMON_DIR_FAILED =
  'git rev-parse --path-format=absolute --git-common-dir failed (exit 128): fatal: ';

describe('repository facts', () => {
  it('knows whether a directory is inside a working tree', async () => {
    const r = repo();
    const outside = mkdtempSync(join(tmpdir(), 'mmm-plain-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    expect(await isInsideRepo(deps, r.dir)).toBe(true);
    expect(await isInsideRepo(deps, outside)).toBe(false);
  });

  it('finds the root from a subdirectory, and the root of a linked worktree', async () => {
    const r = repo();
    r.write('sub/dir/file.txt', 'x');
    const root = realpathSync(r.dir);
    expect(await repoRoot(deps, join(r.dir, 'sub/dir'))).toBe(root);
    const wt = join(tempDir('mmm-wt-'), 'wt');
    r.git('worktree', 'add', '-q', '-b', 'side', wt);
    expect(await repoRoot(deps, wt)).toBe(realpathSync(wt));
  });

  it('answers root and inside-ness in one go: the root, or undefined outside a working tree', async () => {
    const r = repo();
    r.write('sub/dir/file.txt', 'x');
    const outside = mkdtempSync(join(tmpdir(), 'mmm-plain-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    expect(await workTreeRoot(deps, join(r.dir, 'sub/dir'))).toBe(realpathSync(r.dir));
    expect(await workTreeRoot(deps, outside)).toBeUndefined();
    // Inside the git directory there is no working tree, as isInsideRepo says too.
    expect(await workTreeRoot(deps, join(r.dir, '.git'))).toBeUndefined();
    expect(await isInsideRepo(deps, join(r.dir, '.git'))).toBe(false);
  });

  it('reports HEAD and the branch, and undefined when detached', async () => {
    const r = repo();
    const sha = r.git('rev-parse', 'HEAD');
    expect(await head(deps, r.dir)).toBe(sha);
    expect(await currentBranch(deps, r.dir)).toBe('main');
    // A tag of the same name does not make the branch `heads/main`, as git's --short would.
    r.git('tag', 'main');
    expect(await currentBranch(deps, r.dir)).toBe('main');
    r.git('checkout', '-q', '--detach');
    expect(await currentBranch(deps, r.dir)).toBeUndefined();
    expect(await head(deps, r.dir)).toBe(sha);
  });

  it('tells a linked worktree apart: its own HEAD, its branch and where git keeps its files', async () => {
    const r = repo();
    const wt = join(tempDir('mmm-wt-'), 'wt');
    r.git('worktree', 'add', '-q', '-b', 'side', wt);
    r.git('-C', wt, 'commit', '-q', '--allow-empty', '-m', 'on side');
    r.write('sub/x.txt', 'x\n');
    expect(await head(deps, wt)).toBe(r.git('-C', wt, 'rev-parse', 'HEAD'));
    expect(await head(deps, wt)).not.toBe(await head(deps, r.dir));
    expect(await currentBranch(deps, wt)).toBe('side');
    expect(await headRef(deps, wt)).toBe('refs/heads/side');
    expect(await headRef(deps, join(r.dir, 'sub'))).toBe('refs/heads/main');
    const common = realpathSync(join(r.dir, '.git'));
    const [index, rebase] = await gitPaths(deps, wt, ['index', 'rebase-merge'], false);
    expect(realpathSync(dirname(index!))).toBe(join(common, 'worktrees', 'wt'));
    expect(rebase).toBe(join(dirname(index!), 'rebase-merge'));
    expect(realpathSync(await gitPath(deps, join(r.dir, 'sub'), 'index', false))).toBe(
      join(common, 'index'),
    );
    expect(await gitPath(deps, wt, 'info/exclude', true)).toBe(
      join(dirname(dirname(dirname(index!))), 'info', 'exclude'),
    );
  });

  it('knows the branch of a repository without commits, and that it has no HEAD commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-empty-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await exec('git', ['init', '-q', '-b', 'trunk'], { cwd: dir });
    expect(await headRef(deps, dir)).toBe('refs/heads/trunk');
    expect(await currentBranch(deps, dir)).toBe('trunk');
    expect(await headIfAny(deps, dir)).toBeUndefined();
  });

  it('refuses a repository without commits with a precondition error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-empty-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await exec('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    await expect(head(deps, dir)).rejects.toBeInstanceOf(PreconditionError);
  });
});

describe('commit identity', () => {
  it('is fine with a configured identity and explains a missing one', async () => {
    const r = repo();
    expect(await identityProblem(deps, r.dir)).toBeUndefined();
    r.git('config', 'user.useConfigOnly', 'true');
    r.git('config', '--unset', 'user.email');
    const env = { GIT_AUTHOR_EMAIL: undefined, GIT_COMMITTER_EMAIL: undefined, EMAIL: undefined };
    const noEmail = {
      exec: ((file, args, options) =>
        exec(file, args, { ...options, env: { ...options.env, ...env } })) as typeof exec,
    };
    expect(await identityProblem(noEmail, r.dir)).toBe(
      'fatal: no email was given and auto-detection is disabled',
    );
  });
});

describe('the working tree and git directory git finds', () => {
  it('gives the top and its own git directory, from a subdirectory or a linked worktree', async () => {
    const r = repo();
    r.write('sub/file.txt', 'x\n');
    const root = realpathSync(r.dir);
    expect(await topAndGitDir(deps, join(r.dir, 'sub'))).toEqual({
      top: root,
      gitDir: join(root, '.git'),
    });
    const { wt, common } = linkedWorktree(r);
    expect(await topAndGitDir(deps, wt)).toEqual({
      top: wt,
      gitDir: join(common, 'worktrees', 'wt'),
    });
  });

  it('is undefined outside a repository, in a bare one and in a .git directory', async () => {
    const r = repo();
    const bare = join(tempDir('mmm-bare-'), 'b.git');
    gitIn(r.dir, 'init', '-q', '--bare', bare);
    expect(await topAndGitDir(deps, tempDir('mmm-plain-'))).toBeUndefined();
    expect(await topAndGitDir(deps, bare)).toBeUndefined();
    expect(await topAndGitDir(deps, join(r.dir, '.git'))).toBeUndefined();
  });

  it('sees no working tree in a repository whose working tree is set elsewhere (core.worktree)', async () => {
    const r = repo();
    r.git('config', 'core.worktree', tempDir('mmm-elsewhere-'));
    expect(await workTreeRoot(deps, r.dir)).toBeUndefined();
    expect(await isInsideRepo(deps, r.dir)).toBe(false);
  });
});

describe('HEAD without a commit, or outside refs/heads', () => {
  it('refuses an orphan branch, saying where and what to do', async () => {
    const r = repo();
    r.git('checkout', '-q', '--orphan', 'fresh');
    expect(await headIfAny(deps, r.dir)).toBeUndefined();
    expect(await currentBranch(deps, r.dir)).toBe('fresh');
    const error = (await head(deps, r.dir).catch((e: unknown) => e)) as PreconditionError;
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error.message).toBe(
      `HEAD at ${r.dir} has no commits yet (a new repository, or an orphan branch)`,
    );
    expect(error.hint).toBe(
      'make a first commit (git commit), or switch to a branch that has commits (git switch <branch>), then run mmm again',
    );
  });

  it('names a HEAD attached to a ref outside refs/heads by its full name', async () => {
    const r = repo();
    r.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    r.git('symbolic-ref', 'HEAD', 'refs/remotes/origin/main');
    expect(await currentBranch(deps, r.dir)).toBe('refs/remotes/origin/main');
    expect(await headRef(deps, r.dir)).toBe('refs/remotes/origin/main');
  });
});

describe('where git keeps its files', () => {
  it("gives a worktree's own files in its git directory, or in the shared one when asked", async () => {
    const r = repo();
    const { wt, common } = linkedWorktree(r);
    expect(await gitPaths(deps, wt, ['index', 'HEAD'], false)).toEqual([
      join(common, 'worktrees', 'wt', 'index'),
      join(common, 'worktrees', 'wt', 'HEAD'),
    ]);
    expect(await gitPaths(deps, wt, ['index', 'HEAD'], true)).toEqual([
      join(common, 'index'),
      join(common, 'HEAD'),
    ]);
  });

  it('asks git for the shared git directory once per directory, then remembers it', async () => {
    const r = repo();
    const common = join(realpathSync(r.dir), '.git');
    const { deps: countedDeps, runs } = counted();
    expect(await gitPath(countedDeps, r.dir, 'info/exclude', true)).toBe(
      join(common, 'info', 'exclude'),
    );
    expect(await gitPath(countedDeps, r.dir, 'HEAD', true)).toBe(join(common, 'HEAD'));
    expect(runs).toEqual([['rev-parse', '--path-format=absolute', '--git-common-dir']]);
  });

  it('remembers several directories at once, each with its own answer', async () => {
    const a = tempDir('mmm-a-');
    const b = tempDir('mmm-b-');
    const commonA = tempDir('mmm-common-a-');
    const commonB = tempDir('mmm-common-b-');
    const asked: string[] = [];
    const answer = (common: string) => () => {
      asked.push(common);
      return Promise.resolve(common);
    };
    expect(await rememberCommonDir(deps, a, answer(commonA))).toBe(commonA);
    expect(await rememberCommonDir(deps, b, answer(commonB))).toBe(commonB);
    expect(await rememberCommonDir(deps, a, answer(b))).toBe(commonA);
    expect(await rememberCommonDir(deps, b, answer(a))).toBe(commonB);
    expect(asked).toEqual([commonA, commonB]);
  });

  it('asks again once the remembered shared directory is gone', async () => {
    const r = repo();
    const { wt, common } = linkedWorktree(r);
    expect(await gitPath(deps, wt, 'info/exclude', true)).toBe(join(common, 'info', 'exclude'));
    // The repository goes, and the worktree's directory becomes a repository of its own.
    rmSync(r.dir, { recursive: true, force: true });
    rmSync(join(wt, '.git'));
    gitIn(wt, 'init', '-q');
    expect(await gitPath(deps, wt, 'info/exclude', true)).toBe(join(wt, '.git', 'info', 'exclude'));
  });

  it("reads a pinned tree's shared git directory from its git files, without starting git", async () => {
    const r = repo();
    const { wt, common } = linkedWorktree(r);
    const root = realpathSync(r.dir);
    for (const tree of [wt, root]) {
      const { deps: pinned, runs } = counted(await pinToWorkTree(deps, tree));
      expect(await gitPath(pinned, tree, 'info/exclude', true)).toBe(
        join(common, 'info', 'exclude'),
      );
      expect(runs).toEqual([]);
    }
  });

  it('keeps apart the answers for one tree pinned to different git directories', async () => {
    const tree = realpathSync(repo().dir);
    const other = join(realpathSync(repo().dir), '.git');
    const own = { exec, pin: { gitDir: join(tree, '.git'), workTree: tree } };
    const elsewhere = { exec, pin: { gitDir: other, workTree: tree } };
    expect(await gitPath(own, tree, 'info/exclude', true)).toBe(
      join(tree, '.git', 'info', 'exclude'),
    );
    expect(await gitPath(elsewhere, tree, 'info/exclude', true)).toBe(
      join(other, 'info', 'exclude'),
    );
  });

  it('asks git for a pinned tree while GIT_COMMON_DIR names the shared directory', async () => {
    const r = repo();
    const pinned = await pinToWorkTree(deps, realpathSync(r.dir));
    const named = join(realpathSync(repo().dir), '.git');
    process.env.GIT_COMMON_DIR = named;
    try {
      expect(await gitPath(pinned, r.dir, 'info/exclude', true)).toBe(
        join(named, 'info', 'exclude'),
      );
    } finally {
      delete process.env.GIT_COMMON_DIR;
    }
  });

  it('leaves to git, which refuses it, a pinned git directory that lost its objects', async () => {
    const r = repo();
    const pinned = await pinToWorkTree(deps, realpathSync(r.dir));
    rmSync(join(r.dir, '.git', 'objects'), { recursive: true });
    await expect(gitPath(pinned, r.dir, 'info/exclude', true)).rejects.toThrow(COMMON_DIR_FAILED);
  });

  it('leaves to git, which refuses it, a pinned git directory whose commondir is a directory', async () => {
    const r = repo();
    const pinned = await pinToWorkTree(deps, realpathSync(r.dir));
    mkdirSync(join(r.dir, '.git', 'commondir'));
    await expect(gitPath(pinned, r.dir, 'info/exclude', true)).rejects.toThrow(COMMON_DIR_FAILED);
  });

  it("leaves to git, which refuses it, a pinned worktree's git directory with an empty commondir", async () => {
    const { wt } = linkedWorktree(repo());
    const pinned = await pinToWorkTree(deps, wt);
    writeFileSync(join(pinned.pin!.gitDir, 'commondir'), '');
    await expect(gitPath(pinned, wt, 'info/exclude', true)).rejects.toThrow(COMMON_DIR_FAILED);
  });
});

describe('why there is no working tree', () => {
  it('tells a bare repository, a git directory and a plain directory apart', async () => {
    const r = repo();
    const bare = join(tempDir('mmm-bare-'), 'b.git');
    gitIn(r.dir, 'init', '-q', '--bare', bare);
    const inBare = await noWorkTreeError(deps, bare, 'run git init');
    expect(inBare).toBeInstanceOf(PreconditionError);
    expect(inBare.message).toBe(
      `${bare} is a bare git repository, and mmm needs a working tree: steps run in one and their changes are committed from it`,
    );
    expect(inBare.hint).toBe(
      'run mmm in a clone of it (git clone <repository> <dir>) or in a worktree of it (git worktree add <dir> <branch>)',
    );
    const refs = join(r.dir, '.git', 'refs');
    const inGitDir = await noWorkTreeError(deps, refs, 'run git init');
    expect(inGitDir.message).toBe(`${refs} is inside a git directory, not a working tree`);
    expect(inGitDir.hint).toBe('run mmm from the working tree that holds this git directory');
    const plain = tempDir('mmm-plain-');
    const none = await noWorkTreeError(deps, plain, 'run git init');
    expect(none.message).toBe(`not a git repository: ${plain}`);
    expect(none.hint).toBe('run git init');
  });

  it("gives the caller's hint for a repository whose working tree is set elsewhere", async () => {
    const r = repo();
    r.git('config', 'core.worktree', tempDir('mmm-elsewhere-'));
    const error = await noWorkTreeError(deps, r.dir, 'run git init');
    expect(error.message).toBe(`not a git repository: ${r.dir}`);
    expect(error.hint).toBe('run git init');
  });
});
