// Faults of the machine and odd repositories as a user meets them through the built bin: each
// ends with an exit code from the table and a message saying what to do, never "internal error",
// and leaves the user's work as it was.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMmm } from '../helpers/bin.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const mmm = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  startMmm(args, cwd, { CI: '1', ...env }).done;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# faults\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const isRoot = process.getuid?.() === 0;

/** A small tmpfs at `dir` (root only), unmounted after the test. */
function mountSmallDisk(dir: string, size: string, readOnly = false): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', [
    '-t',
    'tmpfs',
    '-o',
    `size=${size}${readOnly ? ',ro' : ''}`,
    'tmpfs',
    dir,
  ]);
  cleanups.push(() => execFileSync('umount', ['-l', dir]));
}

function expectNoBug(result: { stdout: string; stderr: string }): void {
  expect(result.stdout + result.stderr).not.toMatch(/internal error|this is a bug/);
}

describe.skipIf(!isRoot)('a full disk (tmpfs, as root)', () => {
  it('stops an in-place run with exit 3, naming the full disk, when git cannot store the step', async () => {
    const base = tempDir('mmm-full-');
    const disk = join(base, 'disk');
    mountSmallDisk(disk, '1m');
    const dir = join(disk, 'repo');
    execFileSync('git', ['init', '-q', '-b', 'main', dir]);
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('config', 'user.name', 'mmm test');
    git('config', 'user.email', 'test@mmm.invalid');
    writeFileSync(join(dir, '.gitignore'), '.env\n');
    writeFileSync(
      join(dir, 'pb.yml'),
      [
        'name: fill',
        'steps:',
        // Fits on the disk once; git's copy of it does not.
        '  - shell: head -c 650000 /dev/urandom > blob.bin',
        '',
      ].join('\n'),
    );
    git('add', '-A');
    git('commit', '-q', '-m', 'playbook');
    writeFileSync(join(dir, '.env'), 'SECRET=1\n');

    const result = await mmm(['cook', 'pb.yml'], dir);
    expectNoBug(result);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/no space left on the disk holding \//);
    expect(result.stderr).toMatch(/free space on the disk holding \//);
    expect(result.stderr).toContain(`left uncommitted in ${dir}`);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe('SECRET=1\n');
    expect(git('log', '--format=%s')).toBe('playbook');
  });

  it('refuses cook --worktree with exit 3 when MMM_HOME is too full for the worktree', async () => {
    const r = repo({
      'pb.yml': 'name: small\nsteps:\n  - shell: echo hi > hi.txt\n',
      'blob.bin': 'x'.repeat(300_000),
    });
    const home = join(tempDir('mmm-home-'), 'mmm');
    mountSmallDisk(home, '96k');
    r.write('README.md', '# my edit\n');

    const result = await mmm(['cook', 'pb.yml', '--worktree', '--yes'], r.dir, {
      MMM_HOME: home,
    });
    expectNoBug(result);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`under ${join(home, 'worktrees')}`);
    expect(result.stderr).toMatch(/free space on it|free space on the disk/);
    // Nothing is left of the session, and the user's edit is as it was.
    expect(r.git('branch', '--list', 'mmm/*')).toBe('');
    expect(r.git('worktree', 'list').split('\n')).toHaveLength(1);
    expect(readFileSync(join(r.dir, 'README.md'), 'utf8')).toBe('# my edit\n');
  });
});

/** What a repository holds, to compare before and after: refs, status, worktrees. */
function repoState(dir: string): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  return [
    git('for-each-ref', '--format=%(refname) %(objectname)'),
    git('status', '--porcelain', '--ignored'),
    git('worktree', 'list', '--porcelain'),
  ].join('\n---\n');
}

