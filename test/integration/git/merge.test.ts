// Merging a branch with src/git/merge.ts on real temporary repositories: into the user's checkout
// of the base branch (mergeInCheckout) and into a base branch checked out nowhere
// (mergeWithoutCheckout). Each outcome exactly: fast-forward, merge commit (parents, message),
// up to date, conflicts, and each refusal in its words, with what the branch, the checkout and
// its index hold afterwards; hooks, signing and the git settings the merge is given.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { mergeInCheckout, mergeWithoutCheckout } from '../../../src/git/merge.js';
import { GitCommandError, type GitDeps } from '../../../src/git/run.js';
import { exec } from '../../../src/infra/exec.js';
import { useTempRepos, type TempRepo } from '../../helpers/repo.js';

const repo = useTempRepos();
const deps: GitDeps = { exec };
const MESSAGE = 'mmm: merge session s1';

/** Commits `files` on `branch` (force-adding ignored ones), then checks out the branch it was on. */
function commitOn(r: TempRepo, branch: string, files: Record<string, string>): string {
  const back = r.git('symbolic-ref', '--short', 'HEAD');
  r.git('checkout', '-q', branch);
  for (const [path, content] of Object.entries(files)) r.write(path, content);
  const paths = Object.keys(files);
  if (paths.length > 0) r.git('add', '-f', '--', ...paths);
  r.git('commit', '-q', '--allow-empty', '-m', `on ${branch}`);
  const tip = r.git('rev-parse', 'HEAD');
  r.git('checkout', '-q', back);
  return tip;
}

/** A repository with a.txt and b.txt on main, and a branch `feature` made from it. */
function withFeature(): TempRepo {
  const r = repo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
  r.git('branch', 'feature');
  return r;
}

/** The checkout's merge of `feature` into main. */
function mergeFeature(r: TempRepo, using: GitDeps = deps) {
  return mergeInCheckout(using, {
    checkout: r.dir,
    into: 'main',
    branch: 'feature',
    message: MESSAGE,
  });
}

/** The merge of `feature` into main with main checked out nowhere. */
function mergeFeatureByRefs(r: TempRepo, using: GitDeps = deps) {
  return mergeWithoutCheckout(using, {
    cwd: r.dir,
    baseBranch: 'main',
    branch: 'feature',
    message: MESSAGE,
  });
}

/** Real git, with `change` made once, just before (or after) the first `git <subcommand>`. */
function changingDuring(
  subcommand: string,
  change: () => void,
  when: 'before' | 'after' = 'before',
): GitDeps {
  let done = false;
  return {
    exec: async (file, args, options) => {
      const now = !done && args[0] === subcommand;
      if (now) done = true;
      if (now && when === 'before') change();
      const result = await exec(file, args, options);
      if (now && when === 'after') change();
      return result;
    },
  };
}

/**
 * The merge by refs, with main moved to `later` just before git updates it. git refuses that
 * update, and runGit retries it for seconds as it would a lock another git holds: fake timers
 * run those pauses out at once.
 */
async function mergeByRefsWhileMainMoves(r: TempRepo, later: string) {
  const moving = changingDuring('update-ref', () => r.git('branch', '-f', 'main', later));
  const noPauses: GitDeps = {
    exec: async (file, args, options) => {
      const result = await moving.exec(file, args, options);
      if (result.exitCode !== 0) {
        setImmediate(() => vi.isFakeTimers() && vi.runOnlyPendingTimers());
      }
      return result;
    },
  };
  vi.useFakeTimers({ toFake: ['setTimeout'] });
  try {
    return await mergeFeatureByRefs(r, noPauses);
  } finally {
    vi.useRealTimers();
  }
}

