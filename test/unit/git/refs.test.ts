import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  branchOfHead,
  findGitDirs,
  indexStamp,
  readHeadCommit,
  readLooseCommitMessage,
} from '../../../src/git/refs.js';
import { exec } from '../../../src/infra/exec.js';
import { currentBranch, head } from '../../../src/git/repo.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const repo = useTempRepos();
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
/** What git itself says HEAD and the branch are, to hold the file reading to. */
function gitSays(r: TempRepo, cwd = r.dir) {
  const run = (...args: string[]) => r.git('-C', cwd, ...args);
  let branch: string | undefined;
  try {
    branch = run('symbolic-ref', '--quiet', '--short', 'HEAD');
  } catch {
    branch = undefined;
  }
  return { head: run('rev-parse', 'HEAD'), branch };
}

describe('reading HEAD from git files', () => {
  it('agrees with git on a branch, with loose and with packed refs, and detached', () => {
    const r = repo();
    r.write('a.txt', 'a\n');
    r.commitAll('second');
    expect(readHeadCommit(r.dir)).toBe(gitSays(r).head);
    expect(branchOfHead(r.dir)).toEqual({ branch: 'main' });
    r.git('pack-refs', '--all', '--prune');
    expect(readHeadCommit(r.dir)).toBe(gitSays(r).head);
    r.git('checkout', '-q', '--detach');
    expect(readHeadCommit(r.dir)).toBe(gitSays(r).head);
    expect(branchOfHead(r.dir)).toEqual({ branch: undefined });
  });

  it('reads a linked worktree: its own HEAD, branches from the common dir', () => {
    const r = repo();
    const wt = join(tempDir('mmm-refs-wt-'), 'wt');
    r.git('worktree', 'add', '-q', '-b', 'side', wt);
    r.git('-C', wt, 'commit', '-q', '--allow-empty', '-m', 'on side');
    const dirs = findGitDirs(wt);
    expect(realpathSync(dirs!.commonDir)).toBe(realpathSync(join(r.dir, '.git')));
    expect(dirs?.gitDir).toContain(join('.git', 'worktrees'));
    expect(readHeadCommit(wt)).toBe(gitSays(r, wt).head);
    expect(readHeadCommit(r.dir)).toBe(gitSays(r).head);
    expect(readHeadCommit(wt)).not.toBe(readHeadCommit(r.dir));
    expect(branchOfHead(wt)).toEqual({ branch: 'side' });
  });

  it('leaves to git what it cannot be sure of', async () => {
    const r = repo();
    r.write('sub/x.txt', 'x\n');
    // Not the top of a working tree.
    expect(readHeadCommit(join(r.dir, 'sub'))).toBeUndefined();
    // The environment points git elsewhere.
    expect(readHeadCommit(r.dir, { GIT_DIR: join(r.dir, '.git') })).toBeUndefined();
    // A tag with the branch's name: git would call the branch heads/main.
    r.git('tag', 'main');
    expect(branchOfHead(r.dir)).toBeUndefined();
    expect(await currentBranch({ exec }, r.dir)).toBe(gitSays(r).branch);
    // An unborn branch: git says there is no commit, so head() must ask it.
    const empty = tempDir('mmm-refs-empty-');
    await exec('git', ['init', '-q', '-b', 'main'], { cwd: empty });
    expect(readHeadCommit(empty)).toBeUndefined();
    await expect(head({ exec }, empty)).rejects.toThrow(/no commits yet/);
  });

  it('follows a symbolic ref and refuses a HEAD that is not a ref or a commit', () => {
    const r = repo();
    const sha = gitSays(r).head;
    r.git('symbolic-ref', 'refs/heads/alias', 'refs/heads/main');
    writeFileSync(join(r.dir, '.git', 'HEAD'), 'ref: refs/heads/alias\n');
    expect(readHeadCommit(r.dir)).toBe(sha);
    writeFileSync(join(r.dir, '.git', 'HEAD'), 'ref: ../../etc/passwd\n');
    expect(readHeadCommit(r.dir)).toBeUndefined();
  });
});

describe('index stamp and loose commits', () => {
  it('changes whenever git writes the index, and not otherwise', () => {
    const r = repo();
    const dirs = findGitDirs(r.dir)!;
    const before = indexStamp(dirs);
    expect(indexStamp(dirs)).toBe(before);
    r.write('n.txt', 'n\n');
    r.git('add', 'n.txt');
    expect(indexStamp(dirs)).not.toBe(before);
  });

  it('reads the message of a fresh commit as git stores it', () => {
    const r = repo();
    r.git('commit', '-q', '--allow-empty', '-m', 'subject', '-m', 'body line');
    const sha = gitSays(r).head;
    expect(readLooseCommitMessage(findGitDirs(r.dir)!, sha)).toBe('subject\n\nbody line\n');
    expect(readLooseCommitMessage(findGitDirs(r.dir)!, 'f'.repeat(40))).toBeUndefined();
  });
});
