// The engine's commits and what a range of history holds (src/git/commit.ts): messages and
// trailers as stored, counts of ten lines and more, commits git refuses (a missing identity),
// given paths committed alone, outside a sparse checkout's cone too, the user's ignored files left
// out of staging, auto-maintenance that fails, and commits, parents and patches between two points
// in SHA-1 and SHA-256 repositories.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exec } from '../../../src/infra/exec.js';
import { GitCommandError } from '../../../src/git/run.js';
import { ignoredFilesNow } from '../../../src/git/kept-files.js';
import {
  commitAll,
  commitIndex,
  commitPaths,
  commitsBetween,
  describeMadeCommit,
  diffStat,
  firstParentOrEmpty,
  patchText,
  runAutoMaintenance,
  stageAll,
} from '../../../src/git/commit.js';
import { useTempRepos, withoutGitIdentity, type TempRepo } from '../../helpers/repo.js';

const deps = { exec };
/** Deps whose git must never start: for answers that need no git at all. */
const noGit = { exec: () => Promise.reject(new Error('git was started')) };
const repo = useTempRepos();

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const EMPTY_TREE_SHA1 = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const EMPTY_TREE_SHA256 = '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321';

/** Lines `from`..`to` of a file, one number per line. */
function lines(from: number, to: number): string {
  return Array.from({ length: to - from + 1 }, (_, i) => `${String(from + i)}\n`).join('');
}

/** A commit's message as its object holds it, leading spaces and all (trailing ones trimmed). */
function storedMessage(r: TempRepo, commit = 'HEAD'): string {
  const raw = r.git('cat-file', 'commit', commit);
  return raw.slice(raw.indexOf('\n\n') + 2);
}

describe('messages as stored', () => {
  it('trims the message and folds each trailer value to one spaced line', async () => {
    const r = repo();
    r.write('x.txt', 'x\n');
    const made = await commitAll(deps, r.dir, {
      message: '   indented subject  \n',
      trailers: { 'Mmm-Step': '  2\t\ttest \n\n x  ', 'Mmm-Run': 'r1' },
    });
    const stored = storedMessage(r);
    expect(stored).toBe('indented subject\n\nMmm-Step: 2 test x\nMmm-Run: r1');
    expect(made?.message).toBe(stored);
  });

  it('trims a message given without trailers', async () => {
    const r = repo();
    r.write('x.txt', 'x\n');
    const made = await commitAll(deps, r.dir, { message: '   indented subject\n\n' });
    expect(storedMessage(r)).toBe('indented subject');
    expect(made?.message).toBe('indented subject');
  });
});

describe('what a commit changed', () => {
  it('counts ten lines and more added and removed, in commitAll and diffStat alike', async () => {
    const r = repo({ 'big.txt': lines(1, 10), 'small.txt': 'a\n' });
    const base = r.git('rev-parse', 'HEAD');
    r.write('big.txt', lines(100, 111));
    r.write('small.txt', 'b\n');
    const made = await commitAll(deps, r.dir, { message: 'rewrite' });
    expect(made).toEqual({
      commit: r.git('rev-parse', 'HEAD'),
      message: 'rewrite',
      files: ['big.txt', 'small.txt'],
      insertions: 13,
      deletions: 11,
    });
    expect(await diffStat(deps, r.dir, base, 'HEAD')).toEqual({
      files: ['big.txt', 'small.txt'],
      insertions: 13,
      deletions: 11,
    });
  });

  it('describes a commit by what it changed from its first parent', async () => {
    const r = repo({ 'a.txt': '1\n', 'b.txt': 'b\n' });
    r.write('a.txt', 'one\n');
    const commit = r.commitAll('edit a');
    expect(await describeMadeCommit(deps, r.dir, commit)).toEqual({
      commit,
      message: 'edit a',
      files: ['a.txt'],
      insertions: 1,
      deletions: 1,
    });
  });

  it('describes a root commit by all it holds', async () => {
    const r = repo({ 'a.txt': '1\n2\n', 'b.txt': 'b\n' });
    const root = r.git('rev-parse', 'HEAD');
    expect(await describeMadeCommit(deps, r.dir, root)).toEqual({
      commit: root,
      message: 'initial',
      files: ['a.txt', 'b.txt'],
      insertions: 3,
      deletions: 0,
    });
  });

  it('trims a message someone stored verbatim with blank lines and spaces around it', async () => {
    const r = repo();
    r.write('x.txt', 'x\n');
    r.git('add', 'x.txt');
    r.git('commit', '-q', '--cleanup=verbatim', '-m', '\n\n   spaced subject  \n\nbody  \n\n');
    const commit = r.git('rev-parse', 'HEAD');
    expect((await describeMadeCommit(deps, r.dir, commit)).message).toBe(
      'spaced subject  \n\nbody',
    );
  });
});

