import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argForItem, matchGlob } from './map-items.js';
import {
  listSessions,
  makeSessionName,
  mmmHome,
  readSession,
  repoKey,
  sessionStore,
  slug,
  writeSession,
} from './store.js';

describe('session names', () => {
  it('are <playbook>-<yyyymmdd-hhmmss>-<4 hex>, safe as a ref and a path', () => {
    const name = makeSessionName('Improve Tests (v2)!', new Date(2025, 0, 31, 9, 5, 7));
    expect(name).toMatch(/^improve-tests-v2-20250131-090507-[0-9a-f]{4}$/);
  });

  it('slug keeps letters, digits and single dashes, never empty', () => {
    expect(slug('../../etc/passwd')).toBe('etc-passwd');
    expect(slug('résumé.lock')).toBe('r-sum-lock');
    expect(slug('---')).toBe('session');
    expect(slug('a'.repeat(60))).toHaveLength(40);
  });

  it('repo keys tell apart two checkouts with the same directory name', () => {
    expect(repoKey('/home/a/app')).toMatch(/^app-[0-9a-f]{8}$/);
    expect(repoKey('/home/a/app')).not.toBe(repoKey('/home/b/app'));
    expect(repoKey('/home/a/app')).toBe(repoKey('/home/a/app'));
  });

  it('MMM_HOME defaults to ~/.mmm', () => {
    expect(mmmHome({ MMM_HOME: '/x/y', HOME: '/h' })).toBe('/x/y');
    expect(mmmHome({ HOME: '/h' })).toBe('/h/.mmm');
  });
});

describe('--map items', () => {
  const files = [
    'README.md',
    'specs/12-add-cache.md',
    'specs/3-fix.md',
    'specs/notes.txt',
    'specs/deep/7-x.md',
    'src/a.ts',
    'src/lib/b.ts',
  ];

  it('* and ? stay within one directory', () => {
    expect(matchGlob(files, 'specs/*.md')).toEqual(['specs/12-add-cache.md', 'specs/3-fix.md']);
    expect(matchGlob(files, './specs/?-*.md')).toEqual(['specs/3-fix.md']);
  });

  it('** crosses directories, {a,b} and [..] choose', () => {
    expect(matchGlob(files, 'specs/**/*.md')).toEqual([
      'specs/12-add-cache.md',
      'specs/3-fix.md',
      'specs/deep/7-x.md',
    ]);
    expect(matchGlob(files, '**/*.ts')).toEqual(['src/a.ts', 'src/lib/b.ts']);
    expect(matchGlob(files, '{README.md,src/a.ts}')).toEqual(['README.md', 'src/a.ts']);
    expect(matchGlob(files, 'specs/[0-9]*')).toEqual(['specs/12-add-cache.md', 'specs/3-fix.md']);
  });

  it('matches literally what is not a wildcard', () => {
    expect(matchGlob(['a+b.md', 'aab.md'], 'a+b.md')).toEqual(['a+b.md']);
    expect(matchGlob(files, 'specs')).toEqual([]);
  });

  it('$ARG is the stem up to its first dash', () => {
    expect(argForItem('specs/12-add-cache.md')).toBe('12');
    expect(argForItem('specs/notes.txt')).toBe('notes');
    expect(argForItem('a/b/v1.2-beta.tar.gz')).toBe('v1.2');
    expect(argForItem('-lead.md')).toBe('-lead');
    expect(argForItem('Makefile')).toBe('Makefile');
  });
});

describe('the session store', () => {
  it('lists the records it can read and names a damaged one when asked for it', async () => {
    const store = sessionStore({ MMM_HOME: mkdtempSync(join(tmpdir(), 'mmm-store-')) }, '/r/app');
    const record = {
      name: 'ok-1',
      repoRoot: '/r/app',
      worktreePath: '/w/ok-1',
      branch: 'mmm/ok-1',
      baseBranch: 'main',
      baseCommit: 'a'.repeat(40),
      playbook: 'p.yml',
      status: 'completed' as const,
      commits: 1,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      runIds: [],
    };
    await writeSession(store, record);
    mkdirSync(store.sessionsDir, { recursive: true });
    writeFileSync(join(store.sessionsDir, 'broken.json'), '{ not json');

    expect((await listSessions(store)).map((r) => r.name)).toEqual(['ok-1']);
    await expect(readSession(store, 'broken')).rejects.toMatchObject({ exitCode: 3 });
    expect(await readSession(store, '../escape')).toBeUndefined();
  });
});
