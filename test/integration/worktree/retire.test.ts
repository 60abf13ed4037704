// A session merged at the end of its cook gives its worktree back to the pool at once, but only
// when nothing in the tree is the session's alone.
import { existsSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { exec } from '../../../src/infra/exec.js';
import { listPoolEntries, poolDir } from '../../../src/sessions/pool.js';
import { giveBackMerged } from '../../../src/sessions/retire.js';
import { readSession, type SessionRecord } from '../../../src/sessions/store.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import {
  branches,
  commitFile,
  git,
  makeSession,
  runMmm,
  storeFor,
} from '../../helpers/worktree.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const deps = (extra: Record<string, string> = {}) => ({ exec, env: { ...process.env, ...extra } });

/** A session whose one commit was merged into main by `mmm worktree merge`. */
async function merged(): Promise<SessionRecord> {
  repo = makeTempRepo();
  const s = await makeSession(repo.dir);
  commitFile(s.worktreePath, 'work.txt', 'work\n', 'work');
  expect((await runMmm(repo.dir, ['worktree', 'merge', s.name])).code).toBe(0);
  return s;
}

async function pooledAt(s: SessionRecord): Promise<string | undefined> {
  return (await readSession(storeFor(repo.dir), s.name))?.pooledAt;
}

describe('giving a merged session back to the pool', () => {
  it('pools the tree, keeps the branch and the record, and notes when', async () => {
    const s = await merged();
    expect(await giveBackMerged(deps(), { cwd: repo.dir, name: s.name })).toBe(true);
    expect(existsSync(s.worktreePath)).toBe(false);
    expect(listPoolEntries(poolDir(process.env, repo.dir))).toHaveLength(1);
    expect(branches(repo.dir)).toContain(s.branch);
    expect(await pooledAt(s)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  const keeps: [string, (s: SessionRecord) => void | Promise<void>, Record<string, string>?][] = [
    ['the pool is off', () => undefined, { MMM_POOL_SIZE: '0' }],
    ['HEAD is on another branch', (s) => void git(s.worktreePath, 'checkout', '-q', '-b', 'mine')],
    [
      'the branch has a commit the base has not',
      (s) => void commitFile(s.worktreePath, 'more.txt', 'm\n', 'more'),
    ],
    ['a file is uncommitted', (s) => void git(s.worktreePath, 'rm', '-q', '--cached', 'work.txt')],
    ['a repository is inside', (s) => void git(s.worktreePath, 'init', '-q', 'lib')],
    ['the tree lost its .git', (s) => rmSync(`${s.worktreePath}/.git`)],
  ];
  it.each(keeps)('keeps the tree when %s', async (_, change, env) => {
    const s = await merged();
    await change(s);
    expect(await giveBackMerged(deps(env), { cwd: repo.dir, name: s.name })).toBe(false);
    expect(existsSync(s.worktreePath)).toBe(true);
    expect(await pooledAt(s)).toBeUndefined();
  });

  it('does nothing for a session not merged, gone, or unknown', async () => {
    repo = makeTempRepo();
    const s = await makeSession(repo.dir, 'completed');
    expect(await giveBackMerged(deps(), { cwd: repo.dir, name: s.name })).toBe(false);
    expect(existsSync(s.worktreePath)).toBe(true);
    expect(await giveBackMerged(deps(), { cwd: repo.dir, name: 'nobody' })).toBe(false);
    const m = await makeSession(repo.dir, 'merged');
    rmSync(m.worktreePath, { recursive: true, force: true });
    expect(await giveBackMerged(deps(), { cwd: repo.dir, name: m.name })).toBe(false);
  });
});
