// The exclude file that keeps mmm's private files out of git: its patterns added once, under one
// header, in the file every worktree of the repository shares; and the file put back as it was.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exec } from '../../../src/infra/exec.js';
import { ensureExcluded, keepExcludeAsIs } from '../../../src/git/exclude.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const deps = { exec };
const repo = useTempRepos();
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const exclude = (r: TempRepo) => join(r.dir, '.git', 'info', 'exclude');
const read = (r: TempRepo) => readFileSync(exclude(r), 'utf8');

describe('ensureExcluded', () => {
  it('creates the file with a header and mmm’s patterns, and adds nothing the second time', async () => {
    const r = repo();
    rmSync(join(r.dir, '.git', 'info'), { recursive: true, force: true });
    expect(await ensureExcluded(deps, r.dir)).toEqual(['/.mmm/mmm.db*', '/.mmm/runs/']);
    const created = '# mmm private files\n/.mmm/mmm.db*\n/.mmm/runs/\n';
    expect(read(r)).toBe(created);
    expect(await ensureExcluded(deps, r.dir)).toEqual([]);
    expect(read(r)).toBe(created);
  });

  it('writes the header once, however many times patterns are added after it', async () => {
    const r = repo();
    writeFileSync(exclude(r), '*.log\n');
    expect(await ensureExcluded(deps, r.dir, ['/a'])).toEqual(['/a']);
    expect(await ensureExcluded(deps, r.dir, ['/a', '/b'])).toEqual(['/b']);
    expect(read(r)).toBe('*.log\n# mmm private files\n/a\n/b\n');
  });

  it('starts a new line after a last line without one', async () => {
    const r = repo();
    writeFileSync(exclude(r), '*.log');
    await ensureExcluded(deps, r.dir, ['/a']);
    expect(read(r)).toBe('*.log\n# mmm private files\n/a\n');
  });

  it('counts a pattern present with trailing spaces, which git ignores, and adds only the others', async () => {
    const r = repo();
    writeFileSync(exclude(r), '/a  \n');
    expect(await ensureExcluded(deps, r.dir, ['/a', '/b'])).toEqual(['/b']);
    expect(read(r)).toBe('/a  \n# mmm private files\n/b\n');
  });

  it('does not count a pattern behind leading spaces, which git reads as part of it', async () => {
    const r = repo();
    writeFileSync(exclude(r), '  /.mmm/runs/\n');
    expect(await ensureExcluded(deps, r.dir, ['/.mmm/runs/'])).toEqual(['/.mmm/runs/']);
    r.write('.mmm/runs/x/out.log', 'x\n');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('writes to the exclude file of the repository a linked worktree belongs to', async () => {
    const r = repo();
    writeFileSync(exclude(r), '');
    const parent = mkdtempSync(join(tmpdir(), 'mmm-wt-'));
    dirs.push(parent);
    const wt = join(parent, 'wt');
    r.git('worktree', 'add', '-q', '-b', 'side', wt);
    expect(await ensureExcluded(deps, wt, ['/a'])).toEqual(['/a']);
    expect(read(r)).toBe('# mmm private files\n/a\n');
  });
});

describe('keepExcludeAsIs', () => {
  it('puts back the exclude file exactly as it was', async () => {
    const r = repo();
    writeFileSync(exclude(r), '*.log\r\nno newline at the end');
    const putBack = await keepExcludeAsIs(deps, r.dir);
    await ensureExcluded(deps, r.dir);
    await putBack();
    expect(read(r)).toBe('*.log\r\nno newline at the end');
  });

  it('removes the exclude file when there was none, and is fine when it is still absent', async () => {
    const r = repo();
    rmSync(exclude(r));
    const putBack = await keepExcludeAsIs(deps, r.dir);
    await ensureExcluded(deps, r.dir);
    await putBack();
    expect(existsSync(exclude(r))).toBe(false);
    await putBack();
    expect(existsSync(exclude(r))).toBe(false);
  });
});
