// Saving work to a ref and putting the tree back (src/git/save.ts): sparse checkouts, pinned
// trees and linked worktrees, files marked assume-unchanged, a repository with no commit or index
// yet, HEAD put back on its branch or commit, and what the clean after a reset keeps: mmm's own
// files and the user's ignored files, past what a command line holds too.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PreconditionError } from '../../../src/errors.js';
import { exec, type ExecOptions } from '../../../src/infra/exec.js';
import { isSparse, reattachHead, restoreTo, saveWorkToRef } from '../../../src/git/save.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const deps = { exec };
const repo = useTempRepos();

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A temporary directory removed after the test. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A repository just made with git init: no commit, no index file. */
function newRepo(): { dir: string; git: (...args: string[]) => string } {
  const dir = tempDir('mmm-new-repo-');
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  git('init', '-q', '-b', 'main');
  return { dir, git };
}

/** The temporary index files left in a git directory. */
function tempIndexes(gitDir: string): string[] {
  return readdirSync(gitDir).filter((name) => name.startsWith('index.mmm-'));
}

/** Every file of a commit's tree, one per line. */
function filesOf(r: { git: (...args: string[]) => string }, commit: string): string {
  return r.git('ls-tree', '-r', '--name-only', commit);
}

describe('isSparse', () => {
  it('says whether the tree is a sparse checkout, however the setting is spelled', async () => {
    const r = repo({ 'in/a': 'a\n', 'out/b': 'b\n' });
    expect(await isSparse(deps, r.dir)).toBe(false);
    r.git('config', 'core.sparseCheckout', 'yes');
    expect(await isSparse(deps, r.dir)).toBe(true);
    r.git('config', 'core.sparseCheckout', 'off');
    expect(await isSparse(deps, r.dir)).toBe(false);
    r.git('sparse-checkout', 'set', '--cone', 'in');
    expect(await isSparse(deps, r.dir)).toBe(true);
    r.git('sparse-checkout', 'disable');
    expect(await isSparse(deps, r.dir)).toBe(false);
  });
});

