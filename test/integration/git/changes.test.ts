// changesSince and committedFile on real repositories: what a step changed, file by file (status,
// lines added and deleted, binary or not, the added lines numbered as in the changed file), read
// as git stores it whatever the repository configures; and a file's text at a commit, read from
// git once when the commit is named by its hash. (The patch parser alone, on written patches, is
// tested in test/unit/engine/policy.test.ts.)
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { changesSince, committedFile, type ChangedFile } from '../../../src/git/changes.js';
import { GitCommandError } from '../../../src/git/run.js';
import { exec } from '../../../src/infra/exec.js';
import { conflictedMerge, useTempRepos, type TempRepo } from '../../helpers/repo.js';

const repo = useTempRepos();
const git = { exec };
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-changes-'));
  dirs.push(dir);
  return dir;
}

/** A changed file as the listing gives it, before any added lines are read. */
function changed(
  path: string,
  status: ChangedFile['status'],
  added: number,
  deleted: number,
  more: Partial<ChangedFile> = {},
): ChangedFile {
  return { path, status, added, deleted, binary: false, addedLines: [], ...more };
}

/** Numbered added lines, from line `first` on. */
function lines(first: number, ...texts: string[]): ChangedFile['addedLines'] {
  return texts.map((text, i) => ({ line: first + i, text }));
}

/** Stages everything and returns HEAD, the commit the change is measured from. */
function stage(r: TempRepo): string {
  r.git('add', '-A');
  return r.git('rev-parse', 'HEAD');
}

