import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exec } from '../../../src/infra/exec.js';
import {
  commitAll,
  describeMadeCommit,
  commitPaths,
  commitsBetween,
  diffStat,
  runAutoMaintenance,
  type MadeCommit,
} from '../../../src/git/commit.js';
import { dirtyFiles, isDirty } from '../../../src/git/status.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const deps = { exec };
const repo = useTempRepos();

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
    const made = await commitAll(deps, r.dir, {
      message: 'mmm(demo): write x',
      trailers: { 'Mmm-Run': '0123456789abcdef', 'Mmm-Step': '1 write\nx' },
    });
    expect(made?.commit).toBe(r.git('rev-parse', 'HEAD'));
    expect(r.git('status', '--porcelain')).toBe('');
    const stored = (await describeMadeCommit(deps, r.dir, made!.commit)).message;
    expect(stored).toBe('mmm(demo): write x\n\nMmm-Run: 0123456789abcdef\nMmm-Step: 1 write x');
    expect(made?.message).toBe(stored);
    expect(made).toMatchObject({ files: ['README.md', 'src/x.ts'], insertions: 3, deletions: 1 });
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

/** A commit as git itself describes it: the reference every commitAll result is held to. */
async function asGitSays(r: TempRepo, commit: string): Promise<MadeCommit> {
  const message = r.git('log', '-1', '--format=%B', commit);
  return { commit, message, ...(await diffStat(deps, r.dir, `${commit}^`, commit)) };
}

describe('what commitAll reports', () => {
  it('describes each commit as git itself does, whatever the change', async () => {
    const r = repo({ 'a.txt': '1\n2\n3\n', 'gone.txt': 'x\n', 'bin.dat': '\0a', f: 'file\n' });
    const changes: [string, () => void][] = [
      [
        'edits, a new file with an awkward name, a deletion, a binary',
        () => {
          r.write('a.txt', '1\nTWO\n3\n4\n');
          r.write('new dir/ü \'q".txt', 'n\n');
          rmSync(join(r.dir, 'gone.txt'));
          r.write('bin.dat', '\0b');
        },
      ],
      [
        'a file that becomes a directory',
        () => {
          rmSync(join(r.dir, 'f'));
          r.write('f/inside.txt', 'i\n');
        },
      ],
      ['a mode change', () => chmodSync(join(r.dir, 'a.txt'), 0o755)],
      ['a rename', () => renameSync(join(r.dir, 'a.txt'), join(r.dir, 'b.txt'))],
      ['an edit after those', () => r.write('b.txt', 'B\n')],
      ['a file named HEAD', () => r.write('HEAD', 'not a ref\n')],
    ];
    for (const [what, change] of changes) {
      change();
      const made = await commitAll(deps, r.dir, { message: what });
      expect(made, what).toEqual(await asGitSays(r, r.git('rev-parse', 'HEAD')));
      expect(r.git('status', '--porcelain'), what).toBe('');
    }
    expect(await commitAll(deps, r.dir, { message: 'nothing' })).toBeUndefined();
  });

  it('commits the tree as it is, whatever was staged before', async () => {
    const r = repo({ 'a.txt': 'a\n', 'c.txt': 'c\n' });
    // Staged and left as is; staged, then undone in the tree.
    r.write('a.txt', 'a2\n');
    r.git('add', 'a.txt');
    r.write('c.txt', 'c2\n');
    r.git('add', 'c.txt');
    r.write('c.txt', 'c\n');
    const made = await commitAll(deps, r.dir, { message: 'step' });
    expect(made).toEqual(await asGitSays(r, made!.commit));
    expect(made?.files).toEqual(['a.txt']);
  });

  it('reports the message as stored when a prepare-commit-msg hook rewrites it', async () => {
    const r = repo();
    const hook = join(r.dir, '.git', 'hooks', 'prepare-commit-msg');
    writeFileSync(
      hook,
      '#!/bin/sh\nprintf "[hooked] " | cat - "$1" > "$1.new" && mv "$1.new" "$1"\n',
    );
    chmodSync(hook, 0o755);
    for (const name of ['one', 'two']) {
      r.write(`${name}.txt`, `${name}\n`);
      const made = await commitAll(deps, r.dir, { message: `mmm(t): ${name}` });
      expect(made?.message).toBe(`[hooked] mmm(t): ${name}`);
      expect(made).toEqual(await asGitSays(r, made!.commit));
    }
  });

  it("stores the message with git's whitespace cleanup, whatever commit.cleanup says", async () => {
    const r = repo();
    r.git('config', 'commit.cleanup', 'strip');
    r.write('x.txt', 'x\n');
    const made = await commitAll(deps, r.dir, {
      message: '  #1 first  \n\n\n  body  ',
      trailers: { 'Mmm-Run': 'r' },
    });
    expect(made?.message).toBe('#1 first\n\n  body\n\nMmm-Run: r');
    expect(r.git('log', '-1', '--format=%B')).toBe(made?.message);
  });
});