describe('saveWorkToRef', () => {
  it('saves a file written outside a sparse checkout’s cone', async () => {
    const r = repo({ 'in/a': 'a\n', 'out/b': 'b\n' });
    r.git('sparse-checkout', 'set', '--cone', 'in');
    r.write('out/new.txt', 'outside\n');
    r.write('in/a', 'inside\n');
    const { ref } = await saveWorkToRef(deps, r.dir, 'sparse/1');
    expect(r.git('show', `${ref}:out/new.txt`)).toBe('outside');
    expect(r.git('show', `${ref}:in/a`)).toBe('inside');
    expect(filesOf(r, ref!)).toBe('in/a\nout/b\nout/new.txt');
  });

  it("saves nothing when the tree is unlessTreeOf's, else a commit on HEAD whose message names the ref", async () => {
    const r = repo();
    const start = r.git('rev-parse', 'HEAD');
    expect(await saveWorkToRef(deps, r.dir, 'm/0', { unlessTreeOf: start })).toStrictEqual({
      ref: undefined,
      nested: [],
      changedSubmodules: [],
    });
    expect(r.git('for-each-ref', 'refs/mmm/')).toBe('');
    r.write('x.txt', 'x\n');
    const saved = await saveWorkToRef(deps, r.dir, 'm/1', { unlessTreeOf: start });
    expect(saved).toStrictEqual({ ref: 'refs/mmm/m/1', nested: [], changedSubmodules: [] });
    expect(r.git('log', '-1', '--format=%B', 'refs/mmm/m/1')).toBe(
      'mmm: work saved to refs/mmm/m/1',
    );
    expect(r.git('rev-list', '--parents', '-n', '1', 'refs/mmm/m/1').split(' ').slice(1)).toEqual([
      start,
    ]);
  });

  it('saves local edits to files marked assume-unchanged, leaving the mark in the index', async () => {
    const r = repo({ 'a b.txt': 'a\n', 'ü.txt': 'u\n', 'plain.txt': 'p\n' });
    r.git('update-index', '--assume-unchanged', 'a b.txt', 'ü.txt');
    r.write('a b.txt', 'local a\n');
    r.write('ü.txt', 'local u\n');
    r.write('plain.txt', 'edited\n');
    const { ref } = await saveWorkToRef(deps, r.dir, 'au/1');
    expect(r.git('show', `${ref}:a b.txt`)).toBe('local a');
    expect(r.git('show', `${ref}:ü.txt`)).toBe('local u');
    expect(r.git('show', `${ref}:plain.txt`)).toBe('edited');
    expect(r.git('ls-files', '-v', '-z').split('\0')).toEqual([
      'h a b.txt',
      'H plain.txt',
      'h ü.txt',
      '',
    ]);
    expect(r.git('status', '--porcelain')).toBe('M plain.txt');
  });

  it('saves from the index of the linked worktree it runs in', async () => {
    const r = repo({ '.gitignore': '*.log\n' });
    r.git('checkout', '-q', '-b', 'wt');
    r.write('notes.log', 'tracked though ignored\n');
    r.git('add', '-f', 'notes.log');
    r.git('commit', '-q', '-m', 'notes');
    r.git('checkout', '-q', 'main');
    const wt = join(tempDir('mmm-wt-'), 'wt');
    r.git('worktree', 'add', '-q', wt, 'wt');
    writeFileSync(join(wt, 'notes.log'), 'edited in the worktree\n');
    const { ref } = await saveWorkToRef(deps, wt, 'wt/1');
    expect(r.git('show', `${ref}:notes.log`)).toBe('edited in the worktree');
    expect(filesOf(r, ref!)).toBe('.gitignore\nnotes.log');
    expect(tempIndexes(join(r.dir, '.git', 'worktrees', 'wt'))).toEqual([]);
  });

  it('in a pinned tree, starts from the git directory’s index, keeping a tracked file the rules ignore', async () => {
    const r = repo({ '.gitignore': '*.log\n' });
    r.write('tracked.log', 'v1\n');
    r.git('add', '-f', 'tracked.log');
    r.git('commit', '-q', '-m', 'tracked log');
    r.write('tracked.log', 'v2\n');
    const gitDir = join(r.dir, '.git');
    const pinned = { exec, pin: { gitDir, workTree: r.dir } };
    const { ref } = await saveWorkToRef(pinned, r.dir, 'pin/1');
    expect(r.git('show', `${ref}:tracked.log`)).toBe('v2');
    expect(tempIndexes(gitDir)).toEqual([]);
  });

  it('in a pinned tree, starts from the index GIT_INDEX_FILE names when it is set', async () => {
    const r = repo({ '.gitignore': '*.log\n', 'a.txt': 'a\n' });
    const other = join(r.dir, '.git', 'other-index');
    const env = { ...process.env, GIT_INDEX_FILE: other };
    r.write('extra.log', 'only the other index tracks it\n');
    execFileSync('git', ['read-tree', 'HEAD'], { cwd: r.dir, env });
    execFileSync('git', ['add', '-f', 'extra.log'], { cwd: r.dir, env });
    const pinned = { exec, pin: { gitDir: join(r.dir, '.git'), workTree: r.dir } };
    process.env.GIT_INDEX_FILE = other;
    let ref: string | undefined;
    try {
      ({ ref } = await saveWorkToRef(pinned, r.dir, 'pin/2'));
    } finally {
      delete process.env.GIT_INDEX_FILE;
    }
    expect(filesOf(r, ref!)).toBe('.gitignore\na.txt\nextra.log');
    // The main index never tracked it: saved from there, it would have been left out.
    expect(r.git('ls-files')).toBe('.gitignore\na.txt');
  });

  it('saves in a repository with no commit and no index yet, as a commit of its own, leaving no index', async () => {
    const r = newRepo();
    writeFileSync(join(r.dir, 'a.txt'), 'first\n');
    const saved = await saveWorkToRef(deps, r.dir, 'new/1');
    expect(saved.ref).toBe('refs/mmm/new/1');
    expect(r.git('rev-list', '--parents', '-n', '1', 'refs/mmm/new/1')).toBe(
      r.git('rev-parse', 'refs/mmm/new/1'),
    );
    expect(filesOf(r, 'refs/mmm/new/1')).toBe('a.txt');
    expect(existsSync(join(r.dir, '.git', 'index'))).toBe(false);
    expect(tempIndexes(join(r.dir, '.git'))).toEqual([]);
  });

  it('reports a required filter that fails as such, leaving no temporary index', async () => {
    const r = newRepo();
    writeFileSync(join(r.dir, '.gitattributes'), '*.txt filter=boom\n');
    r.git('config', 'filter.boom.clean', 'false');
    r.git('config', 'filter.boom.required', 'true');
    writeFileSync(join(r.dir, 'a.txt'), 'a\n');
    const error = await saveWorkToRef(deps, r.dir, 'f/1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionError);
    expect((error as PreconditionError).message).toBe(
      "git could not run the false filter the repository requires (git add): error: external filter 'false' failed 1; error: external filter 'false' failed; fatal: a.txt: clean filter 'boom' failed",
    );
    expect(tempIndexes(join(r.dir, '.git'))).toEqual([]);
    expect(r.git('for-each-ref', 'refs/mmm/')).toBe('');
  });
});

describe('reattachHead', () => {
  it("puts HEAD back on the run's branch without moving any branch or touching the tree", async () => {
    const r = repo();
    const start = r.git('rev-parse', 'HEAD');
    r.git('checkout', '-q', '-b', 'other');
    r.write('o.txt', 'on other\n');
    const onOther = r.commitAll('other');
    await reattachHead(deps, r.dir, 'refs/heads/main', start);
    expect(r.git('symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(r.git('rev-parse', 'HEAD')).toBe(start);
    expect(r.git('rev-parse', 'other')).toBe(onOther);
    expect(r.git('reflog', '-1', '--format=%gs', 'HEAD')).toBe("mmm: back to the run's branch");
    // The index and tree are as the step left them: o.txt, unknown to main, is still there.
    expect(r.git('status', '--porcelain')).toBe('A  o.txt');
  });

  it("detaches HEAD at the run's commit without moving the branch it was on", async () => {
    const r = repo();
    const first = r.git('rev-parse', 'HEAD');
    r.write('b.txt', 'b\n');
    const second = r.commitAll('second');
    await reattachHead(deps, r.dir, undefined, first);
    expect(() => r.git('symbolic-ref', '-q', 'HEAD')).toThrow();
    expect(r.git('rev-parse', 'HEAD')).toBe(first);
    expect(r.git('rev-parse', 'main')).toBe(second);
    expect(r.git('reflog', '-1', '--format=%gs', 'HEAD')).toBe("mmm: back to the run's commit");
  });
});

/** Deps whose git clean calls are recorded: the -e patterns and the excludes file as git read it. */
function watchingClean() {
  const cleans: { patterns: string[]; excludesFile?: string; excludes?: string }[] = [];
  const watched = {
    exec: (file: string, args: readonly string[], options: ExecOptions) => {
      if (args.includes('clean')) {
        const setting = args.find((arg) => arg.startsWith('core.excludesFile='));
        const excludesFile = setting?.slice('core.excludesFile='.length);
        cleans.push({
          patterns: args.filter((_, i) => args[i - 1] === '-e'),
          ...(excludesFile && { excludesFile, excludes: readFileSync(excludesFile, 'utf8') }),
        });
      }
      return exec(file, args, options);
    },
  };
  return { watched, cleans };
}

describe('restoreTo', () => {
  /** mmm's own files and some that are not, all untracked. */
  function writePrivateAndOther(r: TempRepo): void {
    r.write('.mmm/mmm.db', 'db');
    r.write('.mmm/mmm.db-wal', 'wal');
    r.write('.mmm/runs/r1/out.log', 'log');
    r.write('.mmm/provenance/x.json', '{}');
    r.write('junk.txt', 'junk');
    r.write('README.md', 'changed\n');
  }
  const privateLeft = ['?? .mmm/mmm.db', '?? .mmm/mmm.db-wal', '?? .mmm/runs/r1/out.log'].join(
    '\n',
  );

  it("keeps mmm's database and run files and removes everything else untracked", async () => {
    const r = repo();
    const start = r.git('rev-parse', 'HEAD');
    writePrivateAndOther(r);
    const { watched, cleans } = watchingClean();
    await restoreTo(watched, r.dir, start);
    expect(r.git('status', '--porcelain', '--untracked-files=all')).toBe(privateLeft);
    expect(cleans).toEqual([{ patterns: ['/.mmm/mmm.db*', '/.mmm/runs/'] }]);
  });

  it("keeps mmm's files with undo rules too, and gives the clean the rules as they were", async () => {
    const r = repo();
    const start = r.git('rev-parse', 'HEAD');
    writePrivateAndOther(r);
    const { watched, cleans } = watchingClean();
    await restoreTo(watched, r.dir, start, { rules: '*.bak\n', keep: new Set() });
    expect(r.git('status', '--porcelain', '--untracked-files=all')).toBe(privateLeft);
    expect(cleans).toHaveLength(1);
    expect(cleans[0]?.patterns).toEqual(['/.mmm/mmm.db*', '/.mmm/runs/']);
    expect(cleans[0]?.excludes).toBe('*.bak\n');
    // The excludes file lived in a temporary directory, gone now.
    expect(existsSync(dirname(cleans[0]?.excludesFile ?? '/'))).toBe(false);
  });

  it('keeps a kept file the rules still ignore by the rules alone, so a similar name of the step’s goes', async () => {
    const r = repo();
    const start = r.git('rev-parse', 'HEAD');
    const mine = 'caf\xe9.txt';
    writeFileSync(Buffer.concat([Buffer.from(`${r.dir}/`), Buffer.from(mine, 'latin1')]), 'mine');
    // Its pattern, the name not being UTF-8, would be /caf?.txt: cafX.txt would match it too.
    r.write('cafX.txt', "the step's\n");
    const { watched, cleans } = watchingClean();
    await restoreTo(watched, r.dir, start, { rules: 'caf[!X].txt\n', keep: new Set([mine]) });
    expect(r.git('-c', 'core.quotePath=true', 'status', '--porcelain')).toBe('?? "caf\\351.txt"');
    expect(cleans[0]?.patterns).toEqual(['/.mmm/mmm.db*', '/.mmm/runs/']);
  });

  it('keeps a kept file whose name ends in a space, and not the name without it', async () => {
    const r = repo();
    const start = r.git('rev-parse', 'HEAD');
    r.write('notes ', 'mine\n');
    r.write('notes', "the step's\n");
    await restoreTo(deps, r.dir, start, { rules: '', keep: new Set(['notes ']) });
    expect(r.git('status', '--porcelain')).toBe('?? "notes "');
  });

  it('puts at most 512 KiB of patterns on git’s command line and the rest in its excludes file', async () => {
    const r = repo();
    const start = r.git('rev-parse', 'HEAD');
    // Each pattern is 60 bytes, and counts 64 with its -e: 8,192 of them are 512 KiB exactly.
    const paths = Array.from({ length: 8_200 }, (_, i) => `kept/${String(i).padStart(54, '0')}`);
    const first = paths[0] ?? '';
    const last = paths[paths.length - 1] ?? '';
    r.write(first, 'mine\n');
    r.write(last, 'mine\n');
    r.write('kept/step.txt', "the step's\n");
    const { watched, cleans } = watchingClean();
    await restoreTo(watched, r.dir, start, { rules: '# rules', keep: new Set(paths) });
    expect(r.git('status', '--porcelain', '--untracked-files=all')).toBe(`?? ${first}\n?? ${last}`);
    expect(cleans).toHaveLength(1);
    expect(cleans[0]?.patterns).toEqual([
      '/.mmm/mmm.db*',
      '/.mmm/runs/',
      ...paths.slice(0, 8_192).map((path) => `/${path}`),
    ]);
    expect(cleans[0]?.excludes).toBe(
      `# rules\n${paths
        .slice(8_192)
        .map((path) => `/${path}\n`)
        .join('')}`,
    );
    expect(existsSync(dirname(cleans[0]?.excludesFile ?? '/'))).toBe(false);
  });
});
