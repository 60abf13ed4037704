// What src/git/proposals.ts does in a real repository: the refs a run's proposals wait on and
// their numbering, holding a proposal, landing it by a fast-forward, and the identity of whoever
// decides.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fastForwardTo,
  gitIdentity,
  holdProposal,
  nextProposalNumber,
  proposalRef,
} from '../../../src/git/proposals.js';
import { GitCommandError } from '../../../src/git/run.js';
import { exec } from '../../../src/infra/exec.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const repo = useTempRepos();
const git = { exec };

/** A branch `name` made at main's tip with `a.txt` changed and `new.txt` added; main stays out. */
function ahead(r: TempRepo, name: string): string {
  r.git('checkout', '-q', '-b', name);
  r.write('a.txt', 'a, changed\n');
  r.write('new.txt', 'new\n');
  const tip = r.commitAll('ahead');
  r.git('checkout', '-q', 'main');
  return tip;
}

function read(r: TempRepo, path: string): string {
  return readFileSync(join(r.dir, path), 'utf8');
}

describe('proposalRef', () => {
  it("names the run's n-th proposal under refs/mmm/<run>/proposals", () => {
    expect(proposalRef('run-1', 3)).toBe('refs/mmm/run-1/proposals/3');
    expect(proposalRef('20261207-abc', 10)).toBe('refs/mmm/20261207-abc/proposals/10');
  });
});

describe('nextProposalNumber', () => {
  it('is 1 for a run with no proposals', async () => {
    const r = repo();
    r.git('update-ref', 'refs/mmm/run-10/proposals/4', 'HEAD');
    r.git('update-ref', 'refs/mmm/run-1/attempt-7', 'HEAD');
    expect(await nextProposalNumber(git, r.dir, 'run-1')).toBe(1);
  });

  it('is one past the highest, compared as numbers', async () => {
    const r = repo();
    for (const n of [1, 2, 10, 9]) r.git('update-ref', proposalRef('run-1', n), 'HEAD');
    expect(await nextProposalNumber(git, r.dir, 'run-1')).toBe(11);
  });

  it("ignores other runs' proposals and names that are not whole numbers", async () => {
    const r = repo();
    for (const ref of [
      'refs/mmm/run-1/proposals/2',
      'refs/mmm/run-1/proposals/2.5',
      'refs/mmm/run-1/proposals/draft',
      'refs/mmm/run-1/proposals-old/30',
      'refs/mmm/run-10/proposals/40',
      'refs/mmm/other/proposals/50',
    ]) {
      r.git('update-ref', ref, 'HEAD');
    }
    expect(await nextProposalNumber(git, r.dir, 'run-1')).toBe(3);
  });
});

describe('holdProposal', () => {
  it('points the ref at the commit, creating it or moving it, with a reflog line that says why', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    r.git('config', 'core.logAllRefUpdates', 'always');
    const first = r.git('rev-parse', 'HEAD');
    const next = ahead(r, 'next');
    const ref = proposalRef('run-1', 1);
    await holdProposal(git, r.dir, ref, next);
    expect(r.git('rev-parse', ref)).toBe(next);
    await holdProposal(git, r.dir, ref, first);
    expect(r.git('rev-parse', ref)).toBe(first);
    expect(r.git('reflog', 'show', '--format=%H %gs', ref)).toBe(
      `${first} mmm: proposal\n${next} mmm: proposal`,
    );
  });

  it('throws, making no ref, for a commit that does not exist', async () => {
    const r = repo();
    const ref = proposalRef('run-1', 1);
    await expect(holdProposal(git, r.dir, ref, 'e'.repeat(40))).rejects.toBeInstanceOf(
      GitCommandError,
    );
    expect(r.git('for-each-ref', 'refs/mmm/')).toBe('');
  });
});

describe('fastForwardTo', () => {
  it('moves the checked-out branch forward and updates the files', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const next = ahead(r, 'next');
    await fastForwardTo(git, r.dir, next);
    expect(r.git('rev-parse', 'HEAD')).toBe(next);
    expect(r.git('symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(read(r, 'a.txt')).toBe('a, changed\n');
    expect(read(r, 'new.txt')).toBe('new\n');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('moves a detached HEAD forward, leaving it detached', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const next = ahead(r, 'next');
    r.git('checkout', '-q', '--detach');
    await fastForwardTo(git, r.dir, next);
    expect(r.git('rev-parse', 'HEAD')).toBe(next);
    expect(r.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('HEAD');
    expect(r.git('rev-parse', 'main')).not.toBe(next);
    expect(read(r, 'new.txt')).toBe('new\n');
  });

  it('changes nothing for a commit the branch already has', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const first = r.git('rev-parse', 'HEAD');
    const next = ahead(r, 'next');
    r.git('merge', '-q', '--ff-only', 'next');
    await fastForwardTo(git, r.dir, first);
    expect(r.git('rev-parse', 'HEAD')).toBe(next);
    expect(read(r, 'a.txt')).toBe('a, changed\n');
  });

  it('throws, changing nothing, when the branch has commits the target lacks', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const next = ahead(r, 'next');
    r.write('b.txt', 'b\n');
    const own = r.commitAll('own');
    await expect(fastForwardTo(git, r.dir, next)).rejects.toBeInstanceOf(GitCommandError);
    expect(r.git('rev-parse', 'HEAD')).toBe(own);
    expect(read(r, 'a.txt')).toBe('a\n');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('throws, keeping the uncommitted change, when the fast-forward would overwrite it', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const first = r.git('rev-parse', 'HEAD');
    const next = ahead(r, 'next');
    r.write('a.txt', 'a, mine\n');
    await expect(fastForwardTo(git, r.dir, next)).rejects.toThrow(/would be overwritten by merge/);
    expect(r.git('rev-parse', 'HEAD')).toBe(first);
    expect(read(r, 'a.txt')).toBe('a, mine\n');
  });
});

describe('gitIdentity', () => {
  const names = ['GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL'] as const;
  const saved = names.map((name) => [name, process.env[name]] as const);
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  const withoutCommitterEnv = () => names.forEach((name) => delete process.env[name]);

  it('is the committer git would record, as Name <email>, without the time', async () => {
    const r = repo();
    expect(await gitIdentity(git, r.dir)).toBe('mmm test <test@mmm.invalid>');
  });

  it("follows the repository's user.name and user.email", async () => {
    const r = repo();
    withoutCommitterEnv();
    r.git('config', 'user.name', 'Ada Lovelace');
    r.git('config', 'user.email', 'ada@example.invalid');
    expect(await gitIdentity(git, r.dir)).toBe('Ada Lovelace <ada@example.invalid>');
  });

  it('is "unknown <unknown>" when git has no identity to give', async () => {
    const r = repo();
    withoutCommitterEnv();
    r.git('config', '--unset', 'user.email');
    r.git('config', 'user.useConfigOnly', 'true');
    expect(await gitIdentity(git, r.dir)).toBe('unknown <unknown>');
    expect(await gitIdentity(git, join(r.dir, 'no-such-dir'))).toBe('unknown <unknown>');
  });
});
