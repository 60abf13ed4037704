// Whether a run's pinned tree is still a checkout of its own, as pinnedTreeProblem judges it after
// every step: from the tree's .git files while they lead to the pinned git directory, from git
// otherwise. A tree a step broke is always reported; an intact one never.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pinToWorkTree, pinnedTreeProblem } from '../../../src/git/pin.js';
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