describe('changesSince the index', () => {
  it('lists each changed path with its status and its lines added and deleted', async () => {
    const r = repo({ 'a.txt': 'one\ntwo\nthree\n', 'old.txt': 'old\n', 'same.txt': 's\n' });
    r.write('a.txt', 'one\nTWO\nthree\nfour\n');
    rmSync(join(r.dir, 'old.txt'));
    r.write('new.txt', 'n1\nn2\n');
    const from = stage(r);
    expect(await changesSince(git, r.dir, from, { addedLines: false })).toEqual([
      changed('a.txt', 'modified', 2, 1),
      changed('new.txt', 'added', 2, 0),
      changed('old.txt', 'deleted', 0, 1),
    ]);
  });

  it('numbers the added lines as the changed file has them, when asked', async () => {
    const r = repo({ 'a.txt': 'one\ntwo\nthree\nfour\nfive\n', 'old.txt': 'old\n' });
    r.write('a.txt', 'zero\none\nTWO\nthree\nfive\nsix\n');
    rmSync(join(r.dir, 'old.txt'));
    r.write('new.txt', 'n1\nn2\n');
    const from = stage(r);
    expect(await changesSince(git, r.dir, from, { addedLines: true })).toEqual([
      changed('a.txt', 'modified', 3, 2, {
        addedLines: [...lines(1, 'zero'), ...lines(3, 'TWO'), ...lines(6, 'six')],
      }),
      changed('new.txt', 'added', 2, 0, { addedLines: lines(1, 'n1', 'n2') }),
      changed('old.txt', 'deleted', 0, 1),
    ]);
  });

  it('reads lines that look like patch headers, and a last line without a newline, as added', async () => {
    const r = repo({ 'a.txt': 'last' });
    r.write('a.txt', 'last\n+++ b/a.txt\n--- a/a.txt\n@@ -1 +1 @@\ndiff --git a/x b/x\nend');
    const from = stage(r);
    expect(await changesSince(git, r.dir, from, { addedLines: true })).toEqual([
      changed('a.txt', 'modified', 6, 1, {
        addedLines: lines(
          1,
          'last',
          '+++ b/a.txt',
          '--- a/a.txt',
          '@@ -1 +1 @@',
          'diff --git a/x b/x',
          'end',
        ),
      }),
    ]);
  });

  it('leaves out changes that are not staged and files that are not tracked', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    r.write('a.txt', 'changed\n');
    r.write('untracked.txt', 'u\n');
    const from = r.git('rev-parse', 'HEAD');
    expect(await changesSince(git, r.dir, from, { addedLines: true })).toEqual([]);
  });

  it('lists commits made since, and what is staged on top of them', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const from = r.git('rev-parse', 'HEAD');
    r.write('a.txt', 'a\nb\n');
    r.commitAll('committed');
    r.write('staged.txt', 's\n');
    r.git('add', 'staged.txt');
    expect(await changesSince(git, r.dir, from, { addedLines: true })).toEqual([
      changed('a.txt', 'modified', 1, 0, { addedLines: lines(2, 'b') }),
      changed('staged.txt', 'added', 1, 0, { addedLines: lines(1, 's') }),
    ]);
  });

  it('finds nothing when nothing changed', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const from = r.git('rev-parse', 'HEAD');
    expect(await changesSince(git, r.dir, from, { addedLines: false })).toEqual([]);
    expect(await changesSince(git, r.dir, from, { addedLines: true })).toEqual([]);
  });

  it('lists a moved file as a deletion and an addition, whatever git is set to detect', async () => {
    const r = repo({ 'a.txt': 'same\ntext\n' });
    r.git('config', 'diff.renames', 'copies');
    r.git('mv', 'a.txt', 'b.txt');
    const from = r.git('rev-parse', 'HEAD');
    expect(await changesSince(git, r.dir, from, { addedLines: true })).toEqual([
      changed('a.txt', 'deleted', 0, 2),
      changed('b.txt', 'added', 2, 0, { addedLines: lines(1, 'same', 'text') }),
    ]);
  });

  it('marks a binary file, counts no lines for it, and still numbers the next file', async () => {
    const r = repo({ 'data.bin': 'a\0b\n', 'z.txt': 'z\n' });
    r.write('data.bin', 'a\0b\nc\n');
    r.write('image.bin', '\0\x01\x02\n');
    r.write('z.txt', 'z\nzz\n');
    const from = stage(r);
    expect(await changesSince(git, r.dir, from, { addedLines: true })).toEqual([
      changed('data.bin', 'modified', 0, 0, { binary: true }),
      changed('image.bin', 'added', 0, 0, { binary: true }),
      changed('z.txt', 'modified', 1, 0, { addedLines: lines(2, 'zz') }),
    ]);
  });

  it('reads a file that became a link as one type change adding the link target', async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' });
    rmSync(join(r.dir, 'b.txt'));
    symlinkSync('a.txt', join(r.dir, 'b.txt'));
    r.write('c.txt', 'c\nkey\n');
    const from = stage(r);
    expect(await changesSince(git, r.dir, from, { addedLines: true })).toEqual([
      changed('b.txt', 'type_changed', 1, 1, { addedLines: lines(1, 'a.txt') }),
      changed('c.txt', 'modified', 1, 0, { addedLines: lines(2, 'key') }),
    ]);
  });

  it('lists a change of mode alone and an empty new file with no lines', async () => {
    const r = repo({ 'run.sh': 'echo\n' });
    chmodSync(join(r.dir, 'run.sh'), 0o755);
    r.write('empty.txt', '');
    const from = stage(r);
    expect(await changesSince(git, r.dir, from, { addedLines: true })).toEqual([
      changed('empty.txt', 'added', 0, 0),
      changed('run.sh', 'modified', 0, 0),
    ]);
  });

  it('keeps paths with spaces, tabs, quotes, newlines and accents as they are', async () => {
    const r = repo({ 'keep.txt': 'k\n' });
    r.write('tab\there.txt', 'tab\n');
    r.write('quote"s.txt', 'quote\n');
    r.write('new\nline.txt', 'newline\n');
    r.write('dir with space/ü file.txt', 'accent\n');
    const from = stage(r);
    expect(await changesSince(git, r.dir, from, { addedLines: true })).toEqual([
      changed('dir with space/ü file.txt', 'added', 1, 0, { addedLines: lines(1, 'accent') }),
      changed('new\nline.txt', 'added', 1, 0, { addedLines: lines(1, 'newline') }),
      changed('quote"s.txt', 'added', 1, 0, { addedLines: lines(1, 'quote') }),
      changed('tab\there.txt', 'added', 1, 0, { addedLines: lines(1, 'tab') }),
    ]);
  });

  it('reads the change as stored, past a textconv, an external diff and colours', async () => {
    const r = repo({ '.gitattributes': '*.txt diff=upper\n', 'a.txt': 'a\n' });
    r.git('config', 'diff.upper.textconv', 'tr a-z A-Z <');
    const external = join(tempDir(), 'external-diff');
    writeFileSync(
      external,
      '#!/bin/sh\necho "diff --git a/x b/x"\necho "@@ -0,0 +1 @@"\necho "+external"\n',
      { mode: 0o755 },
    );
    r.git('config', 'diff.external', external);
    r.git('config', 'color.ui', 'always');
    r.write('a.txt', 'a\nlower case\n');
    const from = stage(r);
    expect(await changesSince(git, r.dir, from, { addedLines: true })).toEqual([
      changed('a.txt', 'modified', 1, 0, { addedLines: lines(2, 'lower case') }),
    ]);
  });

  it('lists a new submodule link even where git is set to ignore submodules', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const commit = r.git('rev-parse', 'HEAD');
    r.git('config', 'diff.ignoreSubmodules', 'all');
    r.git('update-index', '--add', '--cacheinfo', `160000,${commit},lib`);
    expect(await changesSince(git, r.dir, commit, { addedLines: true })).toEqual([
      changed('lib', 'added', 1, 0, { addedLines: lines(1, `Subproject commit ${commit}`) }),
    ]);
  });

  it('counts a path in conflict as modified, with no lines', async () => {
    const r = repo({ 'c.txt': 'base\n' });
    const from = conflictedMerge(r);
    expect(await changesSince(git, r.dir, from, { addedLines: true })).toEqual([
      changed('c.txt', 'modified', 0, 0),
    ]);
  });

  it('numbers the added lines of each file when git shows a submodule as a log line', async () => {
    // A submodule shown as a log line has no section of its own in the patch, so each file is
    // read alone: here from a subdirectory, one of them named like a glob that matches another.
    const r = repo({ 'sub/x.txt': 'x\n', 'A.txt': 'upper\n' });
    const commit = r.git('rev-parse', 'HEAD');
    r.git('config', 'diff.submodule', 'log');
    r.write('A.txt', 'upper\nA added\n');
    r.write('[A].txt', 'brackets\n');
    r.write('data.bin', '\0\n');
    r.write('sub/x.txt', 'x\nsub added\n');
    const from = stage(r);
    r.git('update-index', '--add', '--cacheinfo', `160000,${commit},lib`);
    expect(await changesSince(git, join(r.dir, 'sub'), from, { addedLines: true })).toEqual([
      changed('A.txt', 'modified', 1, 0, { addedLines: lines(2, 'A added') }),
      changed('[A].txt', 'added', 1, 0, { addedLines: lines(1, 'brackets') }),
      changed('data.bin', 'added', 0, 0, { binary: true }),
      changed('lib', 'added', 1, 0),
      changed('sub/x.txt', 'modified', 1, 0, { addedLines: lines(2, 'sub added') }),
    ]);
  });

  it('lists paths from the top of the tree when asked from a subdirectory', async () => {
    const r = repo({ 'top.txt': 't\n', 'sub/x.txt': 'x\n' });
    r.write('top.txt', 't\nT\n');
    r.write('sub/x.txt', 'x\nX\n');
    const from = stage(r);
    expect(await changesSince(git, join(r.dir, 'sub'), from, { addedLines: true })).toEqual([
      changed('sub/x.txt', 'modified', 1, 0, { addedLines: lines(2, 'X') }),
      changed('top.txt', 'modified', 1, 0, { addedLines: lines(2, 'T') }),
    ]);
  });

  it('fails with the git command and its words when the starting commit is unknown', async () => {
    const r = repo();
    const failure = await changesSince(git, r.dir, 'no-such-commit', { addedLines: false }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GitCommandError);
    const error = failure as GitCommandError;
    expect(error.args).toEqual([
      'diff',
      '--no-renames',
      '--no-ext-diff',
      '--no-textconv',
      '--ignore-submodules=none',
      '--raw',
      '--numstat',
      '-z',
      '--cached',
      'no-such-commit',
    ]);
    expect(error.result.exitCode).toBe(128);
    expect(error.said).toMatch(/^fatal: ambiguous argument 'no-such-commit': unknown revision/);
  });
});

