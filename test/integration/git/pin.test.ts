// Whether a run's pinned tree is still a checkout of its own, as pinnedTreeProblem judges it after
// every step: from the tree's .git files while they lead to the pinned git directory, from git
// otherwise. A tree a step broke is always reported; an intact one never.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PreconditionError } from '../../../src/errors.js';
import { pinToWorkTree, pinnedGitDirIntact, pinnedTreeProblem } from '../../../src/git/pin.js';
import type { GitDeps } from '../../../src/git/run.js';
import { exec } from '../../../src/infra/exec.js';
import { useTempRepos } from '../../helpers/repo.js';

const repo = useTempRepos();
const git = { exec };
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A linked worktree of a fresh repository, pinned as a session's tree is. */
async function pinnedWorktree() {
  const r = repo({ 'a.txt': 'a\n' });
  const tree = join(mkdtempSync(join(tmpdir(), 'mmm-pin-')), 'tree');
  dirs.push(tree);
  execFileSync('git', ['worktree', 'add', '-q', '--detach', tree], { cwd: r.dir });
  return { r, tree, deps: await pinToWorkTree(git, tree) };
}

describe('pinnedTreeProblem', () => {
  it('finds nothing wrong with an intact checkout or an intact worktree', async () => {
    const r = repo();
    expect(await pinnedTreeProblem(await pinToWorkTree(git, r.dir))).toBeUndefined();
    const { deps } = await pinnedWorktree();
    expect(await pinnedTreeProblem(deps)).toBeUndefined();
  });

  it('reports a worktree whose .git file was deleted, emptied or pointed nowhere', async () => {
    const { tree, deps } = await pinnedWorktree();
    rmSync(join(tree, '.git'));
    expect(await pinnedTreeProblem(deps)).toMatch(/is no longer a git checkout of its own/);

    writeFileSync(join(tree, '.git'), '');
    expect(await pinnedTreeProblem(deps)).toMatch(/is no longer a git checkout of its own/);

    writeFileSync(join(tree, '.git'), `gitdir: ${join(tree, 'nowhere')}\n`);
    expect(await pinnedTreeProblem(deps)).toMatch(/is no longer a git checkout of its own/);
  });

  it('reports a checkout whose HEAD, objects or refs a step destroyed', async () => {
    for (const damage of ['HEAD', 'objects', 'refs']) {
      const r = repo();
      const deps = await pinToWorkTree(git, r.dir);
      if (damage === 'HEAD') writeFileSync(join(r.dir, '.git', 'HEAD'), 'garbage\n');
      else rmSync(join(r.dir, '.git', damage), { recursive: true, force: true });
      expect(await pinnedTreeProblem(deps), damage).toMatch(
        /is no longer a git checkout of its own/,
      );
    }
  });

  it('is satisfied by a .git file that names the pinned directory by a relative path', async () => {
    const { r, tree, deps } = await pinnedWorktree();
    const gitDir = deps.pin?.gitDir ?? '';
    expect(gitDir).toContain(join(r.dir, '.git', 'worktrees'));
    const relative = execFileSync('realpath', ['--relative-to', tree, gitDir]).toString().trim();
    writeFileSync(join(tree, '.git'), `gitdir: ${relative}\n`);
    expect(await pinnedTreeProblem(deps)).toBeUndefined();
  });

  it('reports a .git file git would not read: spaces after the path, a second line', async () => {
    const { tree, deps } = await pinnedWorktree();
    const text = execFileSync('cat', [join(tree, '.git')]).toString();
    writeFileSync(join(tree, '.git'), text.replace(/\n$/, '  \n'));
    expect(await pinnedTreeProblem(deps)).toMatch(/is no longer a git checkout of its own/);
    writeFileSync(join(tree, '.git'), `${text}second line\n`);
    expect(await pinnedTreeProblem(deps)).toMatch(/is no longer a git checkout of its own/);
    writeFileSync(join(tree, '.git'), text);
    expect(await pinnedTreeProblem(deps)).toBeUndefined();
  });

  it('reports a configuration that sends git elsewhere or that git cannot read', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'mmm-pin-elsewhere-'));
    dirs.push(elsewhere);
    const cases: [string, (dir: string) => void, RegExp][] = [
      [
        'core.worktree',
        (dir) => execFileSync('git', ['config', 'core.worktree', elsewhere], { cwd: dir }),
        /git there would act on/,
      ],
      [
        'core.bare',
        (dir) => execFileSync('git', ['config', 'core.bare', 'true'], { cwd: dir }),
        /is no longer a git checkout of its own/,
      ],
      [
        'a bad line',
        (dir) => writeFileSync(join(dir, '.git', 'config'), '[core\nthis is not config\n'),
        /is no longer a git checkout of its own/,
      ],
    ];
    for (const [what, damage, said] of cases) {
      const r = repo();
      const deps = await pinToWorkTree(git, r.dir);
      expect(await pinnedTreeProblem(deps), what).toBeUndefined();
      damage(r.dir);
      expect(await pinnedTreeProblem(deps), what).toMatch(said);
    }
  });
});

