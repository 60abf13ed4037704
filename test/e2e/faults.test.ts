// Faults of the machine and odd repositories as a user meets them through the built bin: each
// ends with an exit code from the table and a message saying what to do, never "internal error",
// and leaves the user's work as it was.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
