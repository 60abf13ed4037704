// What src/git/run-refs.ts reads of one run in a real repository: the highest number among the
// refs its saved work went to, and the Mmm-Run trailers of the commits between two revisions.
import { describe, expect, it } from 'vitest';
import { lastSavedRefNumber, runTrailersBetween } from '../../../src/git/run-refs.js';
import { GitCommandError } from '../../../src/git/run.js';
import { exec } from '../../../src/infra/exec.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const repo = useTempRepos();
const git = { exec };

/** Commits nothing but a message and returns the new commit. */
function commitMessage(r: TempRepo, message: string): string {
  r.git('commit', '-q', '--allow-empty', '-m', message);
  return r.git('rev-parse', 'HEAD');
}

describe('lastSavedRefNumber', () => {
  it('is 0 for a run with no saved refs', async () => {
    const r = repo();
    r.git('update-ref', 'refs/mmm/run-10/attempt-4', 'HEAD');
    expect(await lastSavedRefNumber(git, r.dir, 'run-1')).toBe(0);
  });

  it("is the highest number among the run's refs, compared as numbers", async () => {
    const r = repo();
    for (const ref of ['attempt-3', 'attempt-12', 'step-7', 'wip-9-branch']) {
      r.git('update-ref', `refs/mmm/run-1/${ref}`, 'HEAD');
    }
    expect(await lastSavedRefNumber(git, r.dir, 'run-1')).toBe(12);
  });

  it('counts the number of a -branch ref', async () => {
    const r = repo();
    r.git('update-ref', 'refs/mmm/run-1/save-4', 'HEAD');
    r.git('update-ref', 'refs/mmm/run-1/save-5-branch', 'HEAD');
    expect(await lastSavedRefNumber(git, r.dir, 'run-1')).toBe(5);
  });

  it("ignores other runs' refs and names that do not end in -<n> or -<n>-branch", async () => {
    const r = repo();
    for (const ref of [
      'refs/mmm/run-1/attempt-2',
      'refs/mmm/run-1/proposals/40',
      'refs/mmm/run-1/x-99-other',
      'refs/mmm/run-1/y-98branch',
      'refs/mmm/run-1/z-97-branches',
      'refs/mmm/run-1/n96',
      'refs/mmm/run-10/attempt-50',
      'refs/mmm/other/attempt-60',
      'refs/heads/tmp-70',
    ]) {
      r.git('update-ref', ref, 'HEAD');
    }
    expect(await lastSavedRefNumber(git, r.dir, 'run-1')).toBe(2);
  });
});

describe('runTrailersBetween', () => {
  /** Four commits after the first: trailers of one run, none, two runs among others, spaced. */
  function history() {
    const r = repo();
    const base = r.git('rev-parse', 'HEAD');
    const one = commitMessage(r, 'one\n\nMmm-Run: run-a');
    const two = commitMessage(r, 'two\n\nno trailers here');
    const three = commitMessage(
      r,
      'three\n\nMmm-Run: run-a\nCo-authored-by: Someone <someone@example.invalid>\nMmm-Run: run-b',
    );
    const four = commitMessage(
      r,
      'four\n\nSigned-off-by: Someone <someone@example.invalid>\nMmm-Run:    run-c   ',
    );
    return { r, base, one, two, three, four };
  }

  it('lists the commits after `from` up to `to`, oldest first, each with its Mmm-Run values', async () => {
    const { r, base, one, two, three, four } = history();
    expect(await runTrailersBetween(git, r.dir, base, four)).toEqual([
      { commit: one, runs: ['run-a'] },
      { commit: two, runs: [] },
      { commit: three, runs: ['run-a', 'run-b'] },
      { commit: four, runs: ['run-c'] },
    ]);
  });

  it('leaves out `from` itself and what comes before it', async () => {
    const { r, two, three, four } = history();
    expect(await runTrailersBetween(git, r.dir, two, four)).toEqual([
      { commit: three, runs: ['run-a', 'run-b'] },
      { commit: four, runs: ['run-c'] },
    ]);
    expect(await runTrailersBetween(git, r.dir, three, 'HEAD')).toEqual([
      { commit: four, runs: ['run-c'] },
    ]);
  });

  it('is empty when `to` is `from`, without asking git, and when `to` is behind `from`', async () => {
    const { r, base, four } = history();
    expect(await runTrailersBetween(git, r.dir, 'no-such-rev', 'no-such-rev')).toEqual([]);
    expect(await runTrailersBetween(git, r.dir, four, base)).toEqual([]);
  });

  it('throws for a revision git does not know', async () => {
    const { r, base } = history();
    await expect(runTrailersBetween(git, r.dir, base, 'no-such-rev')).rejects.toBeInstanceOf(
      GitCommandError,
    );
  });
});