describe('pinToWorkTree', () => {
  it('refuses a directory that is no repository, saying git finds none there', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'mmm-pin-plain-'));
    dirs.push(plain);
    const refused = await pinToWorkTree(git, plain).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PreconditionError);
    expect((refused as PreconditionError).message).toBe(
      `${plain} is no longer a git checkout of its own (its .git is missing or broken): git finds no repository there`,
    );
    expect((refused as PreconditionError).hint).toBe(
      'mmm runs git there only when the directory is a checkout of its own',
    );
  });

  it('refuses a directory inside a checkout, naming the checkout git would act on', async () => {
    const r = repo({ 'src/a.txt': 'a\n' });
    const top = realpathSync(r.dir);
    await expect(pinToWorkTree(git, join(top, 'src'))).rejects.toThrow(
      `${join(top, 'src')} is no longer a git checkout of its own (its .git is missing or broken): git there would act on ${top}`,
    );
  });
});

describe('pinnedTreeProblem, word for word', () => {
  it('has nothing to check for git that is not pinned', async () => {
    expect(await pinnedTreeProblem(git)).toBeUndefined();
    expect(pinnedGitDirIntact(git)).toBe(true);
  });

  it('says the tree is gone when the step removed it', async () => {
    const { tree, deps } = await pinnedWorktree();
    rmSync(tree, { recursive: true, force: true });
    expect(await pinnedTreeProblem(deps)).toBe(
      `${tree} is gone: the step removed the run's working tree`,
    );
  });

  it('names the repository git would act on once a tree inside another checkout loses its .git', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const top = realpathSync(r.dir);
    const tree = join(top, 'inner');
    execFileSync('git', ['worktree', 'add', '-q', '--detach', tree], { cwd: top });
    const deps = await pinToWorkTree(git, tree);
    rmSync(join(tree, '.git'));
    expect(await pinnedTreeProblem(deps)).toBe(
      `${tree} is no longer a git checkout of its own (its .git is missing or broken): git there would act on ${top}`,
    );
  });

  it("says where a .git file now leads when it names another worktree's git directory", async () => {
    const { r, tree, deps } = await pinnedWorktree();
    const other = join(mkdtempSync(join(tmpdir(), 'mmm-pin-other-')), 'other');
    dirs.push(other);
    execFileSync('git', ['worktree', 'add', '-q', '--detach', other], { cwd: r.dir });
    const otherDotGit = readFileSync(join(other, '.git'), 'utf8');
    writeFileSync(join(tree, '.git'), otherDotGit);
    const otherGitDir = otherDotGit.replace(/^gitdir: /, '').trim();
    expect(await pinnedTreeProblem(deps)).toBe(
      `${tree}'s .git now leads to ${otherGitDir} instead of ${deps.pin?.gitDir ?? ''}, the run's own git directory: git there would act on another checkout`,
    );
  });

  it('reports a HEAD git would not accept, whatever it looks like', async () => {
    const sha = 'a'.repeat(40);
    const bad = [`x${sha}\n`, `${sha.slice(1)}\n`, 'a\n', `${'g'.repeat(40)}\n`];
    for (const head of bad) {
      const r = repo();
      const deps = await pinToWorkTree(git, r.dir);
      expect(await pinnedTreeProblem(deps), head).toBeUndefined();
      writeFileSync(join(r.dir, '.git', 'HEAD'), head);
      expect(await pinnedTreeProblem(deps), JSON.stringify(head)).toMatch(
        /is no longer a git checkout of its own .*: git finds no repository there$/,
      );
    }
  });
});

