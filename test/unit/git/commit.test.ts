import { afterEach, describe, expect, it } from 'vitest';
import { exec } from '../../../src/infra/exec.js';
import {
  commitAll,
  commitMessage,
  commitPaths,
  commitsBetween,
  diffStat,
} from '../../../src/git/commit.js';
import { dirtyFiles, isDirty } from '../../../src/git/status.js';
import { makeTempRepo, type TempRepo } from '../../helpers/repo.js';

const deps = { exec };
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function repo(files?: Record<string, string>): TempRepo {
  const r = makeTempRepo(files);
  cleanups.push(r.cleanup);
  return r;
}

describe('dirty tree detection', () => {
  it('sees modified, staged, deleted and untracked files but not ignored ones', async () => {
    const r = repo({
      'a.txt': 'a\n',
      'b.txt': 'b\n',
      'c.txt': 'c\n',
      'README.md': 'r\n',
      '.gitignore': 'build/\n',
    });
    expect(await isDirty(deps, r.dir)).toBe(false);
    r.write('build/out.js', 'ignored');
    expect(await isDirty(deps, r.dir)).toBe(false);
    r.write('a.txt', 'changed\n');
    r.write('b.txt', 'staged\n');
    r.git('add', 'b.txt');
    r.git('rm', '-q', 'c.txt');
    r.write('new dir/n.txt', 'new');
    r.git('mv', 'README.md', 'READ ME.md');
    const files = await dirtyFiles(deps, r.dir);
    expect(files.sort()).toEqual(['READ ME.md', 'a.txt', 'b.txt', 'c.txt', 'new dir/'].sort());
    expect(await isDirty(deps, r.dir)).toBe(true);
  });
});

describe('commits', () => {
  it('commits everything with the message and trailers, or returns undefined when clean', async () => {
    const r = repo();
    expect(await commitAll(deps, r.dir, { message: 'nothing' })).toBeUndefined();
    r.write('src/x.ts', 'one\ntwo\n');
    r.write('README.md', 'changed\n');
    const commit = await commitAll(deps, r.dir, {
      message: 'mmm(demo): write x',
      trailers: { 'Mmm-Run': '0123456789abcdef', 'Mmm-Step': '1 write\nx' },
    });
    expect(commit).toBe(r.git('rev-parse', 'HEAD'));
    expect(r.git('status', '--porcelain')).toBe('');
    expect(await commitMessage(deps, r.dir, commit!)).toBe(
      'mmm(demo): write x\n\nMmm-Run: 0123456789abcdef\nMmm-Step: 1 write x',
    );
    // git itself parses them as trailers.
    expect(r.git('log', '-1', '--format=%(trailers:key=Mmm-Run,valueonly)')).toBe(
      '0123456789abcdef',
    );
  });

  it('commits only the named paths', async () => {
    const r = repo();
    r.write('manifest.json', '{}\n');
    r.write('other.txt', 'keep me uncommitted\n');
    const commit = await commitPaths(deps, r.dir, ['manifest.json'], { message: 'provenance' });
    expect(commit).toBeDefined();
    expect(r.git('show', '--name-only', '--format=', 'HEAD')).toBe('manifest.json');
    expect(await dirtyFiles(deps, r.dir)).toEqual(['other.txt']);
  });

  it('lists commits between two points oldest first and sums their diff', async () => {
    const r = repo({ 'a.txt': '1\n2\n3\n' });
    const base = r.git('rev-parse', 'HEAD');
    r.write('a.txt', '1\nTWO\n3\n4\n');
    const c1 = r.commitAll('edit a');
    r.write('b.bin', '\0\x01binary');
    r.write('c.txt', 'c\n');
    const c2 = r.commitAll('add b and c');
    expect(await commitsBetween(deps, r.dir, base, c2)).toEqual([c1, c2]);
    expect(await commitsBetween(deps, r.dir, c2, c2)).toEqual([]);
    const stat = await diffStat(deps, r.dir, base, c2);
    expect(stat.files.sort()).toEqual(['a.txt', 'b.bin', 'c.txt']);
    expect(stat.insertions).toBe(3);
    expect(stat.deletions).toBe(1);
  });
});
