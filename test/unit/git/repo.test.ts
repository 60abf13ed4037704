import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PreconditionError } from '../../../src/errors.js';
import { exec } from '../../../src/infra/exec.js';
import {
  currentBranch,
  gitPath,
  gitPaths,
  head,
  headIfAny,
  headRef,
  identityProblem,
  isInsideRepo,
  repoRoot,
  workTreeRoot,
} from '../../../src/git/repo.js';
import { useTempRepos } from '../../helpers/repo.js';

const deps = { exec };
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const repo = useTempRepos();

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
    const wt = join(mkdtempSync(join(tmpdir(), 'mmm-wt-')), 'wt');
    cleanups.push(() => rmSync(wt, { recursive: true, force: true }));
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
    const wt = join(mkdtempSync(join(tmpdir(), 'mmm-wt-')), 'wt');
    cleanups.push(() => rmSync(wt, { recursive: true, force: true }));
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
    expect(await identityProblem(noEmail, r.dir)).toMatch(/fatal:/);
  });
});