describe('pinnedTreeProblem without starting git', () => {
  /** Real git, counting the calls. */
  function counting() {
    const counted = { calls: 0 };
    const deps: GitDeps = {
      exec: (file, args, options) => {
        counted.calls += 1;
        return exec(file, args, options);
      },
    };
    return { deps, counted };
  }

  it('checks an intact checkout or worktree from its files alone', async () => {
    const { deps, counted } = counting();
    const r = repo();
    const pinned = await pinToWorkTree(deps, r.dir);
    const { tree } = await pinnedWorktree();
    const pinnedTree = await pinToWorkTree(deps, tree);
    counted.calls = 0;
    expect(await pinnedTreeProblem(pinned)).toBeUndefined();
    expect(await pinnedTreeProblem(pinnedTree)).toBeUndefined();
    expect(counted.calls).toBe(0);
  });

  it('asks git once after the .git file or a configuration changed, then trusts the files again', async () => {
    const { deps, counted } = counting();
    const { tree } = await pinnedWorktree();
    const pinned = await pinToWorkTree(deps, tree);
    const text = readFileSync(join(tree, '.git'), 'utf8');
    writeFileSync(join(tree, '.git'), text.replace(/\n$/, '\r\n\n'));
    counted.calls = 0;
    expect(await pinnedTreeProblem(pinned)).toBeUndefined();
    expect(counted.calls).toBe(1);
    expect(await pinnedTreeProblem(pinned)).toBeUndefined();
    expect(counted.calls).toBe(1);

    const r = repo();
    const checkout = await pinToWorkTree(deps, r.dir);
    r.git('config', 'user.name', 'someone else');
    counted.calls = 0;
    expect(await pinnedTreeProblem(checkout)).toBeUndefined();
    expect(counted.calls).toBe(1);
  });

  it('asks git about a HEAD it does not recognise, and accepts a commit id or a ref', async () => {
    const { deps, counted } = counting();
    const r = repo();
    const pinned = await pinToWorkTree(deps, r.dir);
    const head = r.git('rev-parse', 'HEAD');
    for (const text of [`${head}\n`, head, 'ref: refs/heads/main\n']) {
      writeFileSync(join(r.dir, '.git', 'HEAD'), text);
      counted.calls = 0;
      expect(await pinnedTreeProblem(pinned), text).toBeUndefined();
      expect(counted.calls, text).toBe(0);
    }
    // Git takes these too; the files alone do not say enough, so git is asked.
    for (const text of [`${head}\n\n`, 'ref: refs/\n']) {
      writeFileSync(join(r.dir, '.git', 'HEAD'), text);
      counted.calls = 0;
      expect(await pinnedTreeProblem(pinned), text).toBeUndefined();
      expect(counted.calls, text).toBe(1);
    }
  });
});

describe('pinnedGitDirIntact', () => {
  it('is true while the pinned git directory is a directory, false once it is a file or gone', async () => {
    const { deps } = await pinnedWorktree();
    const gitDir = deps.pin?.gitDir ?? '';
    expect(pinnedGitDirIntact(deps)).toBe(true);
    rmSync(gitDir, { recursive: true, force: true });
    expect(pinnedGitDirIntact(deps)).toBe(false);
    writeFileSync(gitDir, 'gitdir: /elsewhere\n');
    expect(pinnedGitDirIntact(deps)).toBe(false);
  });
});
