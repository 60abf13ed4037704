// The main working tree of a repository found from anywhere in it (a subdirectory, its .git, a
// linked worktree; a bare repository and a git directory kept elsewhere), and patterns added once
// to the exclude file all its worktrees share.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PreconditionError } from '../../../src/errors.js';
import { exec } from '../../../src/infra/exec.js';
import { ensureLocallyIgnored, mainRepoRoot } from '../../../src/git/common-dir.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const deps = { exec };
const repo = useTempRepos();
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new temporary directory, by its real path, removed after the test. */
function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mmm-common-')));
  dirs.push(dir);
  return dir;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

/** A linked worktree of `r`, on a new branch. */
function linkedWorktree(r: TempRepo): string {
  const wt = join(tempDir(), 'wt');
  r.git('worktree', 'add', '-q', '-b', 'side', wt);
  return wt;
}

describe('mainRepoRoot', () => {
  it('finds the main working tree from a subdirectory, from its .git and from a linked worktree', async () => {
    const r = repo();
    r.write('sub/file.txt', 'x\n');
    const root = realpathSync(r.dir);
    expect(await mainRepoRoot(deps, join(r.dir, 'sub'))).toBe(root);
    expect(await mainRepoRoot(deps, join(r.dir, '.git'))).toBe(root);
    expect(await mainRepoRoot(deps, linkedWorktree(r))).toBe(root);
  });

  it('stands a bare repository in for the main working tree, from it and from its worktrees', async () => {
    const r = repo();
    const bare = join(tempDir(), 'b.git');
    git(r.dir, 'clone', '-q', '--bare', r.dir, bare);
    const wt = join(tempDir(), 'wt');
    git(bare, 'worktree', 'add', '-q', wt, 'main');
    expect(await mainRepoRoot(deps, bare)).toBe(bare);
    expect(await mainRepoRoot(deps, wt)).toBe(bare);
  });

  it('finds the working tree of a git directory kept elsewhere (--separate-git-dir)', async () => {
    const top = tempDir();
    const tree = join(top, 'tree');
    git(top, 'init', '-q', '-b', 'main', '--separate-git-dir', join(top, 'gitdir'), tree);
    expect(await mainRepoRoot(deps, tree)).toBe(tree);
  });

  it('refuses a directory outside any repository, saying how to make one', async () => {
    const outside = tempDir();
    const error = (await mainRepoRoot(deps, outside).catch((e: unknown) => e)) as PreconditionError;
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error.message).toBe(`not a git repository: ${outside}`);
    expect(error.hint).toBe('run mmm inside a git repository (git init creates one)');
  });
});

describe('ensureLocallyIgnored', () => {
  const exclude = (r: TempRepo) => join(r.dir, '.git', 'info', 'exclude');

  it('appends the missing patterns once, to the exclude file shared by every worktree', async () => {
    const r = repo();
    writeFileSync(exclude(r), '# mine\n*.log\n');
    await ensureLocallyIgnored(deps, linkedWorktree(r), ['/.mmm/a', '/.mmm/b']);
    expect(readFileSync(exclude(r), 'utf8')).toBe('# mine\n*.log\n/.mmm/a\n/.mmm/b\n');
    await ensureLocallyIgnored(deps, r.dir, ['/.mmm/b', '/.mmm/a']);
    expect(readFileSync(exclude(r), 'utf8')).toBe('# mine\n*.log\n/.mmm/a\n/.mmm/b\n');
  });

  it('counts a pattern present with trailing spaces, which git ignores, and adds only the others', async () => {
    const r = repo();
    writeFileSync(exclude(r), '/.mmm/a   \n');
    await ensureLocallyIgnored(deps, r.dir, ['/.mmm/a', '/.mmm/b']);
    expect(readFileSync(exclude(r), 'utf8')).toBe('/.mmm/a   \n/.mmm/b\n');
  });

  it('does not count a pattern behind leading spaces, which git reads as part of it', async () => {
    const r = repo();
    writeFileSync(exclude(r), '  /.mmm/a\n');
    await ensureLocallyIgnored(deps, r.dir, ['/.mmm/a']);
    expect(readFileSync(exclude(r), 'utf8')).toBe('  /.mmm/a\n/.mmm/a\n');
    r.write('.mmm/a', 'x\n');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('starts a new line after a last line without one', async () => {
    const r = repo();
    writeFileSync(exclude(r), '*.log');
    await ensureLocallyIgnored(deps, r.dir, ['/.mmm/a']);
    expect(readFileSync(exclude(r), 'utf8')).toBe('*.log\n/.mmm/a\n');
  });

  it('creates the exclude file, and its directory, when there is none', async () => {
    const r = repo();
    rmSync(join(r.dir, '.git', 'info'), { recursive: true, force: true });
    await ensureLocallyIgnored(deps, r.dir, ['/.mmm/a', '/.mmm/b']);
    expect(readFileSync(exclude(r), 'utf8')).toBe('/.mmm/a\n/.mmm/b\n');
  });
});