describe('parents and ranges', () => {
  it('takes a change from the first parent, or from the empty tree for a root commit', async () => {
    const r = repo();
    const root = r.git('rev-parse', 'HEAD');
    expect(await firstParentOrEmpty(deps, r.dir, root)).toBe(EMPTY_TREE_SHA1);
    r.git('checkout', '-q', '-b', 'side');
    r.write('side.txt', 'side\n');
    r.commitAll('side');
    r.git('checkout', '-q', 'main');
    r.write('main.txt', 'main\n');
    const onMain = r.commitAll('main');
    r.git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
    expect(await firstParentOrEmpty(deps, r.dir, 'HEAD')).toBe(onMain);
    expect(await firstParentOrEmpty(deps, r.dir, onMain)).toBe(root);
  });

  it('uses the empty tree of a SHA-256 repository for its root commits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-sha256-'));
    made.push(dir);
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' }).trim();
    git('init', '-q', '-b', 'main', '--object-format=sha256');
    git('commit', '-q', '--allow-empty', '-m', 'empty root');
    const root = git('rev-parse', 'HEAD');
    expect(await firstParentOrEmpty(deps, dir, root)).toBe(EMPTY_TREE_SHA256);
    expect(await describeMadeCommit(deps, dir, root)).toEqual({
      commit: root,
      message: 'empty root',
      files: [],
      insertions: 0,
      deletions: 0,
    });
  });

  it('lists no commits from a commit back to an older one, or from a commit to itself without git', async () => {
    const r = repo();
    const first = r.git('rev-parse', 'HEAD');
    r.write('b.txt', 'b\n');
    const second = r.commitAll('second');
    expect(await commitsBetween(deps, r.dir, second, first)).toEqual([]);
    expect(await commitsBetween(deps, r.dir, first, second)).toEqual([second]);
    expect(await commitsBetween(noGit, '/nowhere', second, second)).toEqual([]);
  });
});

describe('patchText', () => {
  /** A repository whose second commit edits a.txt and renames old.txt, and its two commits. */
  function twoCommits(): { r: TempRepo; from: string; to: string } {
    const r = repo({ 'a.txt': '1\n2\n3\n', 'old.txt': 'o\n' });
    const from = r.git('rev-parse', 'HEAD');
    r.write('a.txt', '1\nTWO\n3\n');
    r.git('mv', 'old.txt', 'new.txt');
    const to = r.commitAll('edit and rename');
    // Settings that would change what git diff prints, were they followed.
    r.git('config', 'color.diff', 'always');
    r.git('config', 'diff.external', 'echo');
    r.git('config', 'diff.renames', 'true');
    return { r, from, to };
  }

  function patchOf(r: TempRepo, from: string, to: string): string {
    const a = (commit: string) => r.git('rev-parse', '--short=7', `${commit}:a.txt`);
    const o = r.git('rev-parse', '--short=7', `${from}:old.txt`);
    return [
      'diff --git a/a.txt b/a.txt',
      `index ${a(from)}..${a(to)} 100644`,
      '--- a/a.txt',
      '+++ b/a.txt',
      '@@ -1,3 +1,3 @@',
      ' 1',
      '-2',
      '+TWO',
      ' 3',
      'diff --git a/new.txt b/new.txt',
      'new file mode 100644',
      `index 0000000..${o}`,
      '--- /dev/null',
      '+++ b/new.txt',
      '@@ -0,0 +1 @@',
      '+o',
      'diff --git a/old.txt b/old.txt',
      'deleted file mode 100644',
      `index ${o}..0000000`,
      '--- a/old.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-o',
      '',
    ].join('\n');
  }

  it('shows a plain stat and patch, renames as a deletion and an addition, whatever the settings', async () => {
    const { r, from, to } = twoCommits();
    const stat = [
      ' a.txt   | 2 +-',
      ' new.txt | 1 +',
      ' old.txt | 1 -',
      ' 3 files changed, 2 insertions(+), 2 deletions(-)',
      '',
      '',
    ].join('\n');
    expect(await patchText(deps, r.dir, from, to, 1_000_000)).toEqual({
      text: stat + patchOf(r, from, to),
      cut: false,
    });
    expect(await patchText(deps, r.dir, from, to, 1_000_000, false)).toEqual({
      text: patchOf(r, from, to),
      cut: false,
    });
  });

  it('cuts the text at the bytes given, and says so', async () => {
    const { r, from, to } = twoCommits();
    const { text, cut } = await patchText(deps, r.dir, from, to, 40, false);
    expect(cut).toBe(true);
    expect(text.length).toBeLessThanOrEqual(40);
    expect(patchOf(r, from, to).startsWith(text)).toBe(true);
  });
});

