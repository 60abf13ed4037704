import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exec } from '../../../src/infra/exec.js';
import { ensureExcluded } from '../../../src/git/exclude.js';
import { amongKept, exactPattern, ignoredFilesNow } from '../../../src/git/kept-files.js';
import {
  fromRecord,
  quotePath,
  toBytes,
  toRecord,
  unquotePath,
} from '../../../src/git/quoted-path.js';
import { restoreTo, saveWorkToRef } from '../../../src/git/save.js';
import { isDirty } from '../../../src/git/status.js';
import { useTempRepos } from '../../helpers/repo.js';

const deps = { exec };
const repo = useTempRepos();

describe('saving work to a ref and restoring', () => {
  it('saves tracked, staged and untracked work without touching tree, index or HEAD', async () => {
    const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const before = r.git('rev-parse', 'HEAD');
    r.write('a.txt', 'edited\n');
    r.write('b.txt', 'staged\n');
    r.git('add', 'b.txt');
    r.write('new.txt', 'untracked\n');
    const status = r.git('status', '--porcelain');

    const { ref } = await saveWorkToRef(deps, r.dir, 'run1/failed-1');

    expect(ref).toBe('refs/mmm/run1/failed-1');
    expect(r.git('rev-parse', 'HEAD')).toBe(before);
    expect(r.git('status', '--porcelain')).toBe(status);
    expect(r.git('show', `${ref}:a.txt`)).toBe('edited');
    expect(r.git('show', `${ref}:b.txt`)).toBe('staged');
    expect(r.git('show', `${ref}:new.txt`)).toBe('untracked');
    expect(r.git('rev-parse', `${ref}^`)).toBe(before);
  });

  it('keeps commits made after the restore point reachable from the ref', async () => {
    const r = repo();
    const start = r.git('rev-parse', 'HEAD');
    r.write('x.txt', 'committed by someone\n');
    const made = r.commitAll('agent commit');
    r.write('y.txt', 'left over\n');
    const { ref } = await saveWorkToRef(deps, r.dir, 'r/failed-2');
    await restoreTo(deps, r.dir, start);
    expect(r.git('rev-parse', 'HEAD')).toBe(start);
    expect(await isDirty(deps, r.dir)).toBe(false);
    expect(r.git('rev-parse', `${ref}^`)).toBe(made);
    expect(r.git('show', `${ref}:y.txt`)).toBe('left over');
  });

  it('leaves a nested repository out of the ref and on disk, and names it', async () => {
    const r = repo();
    const start = r.git('rev-parse', 'HEAD');
    r.write('app/index.js', 'hello\n');
    r.git('init', '-q', 'app');
    r.write('notes.txt', 'notes\n');

    const saved = await saveWorkToRef(deps, r.dir, 'r/failed-1');
    await restoreTo(deps, r.dir, start);

    expect(saved.nested).toEqual(['app/']);
    expect(r.git('ls-tree', '--name-only', saved.ref ?? '')).toBe('README.md\nnotes.txt');
    expect(readFileSync(join(r.dir, 'app/index.js'), 'utf8')).toBe('hello\n');
    // Nothing but the nested repository left: nothing to save when only HEAD's tree would be.
    const again = await saveWorkToRef(deps, r.dir, 'r/failed-2', { unlessTreeOf: start });
    expect(again.ref).toBeUndefined();
    expect(r.git('for-each-ref', 'refs/mmm/r/failed-2')).toBe('');
  });

  it('restore removes untracked files but keeps ignored ones', async () => {
    const r = repo({ '.gitignore': '*.log\n' });
    const start = r.git('rev-parse', 'HEAD');
    r.write('debug.log', 'ignored\n');
    r.write('junk/file.txt', 'untracked\n');
    r.write('.gitignore', 'changed\n');
    await restoreTo(deps, r.dir, start);
    expect(r.git('status', '--porcelain', '--ignored')).toBe('!! debug.log');
  });
});

