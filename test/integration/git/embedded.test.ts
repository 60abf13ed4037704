// What git says of repositories inside the working tree, as embeddedRepos and
// undeclaredNewGitlinks read it: nested repositories, submodules with work of their own, and
// links to commits that only a nested repository holds.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedRepos, undeclaredNewGitlinks } from '../../../src/git/embedded.js';
import { treeState, treeStateWithEmbedded } from '../../../src/git/status.js';
import { exec } from '../../../src/infra/exec.js';
import { useTempRepos } from '../../helpers/repo.js';

const repo = useTempRepos();
const git = { exec };

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'protocol.file.allow=always', ...args], { cwd: dir })
    .toString()
    .trim();
}

/** A repository at `dir/sub` with one commit of its own. */
function nestedAt(dir: string, sub: string): void {
  mkdirSync(join(dir, sub), { recursive: true });
  gitIn(join(dir, sub), 'init', '-q');
  writeFileSync(join(dir, sub, 'index.js'), 'x\n');
  gitIn(join(dir, sub), 'add', 'index.js');
  gitIn(join(dir, sub), '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'scaffold');
}

describe('embeddedRepos', () => {
  it('finds nothing in a plain tree, changed or not', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    expect(await embeddedRepos(git, r.dir)).toEqual({
      nested: [],
      changedSubmodules: [],
      submoduleWork: [],
      stagedLinks: [],
    });
    r.write('a.txt', 'b\n');
    r.write('dir/new.txt', 'new\n');
    expect(await embeddedRepos(git, r.dir)).toEqual({
      nested: [],
      changedSubmodules: [],
      submoduleWork: [],
      stagedLinks: [],
    });
  });

  it('names nested repositories, also inside an untracked directory, with a trailing slash', async () => {
    const r = repo();
    nestedAt(r.dir, 'app');
    nestedAt(r.dir, 'tools/gen');
    r.write('tools/notes.txt', 'n\n');
    const found = await embeddedRepos(git, r.dir);
    expect(found.nested.sort()).toEqual(['app/', 'tools/gen/']);
    expect(found.changedSubmodules).toEqual([]);
  });

  it('tells a submodule with files of its own changed from one only at another commit', async () => {
    const upstream = repo({ 'lib.txt': 'lib\n' });
    const r = repo();
    gitIn(r.dir, 'submodule', 'add', '-q', upstream.dir, 'lib');
    gitIn(r.dir, 'submodule', 'add', '-q', upstream.dir, 'vendor lib');
    r.commitAll('submodules');
    expect(await embeddedRepos(git, r.dir)).toEqual({
      nested: [],
      changedSubmodules: [],
      submoduleWork: [],
      stagedLinks: [],
    });

    // lib: a modified file; "vendor lib": another commit checked out, nothing uncommitted.
    r.write('lib/lib.txt', 'changed\n');
    const sub = join(r.dir, 'vendor lib');
    writeFileSync(join(sub, 'more.txt'), 'more\n');
    gitIn(sub, 'add', 'more.txt');
    gitIn(sub, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'more');
    let found = await embeddedRepos(git, r.dir);
    expect(found.changedSubmodules.sort()).toEqual(['lib', 'vendor lib']);
    expect(found.submoduleWork).toEqual(['lib']);

    // An untracked file counts as work too.
    gitIn(join(r.dir, 'lib'), 'checkout', '--', 'lib.txt');
    r.write('lib/untracked.txt', 'u\n');
    found = await embeddedRepos(git, r.dir);
    expect(found.submoduleWork).toEqual(['lib']);
  });
});