describe('odd repositories', () => {
  it('refuses a bare repository, saying mmm needs a working tree', async () => {
    const dir = join(tempDir('mmm-bare-'), 'repo.git');
    execFileSync('git', ['init', '-q', '--bare', dir]);
    // A file beside git's own, so that only the missing working tree can be refused.
    writeFileSync(join(dir, 'pb.yml'), 'name: x\nsteps:\n  - shell: echo hi\n');
    for (const args of [
      ['cook', 'pb.yml'],
      ['cook', 'pb.yml', '--worktree'],
      ['worktree', 'ls'],
    ]) {
      const result = await mmm(args, dir);
      expectNoBug(result);
      expect(result.status).toBe(3);
      expect(result.stderr).toContain(
        `${dir} is a bare git repository, and mmm needs a working tree`,
      );
      expect(result.stderr).not.toMatch(/git init/);
    }
  });

  it('refuses --map in a repository with no commits, and on an orphan branch, changing nothing', async () => {
    const empty = tempDir('mmm-empty-');
    execFileSync('git', ['init', '-q', '-b', 'main', empty]);
    const r = repo({
      'pb.yml': 'name: x\nsteps:\n  - shell: echo hi > hi.txt\n',
      'specs/a.md': 'a\n',
    });
    r.git('checkout', '-q', '--orphan', 'fresh');
    for (const [dir, branch] of [
      [empty, 'main'],
      [r.dir, 'fresh'],
    ] as const) {
      writeFileSync(join(dir, 'pb.yml'), 'name: x\nsteps:\n  - shell: echo hi > hi.txt\n');
      mkdirSync(join(dir, 'specs'), { recursive: true });
      writeFileSync(join(dir, 'specs', 'a.md'), 'a\n');
      const before = repoState(dir);
      const result = await mmm(['cook', 'pb.yml', '--map', 'specs/*.md'], dir);
      expectNoBug(result);
      expect(result.status).toBe(3);
      expect(result.stderr).toContain(`branch ${branch} has no commits yet`);
      expect(repoState(dir)).toBe(before);
    }
  });

  it('refuses a repository whose required LFS filter cannot run, before any step', async () => {
    const r = repo({
      'pb.yml': 'name: x\nsteps:\n  - shell: echo hi > hi.bin\n',
      '.gitattributes': '*.bin filter=lfs diff=lfs merge=lfs -text\n',
    });
    r.git('config', 'filter.lfs.required', 'true');
    r.git('config', 'filter.lfs.process', 'git-lfs-not-installed filter-process');
    r.git('config', 'filter.lfs.clean', 'git-lfs-not-installed clean -- %f');
    const before = repoState(r.dir);
    for (const args of [
      ['cook', 'pb.yml'],
      ['cook', 'pb.yml', '--worktree'],
    ]) {
      const result = await mmm(args, r.dir);
      expectNoBug(result);
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(
        /needs git's lfs filter .* git-lfs-not-installed is not installed/,
      );
      expect(result.stderr).toMatch(/hint: install Git LFS/);
      expect(repoState(r.dir)).toBe(before);
    }
  });

  it('stops with exit 3, resetting nothing, when git refuses to read what a step left (core.safecrlf)', async () => {
    const r = repo({
      'pb.yml':
        'name: x\nsteps:\n  - shell: "echo more >> a.txt; printf \'x\\\\r\\\\n\' > crlf.txt"\n',
      'a.txt': 'a\n',
    });
    r.git('config', 'core.safecrlf', 'true');
    r.git('config', 'core.autocrlf', 'input');
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expectNoBug(result);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(
      /git could not save what the step left \(git add exited with 128: fatal: CRLF would be replaced by LF in crlf\.txt\); it is left in .* as the step left it, and nothing was reset/,
    );
    expect(readFileSync(join(r.dir, 'crlf.txt'), 'latin1')).toBe('x\r\n');
    expect(readFileSync(join(r.dir, 'a.txt'), 'utf8')).toBe('a\nmore\n');
    expect(r.git('log', '--format=%s')).toBe('initial');
  });

  it('the same in a session, whose clean then says git could not save it (exit 3), removing nothing', async () => {
    const r = repo({
      'pb.yml': 'name: x\nsteps:\n  - shell: "printf \'x\\\\r\\\\n\' > crlf.txt"\n',
    });
    r.git('config', 'core.safecrlf', 'true');
    r.git('config', 'core.autocrlf', 'input');
    const home = tempDir('mmm-crlf-home-');
    const env = { MMM_HOME: home };
    const cook = await mmm(['cook', 'pb.yml', '--worktree'], r.dir, env);
    expectNoBug(cook);
    expect(cook.status).toBe(3);
    const ls = await mmm(['worktree', 'ls', '--json'], r.dir, env);
    const session = JSON.parse(ls.stdout.split('\n')[0] ?? '{}') as {
      name: string;
      worktree: string;
    };
    const clean = await mmm(['worktree', 'clean', session.name, '--force'], r.dir, env);
    expectNoBug(clean);
    expect(clean.status).toBe(3);
    expect(clean.stderr).toMatch(
      /cannot clean session \S+: git could not save its uncommitted work \(git add: fatal: CRLF would be replaced by LF in crlf\.txt\); nothing was removed/,
    );
    expect(readFileSync(join(session.worktree, 'crlf.txt'), 'latin1')).toBe('x\r\n');
  });

  it('a reference-transaction hook refusing every ref update: exit 3 in its words, in place and for a session', async () => {
    const r = repo({
      'pb.yml': 'name: x\nsteps:\n  - shell: echo more >> a.txt\n',
      'a.txt': 'a\n',
    });
    const hooks = tempDir('mmm-ref-hooks-');
    writeFileSync(
      join(hooks, 'reference-transaction'),
      '#!/bin/sh\necho "refs are frozen" >&2\nexit 1\n',
      {
        mode: 0o755,
      },
    );
    r.git('config', 'core.hooksPath', hooks);
    const inPlace = await mmm(['cook', 'pb.yml'], r.dir);
    expectNoBug(inPlace);
    expect(inPlace.status).toBe(3);
    expect(inPlace.stderr).toMatch(
      /git could not save what the step left \(git update-ref exited with \d+: refs are frozen/,
    );
    expect(readFileSync(join(r.dir, 'a.txt'), 'utf8')).toBe('a\nmore\n');
    r.git('checkout', '--', 'a.txt');
    r.git('restore', '--staged', 'a.txt');
    const session = await mmm(['cook', 'pb.yml', '--worktree'], r.dir, {
      MMM_HOME: tempDir('mmm-ref-home-'),
    });
    expectNoBug(session);
    expect(session.status).toBe(3);
    expect(session.stderr).toMatch(
      /git could not create the session's branch mmm\/\S+ \(git branch exited with \d+: refs are frozen/,
    );
  });

  /** `mmm cook` of `playbook` in a checkout whose sparse cone holds in/ and leaves out out/. */
  async function cookSparse(playbook: string) {
    const r = repo({ 'pb.yml': playbook, 'in/a': 'a\n', 'out/b': 'b\n' });
    r.git('sparse-checkout', 'set', 'in');
    const result = await mmm(['cook', 'pb.yml'], r.dir);
    expectNoBug(result);
    return { r, result };
  }

  it('fails a step that writes outside a sparse checkout (exit 1), saving its work', async () => {
    const { r, result } = await cookSparse(
      'name: x\nsteps:\n  - shell: mkdir -p out && echo new > out/c && echo more >> in/a\n',
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("the step wrote outside the sparse checkout's cone (out/c)");
    const saved = /saved to (refs\/mmm\/\S+)/.exec(result.stderr)?.[1];
    expect(saved).toBeDefined();
    expect(r.git('show', `${saved}:out/c`)).toBe('new');
    expect(r.git('show', `${saved}:in/a`)).toBe('a\nmore');
    expect(r.git('status', '--porcelain')).toBe('');
  });

  it('commits a step inside a sparse checkout and the run provenance outside its cone (exit 0)', async () => {
    const { r, result } = await cookSparse('name: x\nsteps:\n  - shell: echo more >> in/a\n');
    expect(result.status).toBe(0);
    expect(r.git('show', 'HEAD~1:in/a')).toBe('a\nmore');
    expect(r.git('show', '--name-only', '--format=%s', 'HEAD')).toMatch(
      /^mmm\(x\): provenance\n\n\.mmm\/provenance\/\S+\.json$/,
    );
    expect(r.git('status', '--porcelain')).toBe('');
    expect(r.git('sparse-checkout', 'list')).toBe('in');
  });

  it('reports a change outside a sparse checkout that the policy blocks as blocked (exit 4), undone before its handler', async () => {
    const out = tempDir('mmm-sparse-handler-');
    const { r, result } = await cookSparse(
      [
        'name: x',
        'policy:',
        '  deny_paths: ["*.pem"]',
        'steps:',
        '  - shell: mkdir -p out && echo new > out/c && echo k > in/key.pem && echo more >> in/a',
        '    on_failure:',
        `      shell: git status --porcelain >> ${join(out, 'saw.txt')}; exit 1`,
        '',
      ].join('\n'),
    );
    expect(result.stderr).toMatch(/blocked by policy: deny_paths/);
    expect(result.status).toBe(4);
    const saved = /saved to (refs\/mmm\/\S+)/.exec(result.stderr)?.[1];
    expect(saved).toMatch(/blocked-1$/);
    expect(r.git('show', `${saved}:out/c`)).toBe('new');
    expect(r.git('show', `${saved}:in/key.pem`)).toBe('k');
    // The handler started from the tree as it was before the step: nothing changed, nothing staged.
    expect(readFileSync(join(out, 'saw.txt'), 'utf8')).toBe('');
    expect(r.git('status', '--porcelain')).toBe('');
  });
});

describe.skipIf(!isRoot)('a read-only MMM_HOME (tmpfs, as root)', () => {
  it('refuses cook --worktree with exit 3 naming the directory, changing nothing', async () => {
    const r = repo({ 'pb.yml': 'name: x\nsteps:\n  - shell: echo hi > hi.txt\n' });
    const home = join(tempDir('mmm-ro-'), 'ro');
    mountSmallDisk(home, '1m', true);
    const before = repoState(r.dir);
    const result = await mmm(['cook', 'pb.yml', '--worktree'], r.dir, {
      MMM_HOME: join(home, 'mmm'),
    });
    expectNoBug(result);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`error: ${home} is not writable`);
    expect(result.stderr).toContain(`hint: make ${home} writable`);
    expect(repoState(r.dir)).toBe(before);
  });
});

describe('output a terminal can trust', () => {
  it('shows no raw control byte from file names or step output, --map table and failures included', async () => {
    const r = repo({
      'pb.yml':
        'name: x\nsteps:\n  - shell: printf "\\033]0;pwned\\007\\033[2J\\000 $ARG\\n"; exit 3\n',
      'specs/a\u001b[2Jb\u0007.md': 'a\n',
    });
    for (const flags of [['--quiet'], []]) {
      const result = await mmm(['cook', 'pb.yml', '--map', 'specs/*.md', ...flags], r.dir);
      expectNoBug(result);
      expect(result.status).toBe(1);
      // eslint-disable-next-line no-control-regex
      const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
      expect(result.stdout).not.toMatch(raw);
      expect(result.stderr).not.toMatch(raw);
      expect(result.stdout).toContain('specs/a^[[2Jb^G.md');
    }
  });
});

describe('a damaged session record', () => {
  it('is named by worktree ls and by clean --all, which says it skipped it', async () => {
    const r = repo({ 'pb.yml': 'name: x\nsteps:\n  - shell: echo hi > hi.txt\n' });
    const home = join(tempDir('mmm-home-'), 'mmm');
    const env = { MMM_HOME: home };
    for (let i = 0; i < 2; i++) {
      expect((await mmm(['cook', 'pb.yml', '--worktree'], r.dir, env)).status).toBe(0);
    }
    const [keyDir = ''] = readdirSync(join(home, 'sessions'));
    const [bad = '', good = ''] = readdirSync(join(home, 'sessions', keyDir)).sort();
    const badFile = join(home, 'sessions', keyDir, bad);
    writeFileSync(badFile, '{ "name": "trunc');
    const badName = bad.slice(0, -'.json'.length);

    const ls = await mmm(['worktree', 'ls'], r.dir, env);
    expectNoBug(ls);
    expect(ls.status).toBe(0);
    expect(ls.stdout).toContain(good.slice(0, -'.json'.length));
    expect(ls.stderr).toContain(`warning: the session record ${badFile} is not valid JSON`);
    expect(ls.stderr).toContain(`branch mmm/${badName}`);

    const clean = await mmm(['worktree', 'clean', '--all', '--force'], r.dir, env);
    expectNoBug(clean);
    expect(clean.status).toBe(3);
    expect(clean.stdout).toContain(`Cleaned ${good.slice(0, -'.json'.length)}`);
    expect(clean.stderr).toContain(`skipped: the session record ${badFile} is not valid JSON`);
    // What the record stood for is still there, as the message says.
    expect(r.git('branch', '--list', `mmm/${badName}`)).toContain(badName);
  });
});

describe('merging past a hook', () => {
  it("reports a pre-merge-commit hook's refusal in its own words (exit 3), not as a conflict", async () => {
    const r = repo({ 'pb.yml': 'name: x\nsteps:\n  - shell: echo hi > hi.txt\n' });
    const home = join(tempDir('mmm-home-'), 'mmm');
    const cooked = await mmm(['cook', 'pb.yml', '--worktree'], r.dir, { MMM_HOME: home });
    expect(cooked.status).toBe(0);
    const name = /Session (\S+):/.exec(cooked.stderr)?.[1] ?? '';
    // A commit of the user's on main, so that the merge needs a merge commit.
    r.write('mine.txt', 'mine\n');
    const before = r.commitAll('mine');
    const hook = join(r.dir, '.git', 'hooks', 'pre-merge-commit');
    writeFileSync(hook, '#!/bin/sh\necho "policy: no merges on Fridays" >&2\nexit 1\n', {
      mode: 0o755,
    });
    const merged = await mmm(['worktree', 'merge', name], r.dir, { MMM_HOME: home });
    expectNoBug(merged);
    expect(merged.status).toBe(3);
    expect(merged.stderr).toContain('policy: no merges on Fridays');
    expect(merged.stderr).not.toMatch(/conflict/i);
    expect(r.git('rev-parse', 'HEAD')).toBe(before);
    expect(r.git('status', '--porcelain')).toBe('');
  });
});

describe('merging what should not go in unseen', () => {
  it('refuses a failed session without a terminal (exit 3, naming the step), and merges it with --force', async () => {
    const r = repo({
      'pb.yml': 'name: x\nsteps:\n  - shell: echo hi > hi.txt\n  - shell: "false"\n',
    });
    const home = join(tempDir('mmm-home-'), 'mmm');
    const cooked = await mmm(['cook', 'pb.yml', '--worktree'], r.dir, { MMM_HOME: home });
    expect(cooked.status).toBe(1);
    const name = /Session (\S+) \(failed\)/.exec(cooked.stderr)?.[1] ?? '';
    const before = r.git('rev-parse', 'main');

    const refused = await mmm(['worktree', 'merge', name], r.dir, { MMM_HOME: home });
    expectNoBug(refused);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain('iteration 1, step 2 (shell: false) failed (exit 1)');
    expect(refused.stderr).toContain(
      `hint: to merge it anyway: mmm worktree merge ${name} --force`,
    );
    expect(r.git('rev-parse', 'main')).toBe(before);

    const forced = await mmm(['worktree', 'merge', name, '--force'], r.dir, { MMM_HOME: home });
    expectNoBug(forced);
    expect(forced.status).toBe(0);
    expect(r.git('show', 'main:hi.txt')).toBe('hi');
  });

  it('refuses a merge without a checkout whose commit cannot be signed (exit 3, git says why)', async () => {
    const r = repo({ 'pb.yml': 'name: x\nsteps:\n  - shell: echo hi > hi.txt\n' });
    const home = join(tempDir('mmm-home-'), 'mmm');
    const cooked = await mmm(['cook', 'pb.yml', '--worktree'], r.dir, { MMM_HOME: home });
    expect(cooked.status).toBe(0);
    const name = /Session (\S+):/.exec(cooked.stderr)?.[1] ?? '';
    r.write('mine.txt', 'mine\n');
    const before = r.commitAll('mine');
    r.git('checkout', '-q', '-b', 'elsewhere');
    const gpg = join(tempDir('mmm-gpg-'), 'gpg');
    writeFileSync(gpg, '#!/bin/sh\ncat >/dev/null\nexit 2\n', { mode: 0o755 });
    r.git('config', 'commit.gpgSign', 'true');
    r.git('config', 'gpg.program', gpg);

    const merged = await mmm(['worktree', 'merge', name], r.dir, { MMM_HOME: home });
    expectNoBug(merged);
    expect(merged.status).toBe(3);
    expect(merged.stderr).toContain('gpg failed to sign the data');
    expect(r.git('rev-parse', 'main')).toBe(before);
  });
});
