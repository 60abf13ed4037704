// Session records on disk: reading one, listing them, and what a damaged one says.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deleteSessionRecord,
  listSessionRecords,
  readSession,
  sessionFile,
  sessionStore,
  slug,
  updateSession,
  writeSession,
  type SessionRecord,
} from '../../../src/sessions/store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function store() {
  const home = mkdtempSync(join(tmpdir(), 'mmm-store-'));
  dirs.push(home);
  return sessionStore({ MMM_HOME: home }, '/work/project');
}

function record(name: string, createdAt: string): SessionRecord {
  return {
    name,
    repoRoot: '/work/project',
    worktreePath: `/w/${name}`,
    branch: `mmm/${name}`,
    baseBranch: 'main',
    baseCommit: 'a'.repeat(40),
    playbook: 'pb.yml',
    status: 'completed',
    commits: 0,
    createdAt,
    updatedAt: createdAt,
    runIds: [],
  };
}

describe('session records', () => {
  it('keep the worktrees apart from the records, under MMM_HOME', () => {
    const s = store();
    expect(s.sessionsDir).toMatch(/\/sessions\/project-[0-9a-f]+$/);
    expect(s.worktreesDir).toMatch(/\/worktrees\/project-[0-9a-f]+$/);
    expect(slug('--Fix  the Bug--')).toBe('fix-the-bug');
    expect(slug('a'.repeat(39) + '-b', 40)).toBe('a'.repeat(39));
  });

  it('read back what was written, and nothing for a name that is a path or hidden', async () => {
    const s = store();
    await writeSession(s, record('one', '2026-01-02T00:00:00Z'));
    expect((await readSession(s, 'one'))?.branch).toBe('mmm/one');
    expect(await readSession(s, 'two')).toBeUndefined();
    mkdirSync(join(s.sessionsDir, 'sub'), { recursive: true });
    writeFileSync(join(s.sessionsDir, 'sub', 'x.json'), JSON.stringify(record('x', '2026')));
    writeFileSync(join(s.sessionsDir, '.hidden.json'), JSON.stringify(record('.hidden', '2026')));
    expect(await readSession(s, 'sub/x')).toBeUndefined();
    expect(await readSession(s, '.hidden')).toBeUndefined();
    expect(await readSession(s, '../one')).toBeUndefined();
  });

  it('name a damaged record, what is wrong with it, and what is left of its session', async () => {
    const s = store();
    mkdirSync(s.sessionsDir, { recursive: true });
    const cases: [string, string, string][] = [
      ['bad', '{ not json', 'is not valid JSON'],
      ['null', 'null', 'is not a session record'],
      ['list', '[1]', 'is not a session record'],
      ['nameless', '{"status": "merged"}', 'is not a session record'],
    ];
    for (const [name, text, what] of cases) {
      writeFileSync(sessionFile(s, name), text);
      const worktree = join(s.worktreesDir, name);
      await expect(readSession(s, name)).rejects.toMatchObject({
        exitCode: 3,
        message: `the session record ${sessionFile(s, name)} ${what}; its worktree ${worktree} and branch mmm/${name}, where they exist, are left as they are`,
        hint: `restore the file, or remove the session with git (git worktree remove --force ${worktree}; git branch -D mmm/${name}) and delete the file`,
      });
    }
  });

  it('list oldest first, other files left out, damaged ones named apart', async () => {
    const s = store();
    expect(await listSessionRecords(s)).toEqual({ records: [], unreadable: [] });
    await writeSession(s, record('late', '2026-03-01T00:00:00Z'));
    await writeSession(s, record('early', '2026-01-01T00:00:00Z'));
    await writeSession(s, record('middle', '2026-02-01T00:00:00Z'));
    writeFileSync(join(s.sessionsDir, 'notes.txt'), 'not a record');
    writeFileSync(join(s.sessionsDir, 'broken.json'), '{');
    const { records, unreadable } = await listSessionRecords(s);
    expect(records.map((r) => r.name)).toEqual(['early', 'middle', 'late']);
    expect(unreadable.map((e) => e.message)).toEqual([
      expect.stringContaining(`${sessionFile(s, 'broken')} is not valid JSON`),
    ]);
  });

  it('update one field and the time, refuse a record that vanished, and delete', async () => {
    const s = store();
    await writeSession(s, record('one', '2026-01-01T00:00:00Z'));
    const at = new Date('2026-05-05T05:05:05Z');
    const next = await updateSession(s, 'one', { status: 'merged' }, at);
    expect(next).toMatchObject({
      status: 'merged',
      updatedAt: at.toISOString(),
      branch: 'mmm/one',
    });
    expect(await readSession(s, 'one')).toEqual(next);
    await deleteSessionRecord(s, 'one');
    expect(await readSession(s, 'one')).toBeUndefined();
    await deleteSessionRecord(s, 'one');
    await expect(updateSession(s, 'one', { status: 'merged' })).rejects.toThrow(
      'session record one vanished',
    );
  });
});