describe('commits git refuses', () => {
  it('throws what git said when it cannot commit (no identity), and leaves the change staged', async () => {
    const r = repo();
    r.write('x.txt', 'x\n');
    const error = await withoutGitIdentity(r, () =>
      commitAll(deps, r.dir, { message: 'x' }).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as GitCommandError).message).toMatch(
      /^git -c maintenance\.auto=false commit --quiet --no-verify --cleanup=whitespace --file=- failed \(exit 128\): Author identity unknown\n/,
    );
    expect(r.git('rev-list', '--count', 'HEAD')).toBe('1');
    expect(r.git('status', '--porcelain')).toBe('A  x.txt');
  });

  it('returns undefined when nothing is staged, whatever the tree holds', async () => {
    const r = repo();
    r.write('untracked.txt', 'not staged\n');
    expect(await commitIndex(deps, r.dir, { message: 'nothing' })).toBeUndefined();
    expect(r.git('rev-list', '--count', 'HEAD')).toBe('1');
  });
});

describe('commitPaths', () => {
  it('commits the named path alone, leaving what else was staged staged', async () => {
    const r = repo();
    r.write('other.txt', 'staged before\n');
    r.git('add', 'other.txt');
    r.write('manifest.json', '{}\n');
    const made = await commitPaths(deps, r.dir, ['manifest.json'], { message: 'provenance' });
    expect(made?.files).toEqual(['manifest.json']);
    expect(r.git('show', '--name-only', '--format=', 'HEAD')).toBe('manifest.json');
    expect(r.git('status', '--porcelain')).toBe('A  other.txt');
  });

  it('leaves out an ignored path named after one that is not', async () => {
    const r = repo({ '.gitignore': '.mmm/\n' });
    r.write('notes/a.txt', 'a\n');
    r.write('.mmm/provenance/run.json', '{}\n');
    const made = await commitPaths(deps, r.dir, ['notes/a.txt', '.mmm/provenance/run.json'], {
      message: 'some',
    });
    expect(made?.files).toEqual(['notes/a.txt']);
  });

  it('commits a path outside a sparse checkout’s cone', async () => {
    const r = repo({ 'in/a': 'a\n', 'out/b': 'b\n' });
    r.git('sparse-checkout', 'set', '--cone', 'in');
    r.write('out/manifest.json', '{}\n');
    const made = await commitPaths(deps, r.dir, ['out/manifest.json'], { message: 'manifest' });
    expect(made?.files).toEqual(['out/manifest.json']);
    expect(r.git('show', 'HEAD:out/manifest.json')).toBe('{}');
  });

  it('throws what git add said when it refuses a path for another reason', async () => {
    const r = repo();
    r.git('init', '-q', 'sub');
    r.write('sub/x.txt', 'x\n');
    await expect(commitPaths(deps, r.dir, ['sub'], { message: 'sub' })).rejects.toThrow(
      "git add --all -- sub failed (exit 128): error: 'sub/' does not have a commit checked out\nfatal: adding files failed",
    );
    expect(r.git('rev-list', '--count', 'HEAD')).toBe('1');
  });

  it('throws what git check-ignore said when it cannot check a path', async () => {
    const r = repo();
    const error = await commitPaths(deps, r.dir, ['../outside.txt'], { message: 'x' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as GitCommandError).message).toBe(
      `git check-ignore -z --stdin failed (exit 128): fatal: ../outside.txt: '../outside.txt' is outside repository at '${r.dir}'`,
    );
  });

  it('with no paths, commits nothing and starts no git', async () => {
    expect(await commitPaths(noGit, '/nowhere', [], { message: 'x' })).toBeUndefined();
  });
});

describe('stageAll', () => {
  it("stages the step's files and returns the user's ignored ones the rules no longer ignore, unstaged", async () => {
    const r = repo({ '.gitignore': '*.db\n' });
    r.write('cache/a.db', 'mine\n');
    r.write('top.db', 'mine\n');
    const kept = new Set(await ignoredFilesNow(deps, r.dir));
    r.write('.gitignore', '');
    r.write('cache/new.txt', "the step's\n");
    const left = await stageAll(deps, r.dir, kept);
    expect(left.sort()).toEqual(['cache/a.db', 'top.db']);
    expect(r.git('status', '--porcelain', '--untracked-files=all')).toBe(
      ['M  .gitignore', 'A  cache/new.txt', '?? cache/a.db', '?? top.db'].join('\n'),
    );
  });
});

describe('runAutoMaintenance', () => {
  it('resolves when git’s maintenance fails (a bad gc.auto setting)', async () => {
    const r = repo();
    r.git('config', 'gc.auto', 'bogus');
    await expect(runAutoMaintenance(deps, r.dir)).resolves.toBeUndefined();
  });
});
