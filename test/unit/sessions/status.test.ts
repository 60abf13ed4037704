// What state a session is in, and what is refused while its run goes on.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processStart } from '../../../src/infra/liveness.js';
import { cleanSession } from '../../../src/sessions/clean.js';
import {
  describeSessions,
  refuseIfRunning,
  requireSession,
  stateOf,
} from '../../../src/sessions/status.js';
import type { SessionRecord } from '../../../src/sessions/store.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { deps, makeSession, storeFor } from '../../helpers/worktree.js';

const dirs: string[] = [];
let repo: TempRepo | undefined;
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  repo?.cleanup();
  repo = undefined;
});

function record(fields: Partial<SessionRecord>): SessionRecord {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-state-'));
  dirs.push(dir);
  return {
    name: 'calm-heron',
    repoRoot: dir,
    worktreePath: dir,
    branch: 'mmm/calm-heron',
    baseBranch: 'main',
    baseCommit: 'a'.repeat(40),
    playbook: 'pb.yml',
    status: 'completed',
    commits: 0,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    runIds: [],
    ...fields,
  };
}

/** A process that is not this one, alive until the test ends. */
function otherProcess(): { pid: number; start: number | undefined; stop: () => void } {
  const child = spawn('sleep', ['30']);
  const pid = child.pid!;
  return { pid, start: processStart(pid), stop: () => child.kill() };
}

describe('the state of a session', () => {
  it('is its status, unless cleaned, pooled after a merge, missing, or cut short', () => {
    expect(stateOf(record({ status: 'failed' }))).toBe('failed');
    expect(stateOf(record({ status: 'cleaned', worktreePath: '/nowhere' }))).toBe('cleaned');
    expect(stateOf(record({ status: 'merged', worktreePath: '/nowhere' }))).toBe('missing');
    expect(
      stateOf(record({ status: 'merged', worktreePath: '/nowhere', pooledAt: '2026-01-02' })),
    ).toBe('merged');
    // A worktree given back to the pool is no longer the session's: a failed one is missing.
    expect(
      stateOf(record({ status: 'failed', worktreePath: '/nowhere', pooledAt: '2026-01-02' })),
    ).toBe('missing');
    // Run on a queue's worker: no worktree here, and none missing.
    expect(stateOf(record({ status: 'completed', worktreePath: '/nowhere', ranOn: 'w:1' }))).toBe(
      'completed',
    );
    expect(stateOf(record({ status: 'running', pid: undefined }))).toBe('interrupted');
    const other = otherProcess();
    try {
      expect(stateOf(record({ status: 'running', pid: other.pid, pidStart: other.start }))).toBe(
        'running',
      );
    } finally {
      other.stop();
    }
  });

  it('refuses to change a session whose run still goes on, and nothing else', () => {
    const other = otherProcess();
    try {
      const live = record({ status: 'running', pid: other.pid, pidStart: other.start });
      expect(() => refuseIfRunning(live, 'clean')).toThrow(
        expect.objectContaining({
          exitCode: 3,
          message: `session calm-heron is still running (process ${other.pid}); cannot clean it`,
          hint: `wait for the run to finish, or stop it (Ctrl-C where it runs, or kill ${other.pid}); --force does not clean a running session`,
        }),
      );
      expect(() => refuseIfRunning({ ...live, status: 'completed' }, 'clean')).not.toThrow();
      expect(() => refuseIfRunning({ ...live, pid: undefined }, 'merge')).not.toThrow();
    } finally {
      other.stop();
    }
  });
});

describe('listing sessions', () => {
  it('names an unknown session and how to list them', async () => {
    repo = makeTempRepo();
    await expect(requireSession(storeFor(repo.dir), 'nope')).rejects.toMatchObject({
      exitCode: 2,
      message: 'no session named nope in this repository',
      hint: 'mmm worktree ls lists the sessions',
    });
  });

  it('leaves cleaned sessions out unless asked, tells of unreadable records, and counts commits ahead', async () => {
    repo = makeTempRepo();
    const kept = await makeSession(repo.dir, 'completed', 'kept');
    const gone = await makeSession(repo.dir, 'completed', 'gone');
    await cleanSession(deps, { cwd: repo.dir, name: gone.name });
    const store = storeFor(repo.dir);
    writeFileSync(join(store.sessionsDir, 'broken.json'), '{ not json');
    const problems: string[] = [];
    const views = await describeSessions(deps, {
      cwd: repo.dir,
      onUnreadable: (problem) => problems.push(problem.message),
    });
    expect(views.map((v) => [v.record.name, v.state, v.ahead])).toEqual([
      [kept.name, 'completed', 0],
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('broken.json');
    const all = await describeSessions(deps, { cwd: repo.dir, all: true });
    expect(all.map((v) => [v.record.name, v.state, v.ahead]).sort()).toEqual(
      [
        [kept.name, 'completed', 0],
        [gone.name, 'cleaned', undefined],
      ].sort(),
    );
  });
});