describe("the user's ignored files through a restore", () => {
  it('matches each kept path exactly, wildcards, spaces and all', () => {
    expect(exactPattern('a*b?[c].txt')).toBe('/a\\*b\\?\\[c].txt');
    expect(exactPattern('dir with space /')).toBe('/dir with space\\ /');
    expect(exactPattern('!x #y\\')).toBe('/!x #y\\\\');
    expect(exactPattern(toBytes('café.txt'))).toBe('/café.txt');
    // A name that is not UTF-8, or that holds a line break: `?` for each such byte.
    expect(exactPattern('caf\xe9\n.txt')).toBe('/caf??.txt');
    const kept = new Set(['build/', '.env']);
    expect(amongKept('build/a/b.o', kept)).toBe(true);
    expect(amongKept('.env', kept)).toBe(true);
    expect(amongKept('.envrc', kept)).toBe(false);
    expect(amongKept('src/build/x', kept)).toBe(false);
  });

  it('reads and writes paths as git quotes them, byte for byte', () => {
    for (const path of ['plain.txt', 'caf\xc3\xa9', 'odd\xe9\x01"q"\\\t\n end', ' lead']) {
      expect(unquotePath(quotePath(path))).toBe(path);
    }
    expect(quotePath('caf\xe9 "x"')).toBe('"caf\\351 \\"x\\""');
    // As a run's record keeps them: text when UTF-8, quoted otherwise, and back.
    expect(toRecord(toBytes('café'))).toBe('café');
    expect(toRecord('caf\xe9')).toBe('"caf\\351"');
    for (const path of [toBytes('café'), 'caf\xe9', '"quoted"', 'plain']) {
      expect(fromRecord(toRecord(path))).toBe(path);
    }
  });

  it('lists the ignored files where a run starts: ignored directories whole, others by their files', async () => {
    const r = repo({ '.gitignore': 'build/\n*.log\n__pycache__/\nsecret*\n' });
    r.write('build/out.bin', 'x');
    r.write('logs/a.log', 'x');
    r.write('old/pkg/__pycache__/m.pyc', 'x');
    r.write('old/deep/z.log', 'x');
    const odd = 'secret-\xe9.txt';
    writeFileSync(Buffer.concat([Buffer.from(`${r.dir}/`), Buffer.from(odd, 'latin1')]), 'x');
    expect(await ignoredFilesNow(deps, r.dir)).toEqual(
      expect.arrayContaining([
        'build/',
        'logs/a.log',
        'old/deep/z.log',
        'old/pkg/__pycache__/',
        odd,
      ]),
    );
    const listed = await ignoredFilesNow(deps, r.dir);
    expect(listed).not.toContain('logs/');
    expect(listed).not.toContain('old/');
  });

  it('keeps them however many, past what a command line holds', async () => {
    const r = repo();
    const start = r.git('rev-parse', 'HEAD');
    const names = ['a*b.txt', 'dir with space /', '#odd'];
    r.write('a*b.txt', 'mine\n');
    r.write('axb.txt', "the step's\n");
    r.write('dir with space /f', 'mine\n');
    r.write('#odd', 'mine\n');
    r.write('left.txt', "the step's\n");
    // 30,000 paths of about 40 bytes: over 1 MB of patterns, and the last one is real.
    const many = Array.from(
      { length: 30_000 },
      (_, i) => `never/there/${String(i).padStart(20, '0')}`,
    );
    r.write('late.txt', 'mine\n');
    await restoreTo(deps, r.dir, start, {
      rules: '',
      keep: new Set([...names, ...many, 'late.txt']),
    });
    expect(r.git('status', '--porcelain', '--untracked-files=all')).toBe(
      ['?? #odd', '?? a*b.txt', '?? "dir with space /f"', '?? late.txt'].join('\n'),
    );
  });
});

describe('excluding mmm private files', () => {
  it('appends the patterns once, so the ledger and spills never make the tree dirty', async () => {
    const r = repo();
    expect(await ensureExcluded(deps, r.dir)).toEqual(['/.mmm/mmm.db*', '/.mmm/runs/']);
    expect(await ensureExcluded(deps, r.dir)).toEqual([]);
    const text = readFileSync(join(r.dir, '.git/info/exclude'), 'utf8');
    expect(text.match(/\/\.mmm\/runs\//g)).toHaveLength(1);
    r.write('.mmm/mmm.db', 'sqlite');
    r.write('.mmm/mmm.db-wal', 'wal');
    r.write('.mmm/runs/abc/out.log', 'log');
    expect(await isDirty(deps, r.dir)).toBe(false);
    r.write('.mmm/provenance/x.json', '{}');
    expect(await isDirty(deps, r.dir)).toBe(true);
  });
});
