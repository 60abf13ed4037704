// The user's ignored files (src/git/kept-files.ts): which ones a run finds where it starts, which
// of them the tree later holds untracked and no longer ignored, which the rules still ignore, the
// pattern that keeps each exactly, and `git add --all` leaving them out, in a sparse checkout too.
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exec } from '../../../src/infra/exec.js';
import { GitCommandError } from '../../../src/git/run.js';
import {
  addAllBut,
  amongKept,
  exactPattern,
  ignoredAmong,
  ignoredFilesNow,
  untrackedAmong,
} from '../../../src/git/kept-files.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const deps = { exec };
/** Deps whose git must never start: for answers that need no git at all. */
const noGit = { exec: () => Promise.reject(new Error('git was started')) };
const repo = useTempRepos();

/** Writes a file whose name is bytes (one character per byte), which need not be UTF-8. */
function writeBytesNamed(r: TempRepo, name: string, content: string): void {
  writeFileSync(Buffer.concat([Buffer.from(`${r.dir}/`), Buffer.from(name, 'latin1')]), content);
}

/** The paths in the index, one per line, as git quotes them. */
function staged(r: TempRepo): string {
  return r.git('-c', 'core.quotePath=true', 'diff', '--cached', '--name-only');
}

describe('ignoredFilesNow', () => {
  it('lists each ignored file once: ignored directories whole, a file beside one named like its prefix too', async () => {
    const r = repo({ '.gitignore': 'build/\n*.log\n*.tmp\n' });
    r.write('build/out.bin', 'x');
    r.write('a.log', 'x');
    r.write('a.log.tmp', 'x');
    r.write('a b.log', 'x');
    r.write('a-c/q.log', 'x');
    r.write('a/b.log', 'x');
    r.write('old/deep/z.log', 'x');
    r.write('src/kept.txt', 'not ignored');
    expect(await ignoredFilesNow(deps, r.dir)).toEqual([
      'a b.log',
      'a-c/q.log',
      'a.log',
      'a.log.tmp',
      'a/b.log',
      'build/',
      'old/deep/z.log',
    ]);
  });

  it('lists nothing in a tree without ignored files', async () => {
    const r = repo();
    r.write('new.txt', 'untracked, not ignored\n');
    expect(await ignoredFilesNow(deps, r.dir)).toEqual([]);
  });
});

describe('amongKept', () => {
  it('matches a kept directory by its whole name and a kept file only by itself', () => {
    const kept = new Set(['build/', 'a', 'deep/er/', 'x.txt']);
    expect(amongKept('build/out.bin', kept)).toBe(true);
    expect(amongKept('build/', kept)).toBe(true);
    expect(amongKept('deep/er/f', kept)).toBe(true);
    expect(amongKept('deep/f', kept)).toBe(false);
    expect(amongKept('a', kept)).toBe(true);
    expect(amongKept('ab', kept)).toBe(false);
    expect(amongKept('a/b', kept)).toBe(false);
    expect(amongKept('x.txt', kept)).toBe(true);
    expect(amongKept('x.txt/y', kept)).toBe(false);
    expect(amongKept('buil', kept)).toBe(false);
  });
});

describe('exactPattern', () => {
  it('escapes trailing spaces of a file name as well as of a directory name, and no other space', () => {
    expect(exactPattern('notes ')).toBe('/notes\\ ');
    expect(exactPattern('two  ')).toBe('/two\\ \\ ');
    expect(exactPattern('a b')).toBe('/a b');
    expect(exactPattern('d /f ')).toBe('/d /f\\ ');
    expect(exactPattern('dir /')).toBe('/dir\\ /');
  });
});

describe('untrackedAmong', () => {
  /**
   * A repository whose ignored files where the run starts are `build/`, `cache/a.db` (in a
   * directory holding nothing else) and `top.db`.
   */
  async function startedWithIgnored(): Promise<{ r: TempRepo; kept: Set<string> }> {
    const r = repo({ '.gitignore': '*.db\nbuild/\n' });
    r.write('build/out.bin', 'x');
    r.write('cache/a.db', 'x');
    r.write('deep/er/b.db', 'x');
    r.write('top.db', 'x');
    const kept = new Set(await ignoredFilesNow(deps, r.dir));
    expect([...kept]).toEqual(['build/', 'cache/a.db', 'deep/er/b.db', 'top.db']);
    return { r, kept };
  }

  it('finds the kept files no longer ignored, also inside a directory git shows whole that holds new files', async () => {
    const { r, kept } = await startedWithIgnored();
    r.write('.gitignore', '');
    r.write('cache/new.txt', "the step's\n");
    r.write('deep/er/c.txt', "the step's\n");
    r.write('fresh.txt', "the step's\n");
    const found = await untrackedAmong(deps, r.dir, kept);
    expect(found.sort()).toEqual(['build/', 'cache/a.db', 'deep/er/b.db', 'top.db']);
  });

  it('finds a kept file alone in a directory git shows whole', async () => {
    const { r, kept } = await startedWithIgnored();
    r.write('.gitignore', 'build/\n');
    expect((await untrackedAmong(deps, r.dir, kept)).sort()).toEqual([
      'cache/a.db',
      'deep/er/b.db',
      'top.db',
    ]);
  });

  it('leaves out the kept files still ignored and those the step staged itself', async () => {
    const { r, kept } = await startedWithIgnored();
    expect(await untrackedAmong(deps, r.dir, kept)).toEqual([]);
    r.write('.gitignore', '');
    r.git('add', 'top.db', 'cache/a.db');
    expect((await untrackedAmong(deps, r.dir, kept)).sort()).toEqual(['build/', 'deep/er/b.db']);
  });

  it('with nothing kept, finds nothing and starts no git', async () => {
    expect(await untrackedAmong(noGit, '/nowhere', new Set())).toEqual([]);
  });
});

