// What src/git/remote.ts does against a real remote, a bare repository on disk named by its path:
// which remote and URL a repository names, a remote's refs, whether a commit is on it, the kept
// clone a worker fetches into, pushing a session's branch once with its outcome beside it, and
// pushing and fetching a run's refs.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cloneForCache,
  commitOnRemote,
  defaultRemoteName,
  fetchBranches,
  fetchOrigin,
  pushOnce,
  pushRefsUnder,
  readPushedOutcome,
  refsUnder,
  remoteRefs,
  remoteUrl,
  resultRef,
} from '../../../src/git/remote.js';
import { GitCommandError } from '../../../src/git/run.js';
import { exec } from '../../../src/infra/exec.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const repo = useTempRepos();
const git = { exec };
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-remote-'));
  dirs.push(dir);
  return dir;
}

/** An empty bare repository whose HEAD names main: the remote. */
function bareRemote(): string {
  const dir = join(newDir(), 'remote.git');
  gitIn(tmpdir(), 'init', '-q', '--bare', '-b', 'main', dir);
  return dir;
}

/** Installs an executable hook `name` in a git directory. */
function hook(gitDir: string, name: string, script: string): void {
  const path = join(gitDir, 'hooks', name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
}

/** Every ref of a repository (HEAD aside) and its object, optionally only those under `under`. */
function refsOf(dir: string, under?: string): Record<string, string> {
  const out = gitIn(
    dir,
    'for-each-ref',
    '--format=%(refname) %(objectname)',
    ...(under ? [under] : []),
  );
  const pairs =
    out === '' ? [] : out.split('\n').map((line) => line.split(' ') as [string, string]);
  return Object.fromEntries(pairs);
}

/** Commits one changed file on the branch checked out in `r` and returns the new commit. */
function commitFile(r: TempRepo, path: string, content: string): string {
  r.write(path, content);
  return r.commitAll(`change ${path}`);
}

/** A branch `name` made at `from` with one commit of its own; main stays checked out. */
function branchWithCommit(r: TempRepo, name: string, from = 'main'): string {
  r.git('checkout', '-q', '-b', name, from);
  const tip = commitFile(r, `${name}.txt`, `${name}\n`);
  r.git('checkout', '-q', 'main');
  return tip;
}

describe('defaultRemoteName', () => {
  it("names the remote of the branch's upstream", async () => {
    const r = repo();
    r.git('remote', 'add', 'upstream', bareRemote());
    r.git('push', '-q', '-u', 'upstream', 'main');
    expect(await defaultRemoteName(git, r.dir, 'main')).toBe('upstream');
  });

  it('is origin for a branch without an upstream', async () => {
    const r = repo();
    r.git('remote', 'add', 'upstream', bareRemote());
    r.git('push', '-q', '-u', 'upstream', 'main');
    r.git('branch', 'topic');
    expect(await defaultRemoteName(git, r.dir, 'topic')).toBe('origin');
    expect(await defaultRemoteName(git, r.dir, 'no-such-branch')).toBe('origin');
  });

  it('is origin when no branch is named, whatever upstreams the branches have', async () => {
    const r = repo();
    r.git('remote', 'add', 'upstream', bareRemote());
    r.git('push', '-q', '-u', 'upstream', 'main');
    r.git('branch', 'undefined');
    r.git('config', 'branch.undefined.remote', 'upstream');
    expect(await defaultRemoteName(git, r.dir, undefined)).toBe('origin');
  });

  it('is origin for a branch that follows a local branch (remote ".") or an empty remote', async () => {
    const r = repo();
    r.git('branch', '--track', 'follower', 'main');
    expect(r.git('config', '--get', 'branch.follower.remote')).toBe('.');
    expect(await defaultRemoteName(git, r.dir, 'follower')).toBe('origin');
    r.git('config', 'branch.main.remote', '');
    expect(await defaultRemoteName(git, r.dir, 'main')).toBe('origin');
  });
});

describe('remoteUrl', () => {
  it('is the URL of a remote the repository has, exactly as configured', async () => {
    const r = repo();
    const bare = bareRemote();
    r.git('remote', 'add', 'upstream', bare);
    r.git('remote', 'add', 'mirror', `file://${bare}`);
    expect(await remoteUrl(git, r.dir, 'upstream')).toBe(bare);
    expect(await remoteUrl(git, r.dir, 'mirror')).toBe(`file://${bare}`);
  });

  it('is undefined for a remote the repository does not have, or one with an empty URL', async () => {
    const r = repo();
    expect(await remoteUrl(git, r.dir, 'origin')).toBeUndefined();
    r.git('config', 'remote.blank.url', '');
    expect(await remoteUrl(git, r.dir, 'blank')).toBeUndefined();
  });
});

describe('remoteRefs', () => {
  /** A remote with main, a feature branch, a lightweight tag and an annotated one. */
  function published() {
    const r = repo();
    const bare = bareRemote();
    const main = r.git('rev-parse', 'HEAD');
    const feature = branchWithCommit(r, 'feature');
    r.git('tag', 'v1');
    r.git('tag', '-a', '-m', 'second', 'v2', feature);
    r.git('push', '-q', bare, 'main', 'feature', 'v1', 'v2');
    return { r, bare, main, feature, v2: r.git('rev-parse', 'v2') };
  }

  it('maps every ref of the remote to its object, HEAD and peeled tags included', async () => {
    const { r, bare, main, feature, v2 } = published();
    expect(await remoteRefs(git, r.dir, bare)).toEqual(
      new Map([
        ['HEAD', main],
        ['refs/heads/feature', feature],
        ['refs/heads/main', main],
        ['refs/tags/v1', main],
        ['refs/tags/v2', v2],
        ['refs/tags/v2^{}', feature],
      ]),
    );
  });

  it('keeps only the refs that match the patterns', async () => {
    const { r, bare, main, feature } = published();
    expect(await remoteRefs(git, r.dir, bare, ['refs/heads/feature', 'v1'])).toEqual(
      new Map([
        ['refs/heads/feature', feature],
        ['refs/tags/v1', main],
      ]),
    );
    expect(await remoteRefs(git, r.dir, bare, ['refs/heads/nothing'])).toEqual(new Map());
  });

  it('is empty for a remote without commits', async () => {
    const r = repo();
    expect(await remoteRefs(git, r.dir, bareRemote())).toEqual(new Map());
  });

  it('throws when the remote cannot be read', async () => {
    const r = repo();
    const missing = join(newDir(), 'missing.git');
    await expect(remoteRefs(git, r.dir, missing)).rejects.toBeInstanceOf(GitCommandError);
    await expect(remoteRefs(git, r.dir, missing)).rejects.toThrow(
      `'${missing}' does not appear to be a git repository`,
    );
  });
});

describe('commitOnRemote', () => {
  /**
   * main (first, second) pushed; a tag v1 pushed alone on a branch that was not (parent, tagged);
   * a local branch never pushed (local).
   */
  async function published() {
    const r = repo();
    const bare = bareRemote();
    const first = r.git('rev-parse', 'HEAD');
    const second = commitFile(r, 'a.txt', 'a\n');
    r.git('checkout', '-q', '-b', 'tagged', first);
    const parent = commitFile(r, 'p.txt', 'p\n');
    const tagged = commitFile(r, 't.txt', 't\n');
    r.git('tag', 'v1');
    r.git('checkout', '-q', 'main');
    const local = branchWithCommit(r, 'local', first);
    r.git('push', '-q', bare, 'main', 'v1');
    const refs = await remoteRefs(git, r.dir, bare);
    return { r, bare, refs, first, second, parent, tagged, local };
  }

  it("counts a branch's tip and the commits under it", async () => {
    const { r, refs, first, second } = await published();
    expect(await commitOnRemote(git, r.dir, refs, second)).toBe(true);
    expect(await commitOnRemote(git, r.dir, refs, first)).toBe(true);
  });

  it('counts a commit that only a tag of the remote reaches', async () => {
    const { r, refs, parent, tagged } = await published();
    expect(await commitOnRemote(git, r.dir, refs, tagged)).toBe(true);
    expect(await commitOnRemote(git, r.dir, refs, parent)).toBe(true);
  });

  it('does not count a commit on none of its branches and tags', async () => {
    const { r, refs, local } = await published();
    expect(await commitOnRemote(git, r.dir, refs, local)).toBe(false);
    expect(await commitOnRemote(git, r.dir, new Map(), local)).toBe(false);
  });

  it('counts a tip it does not have, and looks past such a tip to the next', async () => {
    const { r, second, first, local } = await published();
    const unknown = 'f'.repeat(40);
    const refs = new Map([
      ['refs/heads/elsewhere', unknown],
      ['refs/heads/main', second],
    ]);
    expect(await commitOnRemote(git, r.dir, refs, unknown)).toBe(true);
    expect(await commitOnRemote(git, r.dir, refs, first)).toBe(true);
    expect(await commitOnRemote(git, r.dir, refs, local)).toBe(false);
  });

  it('does not count a commit under a remote tip not fetched here, until it is fetched', async () => {
    const { r, bare, local } = await published();
    const other = join(newDir(), 'other');
    gitIn(tmpdir(), 'clone', '-q', bare, other);
    gitIn(other, 'fetch', '-q', r.dir, 'local:local');
    gitIn(other, 'checkout', '-q', 'local');
    writeFileSync(join(other, 'more.txt'), 'more\n');
    gitIn(other, 'add', 'more.txt');
    gitIn(other, 'commit', '-q', '-m', 'more');
    gitIn(other, 'push', '-q', 'origin', 'local:next');
    const refs = await remoteRefs(git, r.dir, bare);
    expect(refs.get('refs/heads/next')).toBe(gitIn(other, 'rev-parse', 'HEAD'));
    expect(await commitOnRemote(git, r.dir, refs, local)).toBe(false);
    r.git('fetch', '-q', bare, 'next');
    expect(await commitOnRemote(git, r.dir, refs, local)).toBe(true);
  });

  it('ignores refs other than branches and tags', async () => {
    const { r, first, second } = await published();
    const refs = new Map(
      [
        'HEAD',
        'refs/pull/1/head',
        'refs/remotes/origin/main',
        'refs/mmm/refs/heads/x',
        'refs/mmm/refs/tags/x',
        'refs/headsx/y',
        'refs/tagsx/y',
      ].map((ref) => [ref, second] as const),
    );
    expect(await commitOnRemote(git, r.dir, refs, second)).toBe(false);
    expect(await commitOnRemote(git, r.dir, refs, first)).toBe(false);
  });
});

describe('cloneForCache', () => {
  it('clones every branch of the remote, relative to cwd, without checking out a file', async () => {
    const r = repo({ 'a.txt': 'a\n' });
    const bare = bareRemote();
    const main = r.git('rev-parse', 'HEAD');
    const feature = branchWithCommit(r, 'feature');
    r.git('push', '-q', bare, 'main', 'feature');
    const parent = newDir();
    await cloneForCache(git, bare, 'cache', parent);
    const dir = join(parent, 'cache');
    expect(readdirSync(dir)).toEqual(['.git']);
    expect(gitIn(dir, 'rev-parse', 'HEAD')).toBe(main);
    expect(gitIn(dir, 'remote', 'get-url', 'origin')).toBe(bare);
    expect(refsOf(dir)).toEqual({
      'refs/heads/main': main,
      'refs/remotes/origin/HEAD': main,
      'refs/remotes/origin/feature': feature,
      'refs/remotes/origin/main': main,
    });
  });

  it('throws when the directory is already there and not empty', async () => {
    const r = repo();
    const bare = bareRemote();
    r.git('push', '-q', bare, 'main');
    const parent = newDir();
    writeFileSync(join(parent, 'taken.txt'), 'x\n');
    await expect(cloneForCache(git, bare, parent, parent)).rejects.toThrow(
      /already exists and is not an empty directory/,
    );
  });
});

describe('fetchOrigin', () => {
  /** A remote with main and feature, and a kept clone of it. */
  async function cached() {
    const r = repo();
    const bare = bareRemote();
    branchWithCommit(r, 'feature');
    r.git('push', '-q', bare, 'main', 'feature');
    const dir = join(newDir(), 'cache');
    await cloneForCache(git, bare, dir, tmpdir());
    return { r, bare, dir };
  }

  it("brings origin's new and moved branches and drops the ones deleted there", async () => {
    const { r, bare, dir } = await cached();
    const moved = commitFile(r, 'b.txt', 'b\n');
    const fresh = branchWithCommit(r, 'fresh');
    r.git('push', '-q', bare, 'main', 'fresh', ':feature');
    await fetchOrigin(git, dir);
    expect(refsOf(dir, 'refs/remotes/')).toEqual({
      'refs/remotes/origin/HEAD': moved,
      'refs/remotes/origin/fresh': fresh,
      'refs/remotes/origin/main': moved,
    });
  });

  it('fetches origin even when the checked-out branch follows another remote', async () => {
    const { r, bare, dir } = await cached();
    const other = bareRemote();
    r.git('push', '-q', other, 'main:elsewhere');
    gitIn(dir, 'remote', 'add', 'other', other);
    gitIn(dir, 'config', 'branch.main.remote', 'other');
    const moved = commitFile(r, 'b.txt', 'b\n');
    r.git('push', '-q', bare, 'main');
    await fetchOrigin(git, dir);
    expect(refsOf(dir, 'refs/remotes/origin/main')).toEqual({ 'refs/remotes/origin/main': moved });
    expect(refsOf(dir, 'refs/remotes/other/')).toEqual({});
  });

  it('throws in a repository without origin', async () => {
    const r = repo();
    await expect(fetchOrigin(git, r.dir)).rejects.toBeInstanceOf(GitCommandError);
  });
});

describe('resultRef', () => {
  it('places the outcome under refs/mmm/results by the branch name', () => {
    expect(resultRef('mmm/item-1')).toBe('refs/mmm/results/mmm/item-1');
    expect(resultRef('main')).toBe('refs/mmm/results/main');
  });
});

describe('pushOnce', () => {
  /** A repository with a branch `session` one commit ahead of main, and an empty remote. */
  function session() {
    const r = repo();
    const bare = bareRemote();
    const tip = branchWithCommit(r, 'session');
    return { r, bare, tip };
  }

  it('pushes the branch under its remote name, beside a commit on it that holds the outcome', async () => {
    const { r, bare, tip } = session();
    const before = refsOf(r.dir);
    expect(
      await pushOnce(git, r.dir, bare, 'session', 'items/one', 'completed\n\nwith details'),
    ).toEqual({ ok: true, tip });
    const note = refsOf(bare)['refs/mmm/results/items/one'] ?? '';
    expect(refsOf(bare)).toEqual({
      'refs/heads/items/one': tip,
      'refs/mmm/results/items/one': note,
    });
    expect(gitIn(bare, 'log', '-1', '--format=%P%n%T%n%B', note)).toBe(
      `${tip}\n${gitIn(bare, 'rev-parse', `${tip}^{tree}`)}\ncompleted\n\nwith details`,
    );
    expect(refsOf(r.dir)).toEqual(before);
  });

  it('is taken, and changes nothing there, when the branch is already on the remote at another commit', async () => {
    const { r, bare, tip } = session();
    expect(await pushOnce(git, r.dir, bare, 'session', 'items/one', 'first')).toEqual({
      ok: true,
      tip,
    });
    const first = refsOf(bare);
    r.git('checkout', '-q', 'session');
    commitFile(r, 'again.txt', 'again\n');
    expect(await pushOnce(git, r.dir, bare, 'session', 'items/one', 'second')).toEqual({
      ok: false,
      taken: true,
    });
    expect(refsOf(bare)).toEqual(first);
  });

  it('is taken, keeping the first outcome, when the branch is already there at the same commit', async () => {
    const { r, bare, tip } = session();
    expect(await pushOnce(git, r.dir, bare, 'session', 'items/one', 'first')).toEqual({
      ok: true,
      tip,
    });
    const first = refsOf(bare);
    expect(await pushOnce(git, r.dir, bare, 'session', 'items/one', 'second')).toEqual({
      ok: false,
      taken: true,
    });
    expect(refsOf(bare)).toEqual(first);
    expect(await readPushedOutcome(git, r.dir, bare, 'items/one')).toEqual({
      tip,
      outcome: 'first',
    });
  });

  it('is taken, replacing nothing, when an outcome of that name is there without its branch', async () => {
    const { r, bare } = session();
    expect((await pushOnce(git, r.dir, bare, 'session', 'items/one', 'first')).ok).toBe(true);
    gitIn(bare, 'update-ref', '-d', 'refs/heads/items/one');
    const before = refsOf(bare);
    expect(await pushOnce(git, r.dir, bare, 'session', 'items/one', 'second')).toEqual({
      ok: false,
      taken: true,
    });
    expect(refsOf(bare)).toEqual(before);
  });

  it('is taken, pushing no outcome, when a branch of that name someone else pushed is there', async () => {
    const { r, bare } = session();
    r.git('push', '-q', bare, 'main:items/one');
    const before = refsOf(bare);
    expect(await pushOnce(git, r.dir, bare, 'session', 'items/one', 'mine')).toEqual({
      ok: false,
      taken: true,
    });
    expect(refsOf(bare)).toEqual(before);
  });

  it("throws, rather than saying taken, when the remote's pre-receive hook refuses", async () => {
    for (const said of ['no pushes today', 'stale info, fetch first: it already exists']) {
      const { r, bare } = session();
      hook(bare, 'pre-receive', `echo '${said}' >&2\nexit 1`);
      const pushing = pushOnce(git, r.dir, bare, 'session', 'items/one', 'done');
      await expect(pushing, said).rejects.toBeInstanceOf(GitCommandError);
      await expect(pushing, said).rejects.toThrow(`remote: ${said}`);
      await expect(pushing, said).rejects.toThrow('(pre-receive hook declined)');
      expect(refsOf(bare), said).toEqual({});
    }
  });

  it('pushes neither ref when the remote refuses only the outcome', async () => {
    const { r, bare } = session();
    hook(bare, 'update', 'case "$1" in refs/mmm/*) exit 1;; esac\nexit 0');
    await expect(pushOnce(git, r.dir, bare, 'session', 'items/one', 'done')).rejects.toThrow(
      /\(atomic push failure\)/,
    );
    expect(refsOf(bare)).toEqual({});
  });

  it("does not run this repository's pre-push hook", async () => {
    const { r, bare, tip } = session();
    hook(join(r.dir, '.git'), 'pre-push', 'exit 1');
    expect(await pushOnce(git, r.dir, bare, 'session', 'items/one', 'done')).toEqual({
      ok: true,
      tip,
    });
  });

  it('throws, pushing nothing, when the local branch does not exist', async () => {
    const { r, bare } = session();
    await expect(pushOnce(git, r.dir, bare, 'absent', 'items/one', 'done')).rejects.toThrow(
      GitCommandError,
    );
    expect(refsOf(bare)).toEqual({});
  });
});

describe('pushRefsUnder', () => {
  /** A repository with refs under refs/mmm/run-1 and refs/mmm/run-10, and an empty remote. */
  function saved() {
    const r = repo();
    const bare = bareRemote();
    const first = r.git('rev-parse', 'HEAD');
    const side = branchWithCommit(r, 'side');
    r.git('update-ref', 'refs/mmm/run-1/attempt-1', first);
    r.git('update-ref', 'refs/mmm/run-1/deep/attempt-2', side);
    r.git('update-ref', 'refs/mmm/run-10/attempt-1', side);
    return { r, bare, first, side };
  }

  it('pushes the refs under the prefix and nothing else; undefined when the remote took them', async () => {
    const { r, bare, first, side } = saved();
    expect(await pushRefsUnder(git, r.dir, bare, 'refs/mmm/run-1')).toBeUndefined();
    expect(refsOf(bare)).toEqual({
      'refs/mmm/run-1/attempt-1': first,
      'refs/mmm/run-1/deep/attempt-2': side,
    });
  });

  it('returns what the remote said when it refused them, and they are not there', async () => {
    const r = repo();
    const bare = bareRemote();
    r.git('update-ref', 'refs/mmm/run-1/attempt-1', 'HEAD');
    hook(bare, 'pre-receive', "echo 'refs too large' >&2\nexit 1");
    expect(await pushRefsUnder(git, r.dir, bare, 'refs/mmm/run-1')).toBe(
      [
        'remote: refs too large        ',
        `To ${bare}`,
        ' ! [remote rejected] refs/mmm/run-1/attempt-1 -> refs/mmm/run-1/attempt-1 (pre-receive hook declined)',
        `error: failed to push some refs to '${bare}'`,
      ].join('\n'),
    );
    expect(refsOf(bare)).toEqual({});
  });

  it('does not replace a ref the remote holds at a commit that is not behind', async () => {
    const { r, bare, first, side } = saved();
    expect(await pushRefsUnder(git, r.dir, bare, 'refs/mmm/run-1')).toBeUndefined();
    r.git('update-ref', 'refs/mmm/run-1/deep/attempt-2', first);
    const said = await pushRefsUnder(git, r.dir, bare, 'refs/mmm/run-1');
    expect(said?.split('\n').slice(0, 3)).toEqual([
      `To ${bare}`,
      ' ! [rejected]        refs/mmm/run-1/deep/attempt-2 -> refs/mmm/run-1/deep/attempt-2 (non-fast-forward)',
      `error: failed to push some refs to '${bare}'`,
    ]);
    expect(refsOf(bare)['refs/mmm/run-1/deep/attempt-2']).toBe(side);
  });

  it("does not run this repository's pre-push hook", async () => {
    const { r, bare } = saved();
    hook(join(r.dir, '.git'), 'pre-push', 'exit 1');
    expect(await pushRefsUnder(git, r.dir, bare, 'refs/mmm/run-1')).toBeUndefined();
  });
});

describe('readPushedOutcome', () => {
  it('is undefined when the branch is not on the remote, even with an outcome there', async () => {
    const r = repo();
    const bare = bareRemote();
    r.git('push', '-q', bare, 'main', `main:${resultRef('items/one')}`);
    expect(await readPushedOutcome(git, r.dir, bare, 'items/one')).toBeUndefined();
  });

  it('gives the tip and no outcome for a branch pushed without one', async () => {
    const r = repo();
    const bare = bareRemote();
    const tip = branchWithCommit(r, 'session');
    r.git('push', '-q', bare, 'session:items/one');
    expect(await readPushedOutcome(git, r.dir, bare, 'items/one')).toEqual({
      tip,
      outcome: undefined,
    });
  });

  it('reads the outcome pushOnce left, in a repository that did not push it', async () => {
    const pusher = repo();
    const bare = bareRemote();
    const tip = branchWithCommit(pusher, 'session');
    await pushOnce(git, pusher.dir, bare, 'session', 'items/one', '{"status":"completed"}\n\nmore');
    pusher.git('push', '-q', bare, 'session:refs/tags/v1');
    const reader = repo();
    const main = reader.git('rev-parse', 'HEAD');
    expect(await readPushedOutcome(git, reader.dir, bare, 'items/one')).toEqual({
      tip,
      outcome: '{"status":"completed"}\n\nmore',
    });
    expect(refsOf(reader.dir)).toEqual({
      'refs/heads/main': main,
      'refs/mmm/results/items/one': refsOf(bare)['refs/mmm/results/items/one'],
    });
  });

  it('reads the newer outcome once the branch and its outcome were pushed again', async () => {
    const pusher = repo();
    const bare = bareRemote();
    const reader = repo();
    branchWithCommit(pusher, 'session');
    await pushOnce(git, pusher.dir, bare, 'session', 'items/one', 'first');
    expect((await readPushedOutcome(git, reader.dir, bare, 'items/one'))?.outcome).toBe('first');
    gitIn(bare, 'update-ref', '-d', 'refs/heads/items/one');
    gitIn(bare, 'update-ref', '-d', resultRef('items/one'));
    const tip = branchWithCommit(pusher, 'again');
    await pushOnce(git, pusher.dir, bare, 'again', 'items/one', 'second');
    expect(await readPushedOutcome(git, reader.dir, bare, 'items/one')).toEqual({
      tip,
      outcome: 'second',
    });
  });

  it('throws when the remote cannot be read', async () => {
    const r = repo();
    await expect(
      readPushedOutcome(git, r.dir, join(newDir(), 'missing.git'), 'items/one'),
    ).rejects.toBeInstanceOf(GitCommandError);
  });
});

describe('fetchBranches', () => {
  /**
   * A remote with branches a, b, c, a tag on a, and refs under refs/mmm/run-1 and run-2; and a
   * repository of its own history to fetch into.
   */
  function published() {
    const pusher = repo();
    const bare = bareRemote();
    const a = branchWithCommit(pusher, 'a');
    const b = branchWithCommit(pusher, 'b');
    const c = branchWithCommit(pusher, 'c');
    pusher.git('tag', 't1', a);
    pusher.git('update-ref', 'refs/mmm/run-1/x', a);
    pusher.git('update-ref', 'refs/mmm/run-1/y/z', b);
    pusher.git('update-ref', 'refs/mmm/run-2/w', c);
    pusher.git('push', '-q', bare, 'refs/heads/*:refs/heads/*', 'refs/mmm/*:refs/mmm/*', 't1');
    const reader = repo({ 'own.txt': 'own\n' });
    return { bare, reader, a, b, c, main: reader.git('rev-parse', 'HEAD') };
  }

  it('fetches the named branches into local branches of the same names, and nothing else', async () => {
    const { bare, reader, a, b, main } = published();
    await fetchBranches(git, reader.dir, bare, [{ branch: 'a' }, { branch: 'b' }]);
    expect(refsOf(reader.dir)).toEqual({
      'refs/heads/a': a,
      'refs/heads/b': b,
      'refs/heads/main': main,
    });
  });

  it("also fetches the refs under a branch's alsoUnder, as they are", async () => {
    const { bare, reader, a, b, c, main } = published();
    await fetchBranches(git, reader.dir, bare, [
      { branch: 'a', alsoUnder: ['refs/mmm/run-1'] },
      { branch: 'c', alsoUnder: undefined },
    ]);
    expect(refsOf(reader.dir)).toEqual({
      'refs/heads/a': a,
      'refs/heads/c': c,
      'refs/heads/main': main,
      'refs/mmm/run-1/x': a,
      'refs/mmm/run-1/y/z': b,
    });
  });

  it('replaces a ref under alsoUnder that points elsewhere here', async () => {
    const { bare, reader, a, main } = published();
    reader.git('update-ref', 'refs/mmm/run-1/x', main);
    await fetchBranches(git, reader.dir, bare, [{ branch: 'a', alsoUnder: ['refs/mmm/run-1'] }]);
    expect(refsOf(reader.dir, 'refs/mmm/run-1/x')).toEqual({ 'refs/mmm/run-1/x': a });
  });

  it('throws, leaving the branch where it was, when a local branch of that name is not behind', async () => {
    const { bare, reader, main } = published();
    reader.git('branch', 'b');
    await expect(fetchBranches(git, reader.dir, bare, [{ branch: 'b' }])).rejects.toThrow(
      GitCommandError,
    );
    expect(refsOf(reader.dir, 'refs/heads/b')).toEqual({ 'refs/heads/b': main });
  });
});

describe('refsUnder', () => {
  it('is empty when no ref is under the prefix', async () => {
    const r = repo();
    r.git('update-ref', 'refs/mmm/run-10/a', 'HEAD');
    expect(await refsUnder(git, r.dir, 'refs/mmm/run-1')).toEqual([]);
  });

  it('lists the refs under the prefix by full name, in order', async () => {
    const r = repo();
    r.git('update-ref', 'refs/mmm/run-1/b/c', 'HEAD');
    r.git('update-ref', 'refs/mmm/run-1/a', 'HEAD');
    r.git('update-ref', 'refs/mmm/run-10/a', 'HEAD');
    expect(await refsUnder(git, r.dir, 'refs/mmm/run-1')).toEqual([
      'refs/mmm/run-1/a',
      'refs/mmm/run-1/b/c',
    ]);
  });
});