describe('undeclaredNewGitlinks', () => {
  it('lists a link staged since a commit that .gitmodules does not declare, and not a declared one', async () => {
    const upstream = repo({ 'lib.txt': 'lib\n' });
    const r = repo();
    const start = r.git('rev-parse', 'HEAD');
    expect(await undeclaredNewGitlinks(git, r.dir, start)).toEqual([]);

    gitIn(r.dir, 'submodule', 'add', '-q', upstream.dir, 'declared');
    expect(await undeclaredNewGitlinks(git, r.dir, start)).toEqual([]);

    nestedAt(r.dir, 'app');
    gitIn(r.dir, 'add', 'app');
    r.write('plain.txt', 'p\n');
    gitIn(r.dir, 'add', 'plain.txt');
    expect(await undeclaredNewGitlinks(git, r.dir, start)).toEqual(['app']);

    // With HEAD still at the start, git status names the same links, and only those.
    const staged = (await embeddedRepos(git, r.dir)).stagedLinks;
    expect(staged.sort()).toEqual(['app', 'declared']);
    expect(await undeclaredNewGitlinks(git, r.dir, start, staged)).toEqual(['app']);

    // A link already in the starting commit is the user's.
    const later = r.commitAll('with links');
    expect(await undeclaredNewGitlinks(git, r.dir, later)).toEqual([]);
    expect((await embeddedRepos(git, r.dir)).stagedLinks).toEqual([]);
  });

  it('counts a file replaced by a link, or a link moved, as a new link in git status', async () => {
    const r = repo({ 'slot/readme.txt': 'r\n', 'keep.txt': 'k\n' });
    const start = r.git('rev-parse', 'HEAD');
    gitIn(r.dir, 'rm', '-q', '-r', 'slot');
    nestedAt(r.dir, 'slot');
    gitIn(r.dir, 'add', 'slot');
    expect((await embeddedRepos(git, r.dir)).stagedLinks).toEqual(['slot']);
    expect(await undeclaredNewGitlinks(git, r.dir, start)).toEqual(['slot']);

    const linked = r.commitAll('a link');
    gitIn(r.dir, 'mv', 'slot', 'moved');
    expect((await embeddedRepos(git, r.dir)).stagedLinks).toEqual(['moved']);
    expect(await undeclaredNewGitlinks(git, r.dir, linked)).toEqual(['moved']);
  });

  it('lists every undeclared link when there is no .gitmodules at all', async () => {
    const r = repo();
    const start = r.git('rev-parse', 'HEAD');
    nestedAt(r.dir, 'one');
    nestedAt(r.dir, 'two');
    gitIn(r.dir, 'add', 'one', 'two');
    expect((await undeclaredNewGitlinks(git, r.dir, start)).sort()).toEqual(['one', 'two']);
  });
});

describe('treeStateWithEmbedded', () => {
  it('reads HEAD, the branch and what is uncommitted as treeState does, with the embedded repositories', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const clean = await treeStateWithEmbedded(git, r.dir);
    expect(clean).toEqual({ ...(await treeState(git, r.dir)), embedded: expect.anything() });
    expect(clean.dirty).toBe(false);
    nestedAt(r.dir, 'app');
    const left = await treeStateWithEmbedded(git, r.dir);
    expect(left.dirty).toBe(true);
    expect(left.commit).toBe(r.git('rev-parse', 'HEAD'));
    expect(left.ref).toBe('refs/heads/main');
    expect(left.embedded.nested).toEqual(['app/']);
  });

  it("honours a submodule's ignore setting for dirty, and still names the work inside it", async () => {
    const upstream = repo({ 'lib.txt': 'lib\n' });
    const r = repo();
    gitIn(r.dir, 'submodule', 'add', '-q', upstream.dir, 'lib');
    r.commitAll('a submodule');
    r.write('lib/build.out', 'artifact\n');
    let state = await treeStateWithEmbedded(git, r.dir);
    expect(state.dirty).toBe(true);
    expect(state.embedded.submoduleWork).toEqual(['lib']);

    // The repository tells git status to ignore the submodule's changes: only they are left.
    gitIn(r.dir, 'config', '-f', '.gitmodules', 'submodule.lib.ignore', 'all');
    r.git('add', '.gitmodules');
    r.git('commit', '-q', '-m', 'ignore lib');
    state = await treeStateWithEmbedded(git, r.dir);
    expect(state.dirty).toBe(false);
    expect(state.embedded.submoduleWork).toEqual(['lib']);

    r.write('b.txt', 'b\n');
    expect((await treeStateWithEmbedded(git, r.dir)).dirty).toBe(true);
  });

  it('reads a tree whose ignored submodule git cannot look into as treeState does', async () => {
    const upstream = repo({ 'lib.txt': 'lib\n' });
    const r = repo();
    gitIn(r.dir, 'submodule', 'add', '-q', upstream.dir, 'lib');
    gitIn(r.dir, 'config', '-f', '.gitmodules', 'submodule.lib.ignore', 'all');
    r.commitAll('an ignored submodule');
    rmSync(join(r.dir, '.git', 'modules', 'lib'), { recursive: true, force: true });
    const state = await treeStateWithEmbedded(git, r.dir);
    expect(state).toEqual({ ...(await treeState(git, r.dir)), embedded: expect.anything() });
    expect(state.dirty).toBe(false);
  });
});