function script(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/** A gpg that signs anything, as git expects of gpg.program. */
function fakeGpg(r: TempRepo): string {
  const path = join(r.dir, '.git', 'fake-gpg');
  script(
    path,
    [
      'cat >/dev/null',
      'echo "[GNUPG:] SIG_CREATED D 1 8 00 1700000000 FAKE" >&2',
      "printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nfake\\n-----END PGP SIGNATURE-----\\n'",
    ].join('\n'),
  );
  return path;
}

function failingGpg(r: TempRepo): string {
  const path = join(r.dir, '.git', 'failing-gpg');
  script(path, 'cat >/dev/null; exit 2');
  return path;
}

const hasMergeHead = (r: TempRepo) => existsSync(join(r.dir, '.git', 'MERGE_HEAD'));
const read = (r: TempRepo, path: string) => readFileSync(join(r.dir, path), 'utf8');
const parents = (r: TempRepo, rev: string) => r.git('rev-list', '--parents', '-n', '1', rev);

/** git's words for untracked files a fast-forward would overwrite (a true merge adds a line). */
function untrackedInTheWay(names: string[]): string[] {
  return [
    'error: The following untracked working tree files would be overwritten by merge:',
    ...names.map((name) => `\t${name}`),
    'Please move or remove them before you merge.',
    'Aborting',
  ];
}

describe('mergeInCheckout', () => {
  it('fast-forwards the checkout to the branch: HEAD, files and index follow it', async () => {
    const r = withFeature();
    const tip = commitOn(r, 'feature', { 'c.txt': 'c\n', 'a.txt': 'a2\n' });

    expect(await mergeFeature(r)).toStrictEqual({ kind: 'fast-forward', commit: tip });
    expect(r.git('rev-parse', 'HEAD')).toBe(tip);
    expect(r.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(r.git('status', '--porcelain')).toBe('');
    expect(read(r, 'c.txt')).toBe('c\n');
    expect(read(r, 'a.txt')).toBe('a2\n');
  });

  it('fast-forwards to a branch whose commit changes no file', async () => {
    const r = withFeature();
    const tip = commitOn(r, 'feature', {});

    expect(await mergeFeature(r)).toStrictEqual({ kind: 'fast-forward', commit: tip });
    expect(r.git('rev-parse', 'HEAD')).toBe(tip);
  });

  it('makes a merge commit with the message on the checkout’s commit and the branch’s tip', async () => {
    const r = withFeature();
    const tip = commitOn(r, 'feature', { 'c.txt': 'c\n' });
    const head = commitOn(r, 'main', { 'd.txt': 'd\n' });

    const outcome = await mergeFeature(r);

    const commit = r.git('rev-parse', 'HEAD');
    expect(outcome).toStrictEqual({ kind: 'merge-commit', commit });
    expect(parents(r, commit)).toBe(`${commit} ${head} ${tip}`);
    expect(r.git('log', '-1', '--format=%B')).toBe(MESSAGE);
    expect(r.git('symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(r.git('status', '--porcelain')).toBe('');
    expect(r.git('ls-files')).toBe('a.txt\nb.txt\nc.txt\nd.txt');
    expect(read(r, 'c.txt')).toBe('c\n');
  });

  it('says up to date, and changes nothing, when the checkout already has the branch', async () => {
    const r = withFeature();
    expect(await mergeFeature(r)).toStrictEqual({ kind: 'up-to-date' });
    const head = commitOn(r, 'main', { 'd.txt': 'd\n' });

    expect(await mergeFeature(r)).toStrictEqual({ kind: 'up-to-date' });
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
    expect(r.git('rev-list', '--count', 'HEAD')).toBe('2');
  });

  it('refuses while a merge the user started is in progress, and leaves that merge as it was', async () => {
    const r = withFeature();
    commitOn(r, 'feature', { 'c.txt': 'c\n' });
    r.git('branch', 'other');
    const other = commitOn(r, 'other', { 'a.txt': 'other\n' });
    const head = commitOn(r, 'main', { 'a.txt': 'mine\n' });
    expect(() => r.git('merge', '-q', 'other')).toThrow();

    expect(await mergeFeature(r)).toStrictEqual({
      kind: 'refused',
      reason: `a merge that mmm did not start is in progress in ${r.dir}`,
    });
    expect(r.git('rev-parse', 'MERGE_HEAD')).toBe(other);
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
    expect(r.git('status', '--porcelain')).toBe('UU a.txt');
    expect(existsSync(join(r.dir, 'c.txt'))).toBe(false);
  });

  it('refuses a merge that would overwrite ignored files, naming only those in the checkout', async () => {
    const r = repo({ '.gitignore': '/.env\nbuild/\n', '.env.example': 'KEY=\n' });
    r.git('branch', 'feature');
    commitOn(r, 'feature', {
      '.env': 'KEY=theirs\n',
      '.env.example': 'KEY=example\n',
      'build/map.js': 'map\n',
      'build/out.js': 'theirs\n',
      'src.txt': 'src\n',
    });
    const head = r.git('rev-parse', 'HEAD');
    r.write('.env', 'KEY=mine\n');
    r.write('build/out.js', 'mine\n');

    expect(await mergeFeature(r)).toStrictEqual({
      kind: 'refused',
      reason:
        'the merge would overwrite files your checkout ignores (git does that without asking):\n' +
        '  .env\n' +
        '  build/out.js',
    });
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
    expect(r.git('status', '--porcelain')).toBe('');
    expect(read(r, '.env')).toBe('KEY=mine\n');
    expect(read(r, 'build/out.js')).toBe('mine\n');
    expect(existsSync(join(r.dir, 'src.txt'))).toBe(false);
  });

  it('merges past ignored files the merge does not write (an ignored .env beside .env.example)', async () => {
    const r = repo({ '.gitignore': '/.env\nbuild/\n', '.env.example': 'KEY=\n' });
    r.git('branch', 'feature');
    const tip = commitOn(r, 'feature', { '.env.example': 'KEY=example\n', 'builder.txt': 'b\n' });
    r.write('.env', 'KEY=mine\n');
    r.write('build/out.js', 'mine\n');

    expect(await mergeFeature(r)).toStrictEqual({ kind: 'fast-forward', commit: tip });
    expect(read(r, '.env.example')).toBe('KEY=example\n');
    expect(read(r, '.env')).toBe('KEY=mine\n');
    expect(read(r, 'build/out.js')).toBe('mine\n');
  });

  it('names at most 20 of the ignored files in the way', async () => {
    const r = repo({ '.gitignore': 'gen/\n' });
    r.git('branch', 'feature');
    const names = Array.from({ length: 25 }, (_, i) => `gen/f${String(i + 1).padStart(2, '0')}`);
    commitOn(r, 'feature', Object.fromEntries(names.map((name) => [name, 'theirs\n'])));
    for (const name of names) r.write(name, 'mine\n');

    const outcome = await mergeFeature(r);

    expect(outcome.kind).toBe('refused');
    const reason = outcome.kind === 'refused' ? outcome.reason : '';
    expect(reason.split('\n').slice(0, 21)).toEqual([
      'the merge would overwrite files your checkout ignores (git does that without asking):',
      ...names.slice(0, 20).map((name) => `  ${name}`),
    ]);
    for (const name of names.slice(20)) expect(reason).not.toContain(name);
    expect(reason.split('\n').slice(21)).toEqual(['  … and 5 more']);
    expect(read(r, 'gen/f25')).toBe('mine\n');
  });

  it('refuses a merge that puts a directory where an ignored file is, or a file where an ignored directory is', async () => {
    const r = repo({ '.gitignore': '/.env\ncache/\ntmp/\n' });
    r.git('branch', 'feature');
    commitOn(r, 'feature', { '.env/x': 'theirs\n', cache: 'theirs\n', tmp: 'theirs\n' });
    const head = r.git('rev-parse', 'HEAD');
    r.write('.env', 'KEY=mine\n');
    r.write('cache/data.bin', 'mine\n');

    expect(await mergeFeature(r)).toStrictEqual({
      kind: 'refused',
      reason:
        'the merge would overwrite files your checkout ignores (git does that without asking):\n' +
        '  .env\n' +
        '  cache/',
    });
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
    expect(read(r, '.env')).toBe('KEY=mine\n');
    expect(read(r, 'cache/data.bin')).toBe('mine\n');
  });

  it('refuses a merge that puts a file where a directory holds ignored files', async () => {
    const r = repo({ '.gitignore': '*.log\n' });
    r.git('branch', 'feature');
    commitOn(r, 'feature', { out: 'theirs\n' });
    r.write('out/deep/run.log', 'mine\n');

    expect(await mergeFeature(r)).toStrictEqual({
      kind: 'refused',
      reason:
        'the merge would overwrite files your checkout ignores (git does that without asking):\n' +
        '  out/',
    });
    expect(read(r, 'out/deep/run.log')).toBe('mine\n');
  });

  it('refuses a fast-forward that would overwrite untracked files, in git’s words', async () => {
    const r = withFeature();
    commitOn(r, 'feature', { 'u1.txt': 'theirs\n', 'u2.txt': 'theirs\n' });
    const head = r.git('rev-parse', 'HEAD');
    r.write('u1.txt', 'mine\n');
    r.write('u2.txt', 'mine\n');

    expect(await mergeFeature(r)).toStrictEqual({
      kind: 'refused',
      reason: untrackedInTheWay(['u1.txt', 'u2.txt']).join('\n'),
    });
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
    expect(read(r, 'u1.txt')).toBe('mine\n');
    expect(r.git('status', '--porcelain')).toBe('?? u1.txt\n?? u2.txt');
  });

  it('gives git’s words whole up to 20 lines, and the first 20 and “…” past that', async () => {
    // git's refusal is the file list and three more lines.
    for (const count of [17, 18]) {
      const r = withFeature();
      const names = Array.from({ length: count }, (_, i) => `u${String(i + 1).padStart(2, '0')}`);
      commitOn(r, 'feature', Object.fromEntries(names.map((name) => [name, 'theirs\n'])));
      for (const name of names) r.write(name, 'mine\n');
      const said = untrackedInTheWay(names);

      const outcome = await mergeFeature(r);

      const reason = count === 17 ? said.join('\n') : [...said.slice(0, 20), '…'].join('\n');
      expect(outcome, `${String(count)} files`).toStrictEqual({ kind: 'refused', reason });
    }
  });

  it('refuses a merge commit that would overwrite untracked files, in git’s words', async () => {
    const r = withFeature();
    commitOn(r, 'feature', { 'u1.txt': 'theirs\n' });
    const head = commitOn(r, 'main', { 'd.txt': 'd\n' });
    r.write('u1.txt', 'mine\n');

    expect(await mergeFeature(r)).toStrictEqual({
      kind: 'refused',
      reason: [...untrackedInTheWay(['u1.txt']), 'Merge with strategy ort failed.'].join('\n'),
    });
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
    expect(hasMergeHead(r)).toBe(false);
    expect(read(r, 'u1.txt')).toBe('mine\n');
    expect(r.git('status', '--porcelain')).toBe('?? u1.txt');
  });

  it('reports the files in conflict and leaves the checkout as it was', async () => {
    const r = withFeature();
    commitOn(r, 'feature', { 'a.txt': 'theirs\n', 'b.txt': 'theirs\n', 'c.txt': 'c\n' });
    const head = commitOn(r, 'main', { 'a.txt': 'mine\n', 'b.txt': 'mine\n' });

    expect(await mergeFeature(r)).toStrictEqual({ kind: 'conflict', files: ['a.txt', 'b.txt'] });
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
    expect(hasMergeHead(r)).toBe(false);
    expect(r.git('status', '--porcelain')).toBe('');
    expect(read(r, 'a.txt')).toBe('mine\n');
    expect(existsSync(join(r.dir, 'c.txt'))).toBe(false);
  });

  it('reports and aborts a conflict with a commit made in the checkout during the merge', async () => {
    const r = withFeature();
    commitOn(r, 'feature', { 'a.txt': 'theirs\n', 'b.txt': 'theirs\n', 'c.txt': 'c\n' });
    commitOn(r, 'main', { 'd.txt': 'd\n' });
    let mine = '';
    const racing = changingDuring(
      'merge-tree',
      () => {
        r.write('a.txt', 'mine\n');
        r.write('b.txt', 'mine\n');
        mine = r.commitAll('mine');
      },
      'after',
    );

    expect(await mergeFeature(r, racing)).toStrictEqual({
      kind: 'conflict',
      files: ['a.txt', 'b.txt'],
    });
    expect(r.git('rev-parse', 'HEAD')).toBe(mine);
    expect(hasMergeHead(r)).toBe(false);
    expect(r.git('status', '--porcelain')).toBe('');
    expect(read(r, 'a.txt')).toBe('mine\n');
    expect(existsSync(join(r.dir, 'c.txt'))).toBe(false);
  });

  it('refuses, in the hook’s words, a merge commit that a pre-merge-commit or commit-msg hook rejects', async () => {
    for (const hook of ['pre-merge-commit', 'commit-msg']) {
      const r = withFeature();
      commitOn(r, 'feature', { 'c.txt': 'c\n' });
      const head = commitOn(r, 'main', { 'd.txt': 'd\n' });
      script(join(r.dir, '.git', 'hooks', hook), `echo "no merges on Fridays" >&2\nexit 1`);

      expect(await mergeFeature(r), hook).toStrictEqual({
        kind: 'refused',
        reason:
          'git could not make the merge commit: no merges on Fridays\n' +
          "Not committing merge; use 'git commit' to complete the merge.",
      });
      expect(r.git('rev-parse', 'HEAD'), hook).toBe(head);
      expect(hasMergeHead(r), hook).toBe(false);
      expect(r.git('status', '--porcelain'), hook).toBe('');
      expect(existsSync(join(r.dir, 'c.txt')), hook).toBe(false);
    }
  });

  it('runs the repository’s commit-msg hook on the merge commit', async () => {
    const r = withFeature();
    commitOn(r, 'feature', { 'c.txt': 'c\n' });
    commitOn(r, 'main', { 'd.txt': 'd\n' });
    script(join(r.dir, '.git', 'hooks', 'commit-msg'), `sed -i '1s/^/[checked] /' "$1"`);

    const outcome = await mergeFeature(r);

    expect(outcome).toStrictEqual({ kind: 'merge-commit', commit: r.git('rev-parse', 'HEAD') });
    expect(r.git('log', '-1', '--format=%B')).toBe(`[checked] ${MESSAGE}`);
  });

  it('signs the merge commit when commit.gpgSign is set, and refuses in git’s words when signing fails', async () => {
    const r = withFeature();
    commitOn(r, 'feature', { 'c.txt': 'c\n' });
    const head = commitOn(r, 'main', { 'd.txt': 'd\n' });
    r.git('config', 'commit.gpgSign', 'true');
    r.git('config', 'gpg.program', failingGpg(r));

    expect(await mergeFeature(r)).toStrictEqual({
      kind: 'refused',
      reason:
        'git could not make the merge commit: error: gpg failed to sign the data\n' +
        'fatal: failed to write commit object',
    });
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
    expect(hasMergeHead(r)).toBe(false);
    expect(r.git('status', '--porcelain')).toBe('');

    r.git('config', 'gpg.program', fakeGpg(r));
    const outcome = await mergeFeature(r);
    expect(outcome).toStrictEqual({ kind: 'merge-commit', commit: r.git('rev-parse', 'HEAD') });
    expect(r.git('cat-file', '-p', 'HEAD')).toContain('gpgsig -----BEGIN PGP SIGNATURE-----');
  });

  it('makes a plain merge whatever the base branch’s mergeOptions say, a name with “=” too', async () => {
    for (const into of ['main', 'rel=1']) {
      const r = withFeature();
      const tip = commitOn(r, 'feature', { 'c.txt': 'c\n' });
      if (into !== 'main') r.git('checkout', '-q', '-b', into);
      r.write('d.txt', 'd\n');
      r.commitAll('d');
      r.git('config', `branch.${into}.mergeOptions`, '--strategy=ours --squash --no-commit');

      const outcome = await mergeInCheckout(deps, {
        checkout: r.dir,
        into,
        branch: 'feature',
        message: MESSAGE,
      });

      const commit = r.git('rev-parse', 'HEAD');
      expect(outcome, into).toStrictEqual({ kind: 'merge-commit', commit });
      expect(parents(r, commit).split(' ')[2], into).toBe(tip);
      expect(read(r, 'c.txt'), into).toBe('c\n');
      expect(r.git('status', '--porcelain'), into).toBe('');
    }
  });

  it('keeps the settings that GIT_CONFIG_COUNT gives git in the environment', async () => {
    const r = withFeature();
    const tip = commitOn(r, 'feature', { 'c.txt': 'c\n' });
    commitOn(r, 'main', { 'd.txt': 'd\n' });
    const saved = { ...process.env };
    Object.assign(process.env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'merge.log',
      GIT_CONFIG_VALUE_0: 'true',
    });
    let outcome;
    try {
      outcome = await mergeFeature(r);
    } finally {
      for (const key of ['GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }

    expect(outcome).toStrictEqual({ kind: 'merge-commit', commit: r.git('rev-parse', 'HEAD') });
    // merge.log adds the subjects of the commits merged to the message.
    expect(r.git('log', '-1', '--format=%B')).toBe(
      `${MESSAGE}\n\n* commit '${tip}':\n  on feature`,
    );
  });

  it('throws git’s refusal for a branch with no history in common, changing nothing', async () => {
    const r = withFeature();
    r.git('checkout', '-q', '--orphan', 'lone');
    r.git('rm', '-rqf', '.');
    r.write('l.txt', 'l\n');
    const lone = r.commitAll('lone');
    r.git('checkout', '-q', 'main');
    const head = r.git('rev-parse', 'HEAD');
    const said =
      `git merge-tree --write-tree -z --name-only --no-messages ${head} ${lone} ` +
      'failed (exit 128): fatal: refusing to merge unrelated histories';

    const inCheckout = mergeInCheckout(deps, {
      checkout: r.dir,
      into: 'main',
      branch: 'lone',
      message: MESSAGE,
    });
    await expect(inCheckout).rejects.toThrow(GitCommandError);
    await expect(inCheckout).rejects.toThrow(said);
    expect(r.git('rev-parse', 'HEAD')).toBe(head);
    expect(r.git('status', '--porcelain')).toBe('');

    r.git('checkout', '-q', '--detach');
    const byRefs = mergeWithoutCheckout(deps, {
      cwd: r.dir,
      baseBranch: 'main',
      branch: 'lone',
      message: MESSAGE,
    });
    await expect(byRefs).rejects.toThrow(said);
    expect(r.git('rev-parse', 'main')).toBe(head);
  });
});

describe('mergeWithoutCheckout', () => {
  /** withFeature, with the checkout moved off main to a branch of its own. */
  function offMain(): TempRepo {
    const r = withFeature();
    r.git('checkout', '-q', '-b', 'elsewhere');
    return r;
  }

  it('moves the base branch to the branch’s tip, touching no checkout', async () => {
    const r = offMain();
    const tip = commitOn(r, 'feature', { 'c.txt': 'c\n' });

    expect(await mergeFeatureByRefs(r)).toStrictEqual({ kind: 'fast-forward', commit: tip });
    expect(r.git('rev-parse', 'main')).toBe(tip);
    expect(r.git('reflog', '-1', '--format=%gs', 'main')).toBe('mmm: fast-forward feature');
    expect(r.git('symbolic-ref', '--short', 'HEAD')).toBe('elsewhere');
    expect(existsSync(join(r.dir, 'c.txt'))).toBe(false);
  });

  it('makes a merge commit with the message on both tips, with no hooks to report', async () => {
    const r = offMain();
    const tip = commitOn(r, 'feature', { 'c.txt': 'c\n' });
    const base = commitOn(r, 'main', { 'd.txt': 'd\n' });
    r.git('config', '--unset', 'commit.gpgsign');

    const outcome = await mergeFeatureByRefs(r);

    const commit = r.git('rev-parse', 'main');
    expect(outcome).toStrictEqual({ kind: 'merge-commit', commit });
    expect(parents(r, commit)).toBe(`${commit} ${base} ${tip}`);
    expect(r.git('log', '-1', '--format=%B', 'main')).toBe(MESSAGE);
    expect(r.git('reflog', '-1', '--format=%gs', 'main')).toBe(MESSAGE);
    expect(r.git('ls-tree', '--name-only', 'main')).toBe('a.txt\nb.txt\nc.txt\nd.txt');
    expect(r.git('cat-file', '-p', 'main')).not.toContain('gpgsig');
    expect(r.git('symbolic-ref', '--short', 'HEAD')).toBe('elsewhere');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('says up to date, and leaves the base branch, when it already has the branch', async () => {
    const r = offMain();
    const base = commitOn(r, 'main', { 'd.txt': 'd\n' });

    expect(await mergeFeatureByRefs(r)).toStrictEqual({ kind: 'up-to-date' });
    expect(r.git('rev-parse', 'main')).toBe(base);
  });

  it('refuses a base branch that does not exist', async () => {
    const r = offMain();
    commitOn(r, 'feature', { 'c.txt': 'c\n' });

    const outcome = await mergeWithoutCheckout(deps, {
      cwd: r.dir,
      baseBranch: 'release',
      branch: 'feature',
      message: MESSAGE,
    });

    expect(outcome).toStrictEqual({ kind: 'refused', reason: 'branch release does not exist' });
    expect(r.git('branch', '--list', 'release')).toBe('');
  });

  it('refuses, and keeps the new commit, when the base branch moves during a fast-forward', async () => {
    const r = offMain();
    commitOn(r, 'feature', { 'c.txt': 'c\n' });
    r.git('branch', 'later', 'main');
    const later = commitOn(r, 'later', { 'd.txt': 'd\n' });

    expect(await mergeByRefsWhileMainMoves(r, later)).toStrictEqual({
      kind: 'refused',
      reason: 'the branch main moved during the merge; run the merge again',
    });
    expect(r.git('rev-parse', 'main')).toBe(later);
  });

  it('refuses, and keeps the new commit, when the base branch moves during a merge commit', async () => {
    const r = offMain();
    commitOn(r, 'feature', { 'c.txt': 'c\n' });
    commitOn(r, 'main', { 'd.txt': 'd\n' });
    r.git('branch', 'later', 'main');
    const later = commitOn(r, 'later', { 'e.txt': 'e\n' });

    expect(await mergeByRefsWhileMainMoves(r, later)).toStrictEqual({
      kind: 'refused',
      reason: 'the branch main moved during the merge; run the merge again',
    });
    expect(r.git('rev-parse', 'main')).toBe(later);
  });

  it('reports the files in conflict and leaves the base branch', async () => {
    const r = offMain();
    commitOn(r, 'feature', { 'a.txt': 'theirs\n', 'b.txt': 'theirs\n', 'c.txt': 'c\n' });
    const base = commitOn(r, 'main', { 'a.txt': 'mine\n', 'b.txt': 'mine\n' });

    expect(await mergeFeatureByRefs(r)).toStrictEqual({
      kind: 'conflict',
      files: ['a.txt', 'b.txt'],
    });
    expect(r.git('rev-parse', 'main')).toBe(base);
  });

  it('signs the merge commit when commit.gpgSign is set, and refuses in git’s words when signing fails', async () => {
    const r = offMain();
    commitOn(r, 'feature', { 'c.txt': 'c\n' });
    const base = commitOn(r, 'main', { 'd.txt': 'd\n' });
    r.git('config', 'commit.gpgSign', 'yes');
    r.git('config', 'gpg.program', failingGpg(r));

    expect(await mergeFeatureByRefs(r)).toStrictEqual({
      kind: 'refused',
      reason: 'git could not make the merge commit: error: gpg failed to sign the data',
    });
    expect(r.git('rev-parse', 'main')).toBe(base);

    r.git('config', 'gpg.program', fakeGpg(r));
    const outcome = await mergeFeatureByRefs(r);
    expect(outcome).toStrictEqual({ kind: 'merge-commit', commit: r.git('rev-parse', 'main') });
    expect(r.git('cat-file', '-p', 'main')).toContain('gpgsig -----BEGIN PGP SIGNATURE-----');
  });

  it('names the executable merge hooks it did not run, and runs none', async () => {
    const r = offMain();
    commitOn(r, 'feature', { 'c.txt': 'c\n' });
    commitOn(r, 'main', { 'd.txt': 'd\n' });
    const hooks = join(r.dir, '.git', 'hooks');
    const ran = join(r.dir, '.git', 'ran');
    for (const hook of ['pre-merge-commit', 'commit-msg', 'post-merge']) {
      script(join(hooks, hook), `echo ${hook} >> "${ran}"`);
    }
    writeFileSync(join(hooks, 'prepare-commit-msg'), '#!/bin/sh\nexit 1\n'); // not executable

    const outcome = await mergeFeatureByRefs(r);

    expect(outcome).toStrictEqual({
      kind: 'merge-commit',
      commit: r.git('rev-parse', 'main'),
      hooksNotRun: [
        join(hooks, 'pre-merge-commit'),
        join(hooks, 'commit-msg'),
        join(hooks, 'post-merge'),
      ],
    });
    expect(existsSync(ran)).toBe(false);
  });
});
