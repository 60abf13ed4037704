// treeFingerprint, the sign of life the idle watchdog reads from a working tree: equal while
// nothing git would see changed, different after any edit git sees (a file edited again while
// already modified, renamed, untracked deep down or in conflict), blind to ignored files, and
// taken without rewriting the index.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { treeFingerprint } from '../../../src/git/activity.js';
import { pinToWorkTree } from '../../../src/git/pin.js';
import { exec } from '../../../src/infra/exec.js';
import { conflictedMerge, useTempRepos } from '../../helpers/repo.js';

const repo = useTempRepos();
const git = { exec };
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const longAgo = new Date('2020-01-02T03:04:05Z');
const later = new Date('2020-01-02T03:04:09Z');

describe('treeFingerprint', () => {
  it('is the same 64-hex-digit hash while nothing changes', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    r.write('a.txt', 'changed\n');
    r.write('new.txt', 'new\n');
    const first = await treeFingerprint(git, r.dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await treeFingerprint(git, r.dir)).toBe(first);
  });

  it('changes when a clean file is edited, and again when it is edited once more', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const clean = await treeFingerprint(git, r.dir);
    r.write('a.txt', 'one\n');
    const once = await treeFingerprint(git, r.dir);
    expect(once).not.toBe(clean);
    r.write('a.txt', 'one and two\n');
    expect(await treeFingerprint(git, r.dir)).not.toBe(once);
  });

  it('changes when a modified file is rewritten at the same size but a new time', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    r.write('a.txt', 'one\n');
    utimesSync(join(r.dir, 'a.txt'), longAgo, longAgo);
    const before = await treeFingerprint(git, r.dir);
    r.write('a.txt', 'two\n');
    utimesSync(join(r.dir, 'a.txt'), later, later);
    expect(await treeFingerprint(git, r.dir)).not.toBe(before);
  });

  it('changes when a modified file grows while its time is set back as it was', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    r.write('a.txt', 'one\n');
    utimesSync(join(r.dir, 'a.txt'), longAgo, longAgo);
    const before = await treeFingerprint(git, r.dir);
    r.write('a.txt', 'one and two\n');
    utimesSync(join(r.dir, 'a.txt'), longAgo, longAgo);
    expect(await treeFingerprint(git, r.dir)).not.toBe(before);
  });

  it('sees an edit to a modified file whose name holds spaces', async () => {
    const r = repo({ 'a b c.txt': 'a\n' });
    r.write('a b c.txt', 'one\n');
    const before = await treeFingerprint(git, r.dir);
    r.write('a b c.txt', 'one, two\n');
    expect(await treeFingerprint(git, r.dir)).not.toBe(before);
  });

  it('sees an untracked file deep in a new directory grow', async () => {
    const r = repo();
    r.write('new/deep/er/file.txt', 'x\n');
    const before = await treeFingerprint(git, r.dir);
    r.write('new/deep/er/file.txt', 'x and more\n');
    expect(await treeFingerprint(git, r.dir)).not.toBe(before);
  });

  it('sees an edit to a renamed file that is modified too', async () => {
    const r = repo({ 'old name.txt': 'same\n' });
    r.git('mv', 'old name.txt', 'new name.txt');
    r.write('new name.txt', 'same\nplus\n');
    const before = await treeFingerprint(git, r.dir);
    r.write('new name.txt', 'same\nplus more\n');
    expect(await treeFingerprint(git, r.dir)).not.toBe(before);
  });

  it("does not take a renamed file's old name for a file of its own", async () => {
    // The old name looks like an untracked entry of git status; notes.txt itself is ignored.
    const r = repo({ '? notes.txt': 'same\n', '.gitignore': 'notes.txt\n', 'notes.txt': 'n\n' });
    r.git('mv', '? notes.txt', 'moved.txt');
    const before = await treeFingerprint(git, r.dir);
    r.write('notes.txt', 'ignored, and longer\n');
    expect(await treeFingerprint(git, r.dir)).toBe(before);
  });

  it('sees an edit to a file in conflict', async () => {
    const r = repo({ 'c.txt': 'base\n' });
    conflictedMerge(r);
    const before = await treeFingerprint(git, r.dir);
    expect(await treeFingerprint(git, r.dir)).toBe(before);
    r.write('c.txt', 'resolved by hand, at last\n');
    expect(await treeFingerprint(git, r.dir)).not.toBe(before);
  });

  it('stays the same with a file deleted, and sees an edit to the modified file after it', async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    rmSync(join(r.dir, 'a.txt'));
    r.write('b.txt', 'changed\n');
    const gone = await treeFingerprint(git, r.dir);
    expect(await treeFingerprint(git, r.dir)).toBe(gone);
    r.write('b.txt', 'changed again\n');
    expect(await treeFingerprint(git, r.dir)).not.toBe(gone);
  });

  it('changes with a commit, and with a switch to another branch at the same commit', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    r.write('a.txt', 'b\n');
    const modified = await treeFingerprint(git, r.dir);
    r.commitAll('b');
    const committed = await treeFingerprint(git, r.dir);
    expect(committed).not.toBe(modified);
    r.git('switch', '-q', '-c', 'other');
    expect(await treeFingerprint(git, r.dir)).not.toBe(committed);
  });

  it('does not change when an ignored file does', async () => {
    const r = repo({ '.gitignore': '*.log\n' });
    r.write('build.log', 'one\n');
    const before = await treeFingerprint(git, r.dir);
    r.write('build.log', 'one and two\n');
    r.write('other.log', 'new\n');
    expect(await treeFingerprint(git, r.dir)).toBe(before);
  });

  it('reads the tree from its top when pinned and asked from a subdirectory', async () => {
    const r = repo({ 'sub/a.txt': 'a\n' });
    r.write('sub/a.txt', 'one\n');
    const pinned = await pinToWorkTree(git, r.dir);
    const sub = join(r.dir, 'sub');
    const before = await treeFingerprint(pinned, sub);
    r.write('sub/a.txt', 'one and two\n');
    expect(await treeFingerprint(pinned, sub)).not.toBe(before);
  });

  it('leaves the index as it was, even when its record of a file is out of date', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    utimesSync(join(r.dir, 'a.txt'), longAgo, longAgo);
    const index = join(r.dir, '.git', 'index');
    const bytes = readFileSync(index);
    const mtime = statSync(index).mtimeMs;
    await treeFingerprint(git, r.dir);
    expect(readFileSync(index).equals(bytes)).toBe(true);
    expect(statSync(index).mtimeMs).toBe(mtime);
  });

  it('is the hash of git failing with exit 128 outside a repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-activity-'));
    dirs.push(dir);
    const expected = createHash('sha256').update('').update('128').digest('hex');
    expect(await treeFingerprint(git, dir)).toBe(expected);
  });
});