describe('auto-maintenance', () => {
  it('is left out of each commit and run once after them, unless the repository turned it off', async () => {
    const r = repo();
    // Maintenance comes due with two packs over gc.autoPackLimit 1; the pre-auto-gc hook counts
    // each time it does and refuses it, so that it stays due.
    r.git('repack', '-dq');
    r.write('second.txt', 'second\n');
    r.commitAll('second');
    r.git('repack', '-dq');
    r.git('config', 'gc.autoPackLimit', '1');
    r.git('config', 'gc.autoDetach', 'false');
    r.git('config', 'maintenance.autoDetach', 'false');
    const log = join(r.dir, '.git', 'auto-gc.log');
    const hook = join(r.dir, '.git', 'hooks', 'pre-auto-gc');
    writeFileSync(hook, `#!/bin/sh\necho due >> '${log}'\nexit 1\n`);
    chmodSync(hook, 0o755);
    const due = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0);

    r.write('x.txt', 'x\n');
    await commitAll(deps, r.dir, { message: 'x' });
    expect(r.git('log', '-1', '--format=%s')).toBe('x');
    expect(due()).toBe(0);
    await runAutoMaintenance(deps, r.dir);
    expect(due()).toBe(1);
    r.git('config', 'maintenance.auto', 'false');
    await runAutoMaintenance(deps, r.dir);
    expect(due()).toBe(1);
  });
});

describe('committing given paths', () => {
  it('commits only the named paths, and leaves out the ones the repository ignores', async () => {
    const r = repo({ 'README.md': 'r\n', '.gitignore': '.mmm/\n' });
    r.write('notes/kept.txt', 'kept\n');
    r.write('other.txt', 'not named\n');
    const made = await commitPaths(deps, r.dir, ['notes/kept.txt'], { message: 'paths' });
    expect(made?.files).toEqual(['notes/kept.txt']);
    expect(r.git('status', '--porcelain')).toBe('?? other.txt');

    r.write('.mmm/provenance/run.json', '{}\n');
    const none = await commitPaths(deps, r.dir, ['.mmm/provenance/run.json'], { message: 'x' });
    expect(none).toBeUndefined();
    expect(r.git('log', '-1', '--format=%s')).toBe('paths');
    expect(readFileSync(join(r.dir, '.mmm/provenance/run.json'), 'utf8')).toBe('{}\n');

    // Named together: the ignored one is left out, the others are committed.
    r.write('notes/ä b.txt', 'b\n');
    const some = await commitPaths(deps, r.dir, ['.mmm/provenance/run.json', 'notes/ä b.txt'], {
      message: 'some',
    });
    expect(some?.files).toEqual(['notes/ä b.txt']);
    expect(r.git('status', '--porcelain')).toBe('?? other.txt');
  });
});