describe('changesSince another commit', () => {
  it('compares two commits and leaves the index out', async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const from = r.git('rev-parse', 'HEAD');
    r.write('a.txt', 'a\nmore\n');
    rmSync(join(r.dir, 'b.txt'));
    const to = r.commitAll('second');
    r.write('staged.txt', 'not in either commit\n');
    r.git('add', 'staged.txt');
    const expected = [
      changed('a.txt', 'modified', 1, 0, { addedLines: lines(2, 'more') }),
      changed('b.txt', 'deleted', 0, 1),
    ];
    expect(await changesSince(git, r.dir, from, { addedLines: true, to })).toEqual(expected);
    expect(await changesSince(git, r.dir, from, { addedLines: true, to: `${to}^{tree}` })).toEqual(
      expected,
    );
    expect(await changesSince(git, r.dir, from, { addedLines: false, to })).toEqual([
      changed('a.txt', 'modified', 1, 0),
      changed('b.txt', 'deleted', 0, 1),
    ]);
  });

  it('reads the change backwards when the later commit comes first', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const first = r.git('rev-parse', 'HEAD');
    r.write('a.txt', 'b\n');
    const second = r.commitAll('second');
    expect(await changesSince(git, r.dir, second, { addedLines: true, to: first })).toEqual([
      changed('a.txt', 'modified', 1, 1, { addedLines: lines(1, 'a') }),
    ]);
  });
});

