// Branch and ref queries on real repositories: whether one commit is an ancestor of another,
// creating a branch whose name may already be taken, deleting exactly one branch, and moving a
// ref only while it still points at the commit expected.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exec } from '../../../src/infra/exec.js';
import {
  createBranch,
  deleteBranch,
  isAncestor,
  updateRefGuarded,
} from '../../../src/git/branch.js';
import { GitCommandError } from '../../../src/git/run.js';
import { useTempRepos } from '../../helpers/repo.js';

const deps = { exec };
const repo = useTempRepos();
afterEach(() => vi.useRealTimers());

/**
 * What `running` settles to, with setTimeout faked by the caller and the fake clock moved on until
 * it settles: git says `cannot lock ref` for a ref that moved, as for a lock taken, and runGit's
 * pauses between its tries of a lock would otherwise take seconds.
 */
async function withoutPauses<T>(running: Promise<T>): Promise<T> {
  let settled = false;
  void running.finally(() => (settled = true)).catch(() => undefined);
  while (!settled) await vi.advanceTimersByTimeAsync(100);
  return running;
}

/** A repository with two commits, first and second. */
function twoCommits() {
  const r = repo({ 'a.txt': 'a\n' });
  const first = r.git('rev-parse', 'HEAD');
  r.write('a.txt', 'b\n');
  const second = r.commitAll('second');
  return { r, first, second };
}

describe('isAncestor', () => {
  it('is true for an ancestor and for the commit itself, false the other way round', async () => {
    const { r, first, second } = twoCommits();
    expect(await isAncestor(deps, r.dir, first, second)).toBe(true);
    expect(await isAncestor(deps, r.dir, second, second)).toBe(true);
    expect(await isAncestor(deps, r.dir, second, first)).toBe(false);
  });

  it('throws for a revision git does not know, instead of answering', async () => {
    const { r, first } = twoCommits();
    const error = (await isAncestor(deps, r.dir, 'nosuch', first).catch(
      (e: unknown) => e,
    )) as GitCommandError;
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error.args).toEqual(['merge-base', '--is-ancestor', 'nosuch', first]);
    expect(error.result.exitCode).toBe(128);
  });
});

describe('createBranch', () => {
  it('creates the branch at the commit given', async () => {
    const { r, first } = twoCommits();
    expect(await createBranch(deps, r.dir, 'mmm/one', first)).toEqual({ ok: true });
    expect(r.git('rev-parse', 'refs/heads/mmm/one')).toBe(first);
  });

  it('reports a name already taken, and leaves that branch where it was', async () => {
    const { r, first, second } = twoCommits();
    r.git('branch', 'mmm/taken', first);
    expect(await createBranch(deps, r.dir, 'mmm/taken', second)).toEqual({
      ok: false,
      exists: true,
    });
    expect(r.git('rev-parse', 'refs/heads/mmm/taken')).toBe(first);
  });

  it('throws when git refuses for another reason: a branch in the way of the name, a bad name', async () => {
    const { r, first } = twoCommits();
    r.git('branch', 'mmm', first);
    const inTheWay = (await createBranch(deps, r.dir, 'mmm/x', first).catch(
      (e: unknown) => e,
    )) as GitCommandError;
    expect(inTheWay).toBeInstanceOf(GitCommandError);
    expect(inTheWay.args).toEqual(['branch', '--no-track', 'mmm/x', first]);
    await expect(createBranch(deps, r.dir, 'bad..name', first)).rejects.toThrow(GitCommandError);
    expect(r.git('for-each-ref', '--format=%(refname)', 'refs/heads/')).toBe(
      'refs/heads/main\nrefs/heads/mmm',
    );
  });
});

describe('deleteBranch', () => {
  it('deletes exactly the branch named and returns the commit it pointed at', async () => {
    const { r, first } = twoCommits();
    r.git('branch', 'mmm/a', first);
    r.git('branch', 'mmm/ab', first);
    expect(await deleteBranch(deps, r.dir, 'mmm/a')).toBe(first);
    expect(r.git('for-each-ref', '--format=%(refname)', 'refs/heads/')).toBe(
      'refs/heads/main\nrefs/heads/mmm/ab',
    );
  });

  it('returns undefined for a name no branch has, even when a tag has it, and deletes nothing', async () => {
    const { r, first } = twoCommits();
    r.git('tag', 'mmm-tag', first);
    expect(await deleteBranch(deps, r.dir, 'mmm/none')).toBeUndefined();
    expect(await deleteBranch(deps, r.dir, 'mmm-tag')).toBeUndefined();
    expect(r.git('for-each-ref', '--format=%(refname)')).toBe('refs/heads/main\nrefs/tags/mmm-tag');
  });
});

describe('updateRefGuarded', () => {
  it('moves the ref while it points at the commit expected, recording the reason', async () => {
    const { r, first, second } = twoCommits();
    r.git('branch', 'mmm/moved', first);
    expect(
      await updateRefGuarded(deps, r.dir, 'refs/heads/mmm/moved', second, first, 'mmm: advance'),
    ).toBe(true);
    expect(r.git('rev-parse', 'refs/heads/mmm/moved')).toBe(second);
    expect(r.git('reflog', '-1', '--format=%gs', 'refs/heads/mmm/moved')).toBe('mmm: advance');
  });

  it('leaves the ref alone and answers false once it points elsewhere', async () => {
    const { r, first, second } = twoCommits();
    r.git('branch', 'mmm/raced', second);
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const moving = updateRefGuarded(deps, r.dir, 'refs/heads/mmm/raced', first, first, 'x');
    expect(await withoutPauses(moving)).toBe(false);
    expect(r.git('rev-parse', 'refs/heads/mmm/raced')).toBe(second);
  });
});
