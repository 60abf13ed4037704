// A session step that deletes its worktree's .git: mmm's git must not go on to the repository
// above the worktree (here a dotfiles repository in HOME, with MMM_HOME at its default ~/.mmm).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';
import { startMmm } from '../helpers/bin.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** `git status --porcelain` without MMM_HOME itself, which lives in HOME. */
const statusOf = (cwd: string) =>
  git(cwd, 'status', '--porcelain')
    .split('\n')
    .filter((line) => line !== '?? .mmm/')
    .join('\n');

/** A HOME that is a git repository with an edit not committed. */
function dotfilesHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'mmm-dotfiles-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  git(home, 'init', '-q', '-b', 'main');
  writeFileSync(join(home, '.bashrc'), 'export PS1=old\n');
  git(home, 'add', '.bashrc');
  git(home, 'commit', '-q', '-m', 'dotfiles');
  writeFileSync(join(home, '.bashrc'), 'export PS1=edited\n');
  return home;
}

function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# lost\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}

describe('a session step that deletes the worktree .git', () => {
  for (const removal of ['rm -rf .git', 'rm -f .git; git status >/dev/null 2>&1; true']) {
    it(`(${removal}) stops the run with exit 3; the repository above and the user's checkout are untouched`, async () => {
      const home = dotfilesHome();
      const homeHead = git(home, 'rev-parse', 'HEAD');
      const homeStatus = statusOf(home);
      const r = repo({
        'pb.yml': `name: lost\nsteps:\n  - shell: echo before > before.txt\n  - shell: "echo gone > gone.txt; ${removal}"\n  - shell: echo after > after.txt\n`,
      });
      r.write('README.md', 'user edit\n');
      const userHead = r.git('rev-parse', 'HEAD');
      const mmmHome = join(home, '.mmm');
      const run = await startMmm(['cook', 'pb.yml', '--worktree'], r.dir, {
        CI: '1',
        HOME: home,
        MMM_HOME: mmmHome,
      }).done;

      expect(run.status).toBe(3);
      expect(run.stderr).not.toContain('internal error');
      const worktrees = join(mmmHome, 'worktrees');
      expect(run.stderr).toContain(`${worktrees}/`);
      expect(run.stderr).toContain('is no longer a git checkout of its own');
      expect(run.stderr).toContain(`git there would act on ${home}`);
      // The dotfiles repository: same HEAD, same branch, nothing staged, the edit still there.
      expect(git(home, 'rev-parse', 'HEAD')).toBe(homeHead);
      expect(git(home, 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
      expect(statusOf(home)).toBe(homeStatus);
      expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe('export PS1=edited\n');
      expect(git(home, 'for-each-ref')).not.toContain('refs/mmm/');
      // The user's checkout as it was.
      expect(r.git('rev-parse', 'HEAD')).toBe(userHead);
      expect(r.git('status', '--porcelain')).toBe('M README.md');
      // The run stopped at the step; its work was saved in the session's repository.
      const saved = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/');
      expect(saved).toMatch(/^refs\/mmm\/.+\/failed-1$/);
      expect(r.git('show', `${saved}:gone.txt`)).toBe('gone');
      const [session] = JSON.parse(
        `[${git(r.dir, 'for-each-ref', '--format="%(refname)"', 'refs/heads/mmm/')}]`,
      ) as string[];
      expect(r.git('show', `${session}:before.txt`)).toBe('before');
      expect(run.stderr).not.toContain('after.txt');

      // Cleaning it is refused while the worktree has no .git, and leaves everything as it is.
      const clean = await startMmm(['worktree', 'clean', '--all', '--force'], r.dir, {
        CI: '1',
        HOME: home,
        MMM_HOME: mmmHome,
      }).done;
      expect(clean.status).toBe(3);
      expect(clean.stderr).toContain('is no longer a git checkout of its own');
      expect(git(home, 'rev-parse', 'HEAD')).toBe(homeHead);
      expect(statusOf(home)).toBe(homeStatus);
      expect(r.git('status', '--porcelain')).toBe('M README.md');
    });
  }
});

describe('a relative MMM_HOME', () => {
  it('is made absolute once: steps in the session see the same place', async () => {
    const r = repo({ 'pb.yml': 'name: rel\nsteps:\n  - shell: echo "$MMM_HOME" > home.txt\n' });
    const parent = mkdtempSync(join(tmpdir(), 'mmm-rel-'));
    cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
    mkdirSync(join(r.dir, 'sub'));
    const relative = join('..', '..', parent.split('/').pop() ?? '', 'home');
    const run = await startMmm(['cook', '../pb.yml', '--worktree'], join(r.dir, 'sub'), {
      CI: '1',
      MMM_HOME: relative,
    }).done;
    expect(run.status).toBe(0);
    const [session] = JSON.parse(
      `[${r.git('for-each-ref', '--format="%(refname)"', 'refs/heads/mmm/')}]`,
    ) as string[];
    expect(r.git('show', `${session}:home.txt`)).toBe(join(parent, 'home'));
    expect(existsSync(join(parent, 'home', 'worktrees'))).toBe(true);
  });
});

/** `mmm cook pb.yml --worktree` in `r`, with an MMM_HOME of its own. */
async function cookInSession(r: TempRepo) {
  const home = mkdtempSync(join(tmpdir(), 'mmm-session-home-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  return startMmm(['cook', 'pb.yml', '--worktree'], r.dir, { CI: '1', MMM_HOME: home }).done;
}

describe("a step that points the tree's .git at another repository", () => {
  it('in place: stops with exit 3 before any of mmm git reaches the other clone', async () => {
    const r = repo({});
    const other = mkdtempSync(join(tmpdir(), 'mmm-other-clone-'));
    const moved = mkdtempSync(join(tmpdir(), 'mmm-moved-git-'));
    cleanups.push(() => rmSync(other, { recursive: true, force: true }));
    cleanups.push(() => rmSync(moved, { recursive: true, force: true }));
    git(tmpdir(), 'clone', '-q', r.dir, other);
    writeFileSync(join(other, 'user.txt'), 'staged work\n');
    git(other, 'add', 'user.txt');
    const otherHead = git(other, 'rev-parse', 'HEAD');
    const pb = join(moved, 'pb.yml');
    writeFileSync(
      pb,
      `name: redirect\nsteps:\n  - shell: "mv .git ${moved}/git && echo 'gitdir: ${other}/.git' > .git && echo s1 > s1.txt"\n  - shell: echo s2 > s2.txt\n`,
    );
    const run = await startMmm(['cook', pb], r.dir, { CI: '1' }).done;
    expect(run.status).toBe(3);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).toContain(`.git now leads to ${other}/.git`);
    expect(git(other, 'rev-parse', 'HEAD')).toBe(otherHead);
    expect(git(other, 'status', '--porcelain')).toBe('A  user.txt');
    expect(git(other, 'for-each-ref')).not.toContain('refs/mmm/');
    expect(existsSync(join(r.dir, 's2.txt'))).toBe(false);
  });

  it("in a session: stops with exit 3, the user's checkout untouched", async () => {
    const r = repo({
      'pb.yml': '',
    });
    writeFileSync(
      join(r.dir, 'pb.yml'),
      `name: redirect\nsteps:\n  - shell: "echo 'gitdir: ${r.dir}/.git' > .git && echo s1 > s1.txt"\n  - shell: echo s2 > s2.txt\n`,
    );
    r.git('add', 'pb.yml');
    r.git('commit', '-q', '-m', 'pb');
    r.write('staged.txt', 'staged\n');
    r.git('add', 'staged.txt');
    const userHead = r.git('rev-parse', 'HEAD');
    const run = await cookInSession(r);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`.git now leads to ${r.dir}/.git instead of`);
    expect(r.git('rev-parse', 'HEAD')).toBe(userHead);
    expect(r.git('symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(r.git('status', '--porcelain')).toBe('A  staged.txt');
    const [saved] = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/*/failed-1').split('\n');
    expect(r.git('show', `${saved ?? ''}:s1.txt`)).toBe('s1');
  });
});

describe('a session step that removes its own worktree', () => {
  it("stops the run with exit 3; the session's branch keeps the commits made before", async () => {
    const r = repo({
      'pb.yml':
        'name: gone\nsteps:\n  - shell: echo s1 > s1.txt\n  - shell: git worktree remove --force "$PWD"\n  - shell: echo s3 > s3.txt\n',
    });
    const run = await cookInSession(r);
    expect(run.status).toBe(3);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).toContain("the step removed the run's working tree");
    const [session] = r.git('for-each-ref', '--format=%(refname)', 'refs/heads/mmm/').split('\n');
    expect(r.git('show', `${session ?? ''}:s1.txt`)).toBe('s1');
    expect(r.git('status', '--porcelain')).toBe('');
  });
});