describe('committedFile', () => {
  /** Runs `read` while the repository is moved away, so that git cannot answer. */
  async function withoutRepo<T>(r: TempRepo, read: () => Promise<T>): Promise<T> {
    renameSync(r.dir, `${r.dir}-away`);
    try {
      return await read();
    } finally {
      renameSync(`${r.dir}-away`, r.dir);
    }
  }

  it("returns a file's text as committed, byte for byte, by hash or by name", async () => {
    const text = '  indented\n\nünïcode and a blank line above\n\n';
    const r = repo({ 'docs/read me.txt': text, 'other.txt': 'committedFile one\n' });
    const head = r.git('rev-parse', 'HEAD');
    expect(await committedFile(git, r.dir, head, 'docs/read me.txt')).toBe(text);
    expect(await committedFile(git, r.dir, 'main', 'docs/read me.txt')).toBe(text);
    expect(await committedFile(git, r.dir, head.slice(0, 10), 'other.txt')).toBe(
      'committedFile one\n',
    );
  });

  it('returns nothing for a path the commit lacks, or that is a directory there', async () => {
    const r = repo({ 'docs/a.txt': 'committedFile two\n' });
    r.write('untracked.txt', 'u\n');
    const head = r.git('rev-parse', 'HEAD');
    expect(await committedFile(git, r.dir, head, 'missing.txt')).toBeUndefined();
    expect(await committedFile(git, r.dir, head, 'untracked.txt')).toBeUndefined();
    expect(await committedFile(git, r.dir, head, 'docs')).toBeUndefined();
  });

  it('reads a file at a branch name afresh after the branch moves', async () => {
    const r = repo({ 'policy.yml': 'committedFile three\n' });
    expect(await committedFile(git, r.dir, 'HEAD', 'policy.yml')).toBe('committedFile three\n');
    r.write('policy.yml', 'changed\n');
    r.commitAll('change');
    expect(await committedFile(git, r.dir, 'HEAD', 'policy.yml')).toBe('changed\n');
    expect(await committedFile(git, r.dir, 'main', 'policy.yml')).toBe('changed\n');
  });

  it('answers again for a commit hash without asking git, the file and its absence alike', async () => {
    const r = repo({ 'policy.yml': 'committedFile four\n' });
    const head = r.git('rev-parse', 'HEAD');
    expect(await committedFile(git, r.dir, head, 'policy.yml')).toBe('committedFile four\n');
    expect(await committedFile(git, r.dir, head, 'absent.yml')).toBeUndefined();
    await withoutRepo(r, async () => {
      expect(await committedFile(git, r.dir, head, 'policy.yml')).toBe('committedFile four\n');
      expect(await committedFile(git, r.dir, head, 'absent.yml')).toBeUndefined();
    });
  });

  it('asks git again for names, short or upper-case hashes, a directory, and a file of 1 MiB', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const r = repo({ 'a.txt': 'committedFile five\n', 'big.txt': big, 'dir/f.txt': 'f\n' });
    const head = r.git('rev-parse', 'HEAD');
    // A branch may be named like a hash followed by more.
    r.git('branch', `${head}-topic`);
    const reads: [string, string][] = [
      ['HEAD', 'a.txt'],
      [`${head}-topic`, 'a.txt'],
      [head.slice(0, 12), 'a.txt'],
      [head.toUpperCase(), 'a.txt'],
      [head, 'dir'],
      [head, 'big.txt'],
    ];
    for (const [commit, path] of reads) await committedFile(git, r.dir, commit, path);
    await withoutRepo(r, async () => {
      for (const [commit, path] of reads) {
        await expect(committedFile(git, r.dir, commit, path), `${commit}:${path}`).rejects.toThrow(
          GitCommandError,
        );
      }
    });
  });

  it('keeps a file just under 1 MiB', async () => {
    const almost = `${'y'.repeat(1024 * 1024 - 2)}\n`;
    const r = repo({ 'almost.txt': almost });
    const head = r.git('rev-parse', 'HEAD');
    expect(await committedFile(git, r.dir, head, 'almost.txt')).toBe(almost);
    await withoutRepo(r, async () => {
      expect(await committedFile(git, r.dir, head, 'almost.txt')).toBe(almost);
    });
  });

  it('does not keep "no such file" from a git that could not look', async () => {
    const r = repo({ 'a.txt': 'committedFile six\n' });
    const head = r.git('rev-parse', 'HEAD');
    expect(await committedFile(git, tempDir(), head, 'a.txt')).toBeUndefined();
    expect(await committedFile(git, r.dir, head, 'a.txt')).toBe('committedFile six\n');
  });

  it('keeps files at the 64-hex-digit hashes of a SHA-256 repository', async () => {
    const dir = tempDir();
    const gitHere = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' }).trim();
    gitHere('init', '-q', '--object-format=sha256');
    writeFileSync(join(dir, 'a.txt'), 'committedFile seven\n');
    gitHere('add', 'a.txt');
    gitHere('commit', '-q', '-m', 'first');
    const head = gitHere('rev-parse', 'HEAD');
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    expect(await committedFile(git, dir, head, 'a.txt')).toBe('committedFile seven\n');
    renameSync(dir, `${dir}-away`);
    try {
      expect(await committedFile(git, dir, head, 'a.txt')).toBe('committedFile seven\n');
    } finally {
      renameSync(`${dir}-away`, dir);
    }
  });

  it('keeps the files of 64 reads, and starts over at the 65th', async () => {
    vi.resetModules();
    const fresh = await import('../../../src/git/changes.js');
    const r = repo({ 'a.txt': 'committedFile eight\n' });
    const head = r.git('rev-parse', 'HEAD');
    expect(await fresh.committedFile(git, r.dir, head, 'a.txt')).toBe('committedFile eight\n');
    for (let i = 1; i < 64; i++) {
      expect(await fresh.committedFile(git, r.dir, head, `none-${String(i)}`)).toBeUndefined();
    }
    await withoutRepo(r, async () => {
      expect(await fresh.committedFile(git, r.dir, head, 'a.txt')).toBe('committedFile eight\n');
    });
    expect(await fresh.committedFile(git, r.dir, head, 'none-64')).toBeUndefined();
    await withoutRepo(r, async () => {
      // A class of the module loaded afresh: known by its name.
      await expect(fresh.committedFile(git, r.dir, head, 'a.txt')).rejects.toMatchObject({
        name: 'GitCommandError',
      });
      expect(await fresh.committedFile(git, r.dir, head, 'none-64')).toBeUndefined();
    });
  });
});