describe('ignoredAmong', () => {
  it('returns those of the paths the rules ignore, names with odd bytes and line breaks too', async () => {
    const r = repo({ '.gitignore': '*.log\n' });
    const odd = 'caf\xe9.log';
    const broken = 'new\nline.log';
    const found = await ignoredAmong(deps, r.dir, [
      'keep.txt',
      'a.log',
      odd,
      'sub/b.log',
      broken,
      'README.md',
    ]);
    expect([...found].sort()).toEqual(['a.log', broken, odd, 'sub/b.log'].sort());
  });

  it('reads the rules with the settings given', async () => {
    const r = repo({ '.gitignore': '*.log\n' });
    const rules = join(r.dir, '.git', 'other-rules');
    writeFileSync(rules, '*.tmp\n');
    expect([...(await ignoredAmong(deps, r.dir, ['x.tmp', 'a.log', 'b.txt']))]).toEqual(['a.log']);
    const withRules = await ignoredAmong(
      deps,
      r.dir,
      ['x.tmp', 'a.log', 'b.txt'],
      ['-c', `core.excludesFile=${rules}`],
    );
    expect([...withRules].sort()).toEqual(['a.log', 'x.tmp']);
  });

  it('takes none as ignored when git cannot check them all (a path beyond a symbolic link)', async () => {
    const r = repo({ '.gitignore': '*.log\n' });
    r.write('real/z.log', 'x');
    symlinkSync('real', join(r.dir, 'link'));
    const found = await ignoredAmong(deps, r.dir, ['a.log', 'link/z.log']);
    expect([...found]).toEqual([]);
  });

  it('with no paths, returns none and starts no git', async () => {
    expect([...(await ignoredAmong(noGit, '/nowhere', []))]).toEqual([]);
  });
});

describe('addAllBut', () => {
  it('stages everything but the paths left, a file deep in a directory and a whole directory', async () => {
    const r = repo();
    r.write('cache/a.db', 'kept\n');
    r.write('cache/new.txt', 'new\n');
    r.write('build/out.bin', 'kept\n');
    r.write('odd name .txt', 'new\n');
    r.write('README.md', 'changed\n');
    await addAllBut(deps, r.dir, ['cache/a.db', 'build/']);
    expect(staged(r)).toBe(['README.md', 'cache/new.txt', 'odd name .txt'].join('\n'));
    expect(r.git('status', '--porcelain', '--untracked-files=all')).toBe(
      [
        'M  README.md',
        'A  cache/new.txt',
        'A  "odd name .txt"',
        '?? build/out.bin',
        '?? cache/a.db',
      ].join('\n'),
    );
  });

  it('leaves out a file whose name is not UTF-8, from a subdirectory too', async () => {
    const r = repo();
    const odd = 'sub/caf\xe9.txt';
    r.write('sub/plain.txt', 'x\n');
    writeBytesNamed(r, odd, 'kept\n');
    await addAllBut(deps, join(r.dir, 'sub'), [odd]);
    expect(staged(r)).toBe('sub/plain.txt');
  });

  it('stages what lies outside a sparse checkout only when told the tree is sparse', async () => {
    const r = repo({ 'in/a': 'a\n', 'out/b': 'b\n' });
    r.git('sparse-checkout', 'set', '--cone', 'in');
    r.write('out/new.txt', 'outside\n');
    r.write('in/c', 'inside\n');
    const refused = await addAllBut(deps, r.dir, []).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GitCommandError);
    expect((refused as GitCommandError).said).toMatch(/^The following paths and\/or pathspecs/);
    await addAllBut(deps, r.dir, [], { sparse: true });
    expect(staged(r)).toBe('in/c\nout/new.txt');
  });
});
