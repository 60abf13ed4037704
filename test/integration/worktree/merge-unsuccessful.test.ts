// Merging a session whose run did not succeed: said, then asked on a terminal, refused without
// one unless --force.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineRunner } from '../../../src/actions/cook/runner.js';
import { cookInWorktree } from '../../../src/actions/cook/worktree.js';
import { runWorktreeMerge } from '../../../src/actions/worktree/merge.js';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { listSessions, readSession, type SessionRecord } from '../../../src/sessions/store.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';
import { commitFile, makeContext, makeSession, runMmm, storeFor } from '../../helpers/worktree.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

// The first step lands a commit in the session; the second fails.
const BREAKS = `name: breaks
steps:
  - shell: "echo half done > half.txt"
  - shell: "echo checking && exit 7"
`;

/** Runs BREAKS in a new session, as `mmm cook --worktree` does, and returns the session. */
async function failedSession(dir: string): Promise<SessionRecord> {
  const file = join(mkdtempSync(join(tmpdir(), 'mmm-playbook-')), 'breaks.yml');
  writeFileSync(file, BREAKS);
  const t = makeContext(dir);
  const playbook = await loadPlaybook(file, { cwd: dir });
  const runner = createEngineRunner({ playbook, quiet: true }, t.ctx);
  const code = await cookInWorktree(
    { playbookPath: file, playbookName: playbook.name },
    t.ctx,
    runner,
  );
  expect(code).toBe(1);
  const [session] = await listSessions(storeFor(dir));
  expect(session).toMatchObject({ status: 'failed' });
  return session!;
}

describe('mmm worktree merge of a session whose run did not succeed', () => {
  it('without a terminal: refuses (exit 3), names the failed step and --force, changes nothing', async () => {
    repo = makeTempRepo();
    const session = await failedSession(repo.dir);
    const main = repo.git('rev-parse', 'main');
    const runId = session.runIds[0]!;

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `session ${session.name} was not merged into main: its run failed`,
    );
    expect(run.stderr).toContain(
      'iteration 1, step 2 (shell: echo checking && exit 7) failed (exit 7)',
    );
    expect(run.stderr).toContain(`mmm runs show ${runId.slice(0, 8)}`);
    expect(run.stderr).toContain(`mmm worktree merge ${session.name} --force`);
    expect(run.stderr).not.toContain('step 1 ');
    expect(repo.git('rev-parse', 'main')).toBe(main);
    expect((await readSession(storeFor(repo.dir), session.name))?.status).toBe('failed');
  });

  it('--force merges it without asking, after saying which step failed', async () => {
    repo = makeTempRepo();
    const session = await failedSession(repo.dir);

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name, '--force']);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Session ${session.name}: its run failed`);
    expect(run.stderr).toContain('step 2 (shell: echo checking && exit 7) failed (exit 7)');
    expect(run.stderr).toContain('Merging it into main anyway (--force).');
    expect(run.stdout).toContain(`Merged ${session.name} into main`);
    expect(repo.git('show', 'main:half.txt')).toBe('half done');
    expect((await readSession(storeFor(repo.dir), session.name))?.status).toBe('merged');
  });

  it('on a terminal: asks, merges on yes, and on no changes nothing (exit 3)', async () => {
    repo = makeTempRepo();
    const session = await failedSession(repo.dir);
    const main = repo.git('rev-parse', 'main');
    const questions: string[] = [];

    const no = makeContext(repo.dir);
    const declined = await runWorktreeMerge(
      session.name,
      { ask: (q) => Promise.resolve(questions.push(q) < 0) },
      no.ctx,
    );

    expect(declined).toBe(3);
    expect(questions).toEqual([`Merge ${session.name} into main anyway?`]);
    expect(no.stderr()).toContain('step 2 (shell: echo checking && exit 7) failed (exit 7)');
    expect(no.stderr()).toContain('Not merged; main is unchanged');
    expect(repo.git('rev-parse', 'main')).toBe(main);
    expect((await readSession(storeFor(repo.dir), session.name))?.status).toBe('failed');

    const yes = makeContext(repo.dir);
    const merged = await runWorktreeMerge(
      session.name,
      { ask: (q) => Promise.resolve(questions.push(q) > 0) },
      yes.ctx,
    );

    expect(merged).toBe(0);
    expect(questions).toHaveLength(2);
    expect(repo.git('show', 'main:half.txt')).toBe('half done');
    expect((await readSession(storeFor(repo.dir), session.name))?.status).toBe('merged');
  });

  it('refuses a session whose process died mid-run (recorded running, process gone)', async () => {
    repo = makeTempRepo();
    const session = await makeSession(repo.dir, 'running');
    commitFile(session.worktreePath, 'partial.txt', 'p\n', 'partial');
    const main = repo.git('rev-parse', 'main');

    const run = await runMmm(repo.dir, ['worktree', 'merge', session.name]);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain('its run crashed');
    expect(run.stderr).toContain('--force');
    expect(repo.git('rev-parse', 'main')).toBe(main);
  });

  it('asks nothing about a completed session', async () => {
    repo = makeTempRepo();
    const session = await makeSession(repo.dir);
    commitFile(session.worktreePath, 'fine.txt', 'fine\n', 'fine');
    const t = makeContext(repo.dir);
    const questions: string[] = [];

    const code = await runWorktreeMerge(
      session.name,
      { ask: (q) => Promise.resolve(questions.push(q) < 0) },
      t.ctx,
    );

    expect(code).toBe(0);
    expect(questions).toEqual([]);
    expect(repo.git('show', 'main:fine.txt')).toBe('fine');
  });

  it('--all --force is a usage error: --all merges only completed sessions', async () => {
    repo = makeTempRepo();
    const failed = await makeSession(repo.dir, 'failed');
    commitFile(failed.worktreePath, 'c.txt', 'c\n', 'c');
    const main = repo.git('rev-parse', 'main');

    const run = await runMmm(repo.dir, ['worktree', 'merge', '--all', '--force']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--all merges only completed sessions');
    expect(repo.git('rev-parse', 'main')).toBe(main);
  });
});
