import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin', 'mmm.js');
const scratch = mkdtempSync(join(tmpdir(), 'mmm-demo-e2e-'));

/** A machine with no git identity and nothing but PATH and HOME: what a newcomer has. */
function freshEnv(): NodeJS.ProcessEnv {
  const gitconfig = join(scratch, 'empty-gitconfig');
  writeFileSync(gitconfig, '');
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    MMM_HOME: process.env.MMM_HOME,
    GIT_CONFIG_GLOBAL: gitconfig,
    GIT_CONFIG_NOSYSTEM: '1',
    NO_COLOR: '1',
  };
}

function mmm(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: scratch,
    env: freshEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('mmm demo', () => {
  it('improves a scratch copy of the demo project offline and commits each change', () => {
    const dir = join(scratch, 'repo');
    const result = mmm(['demo', '--dir', dir]);
    expect(result.stderr).not.toContain('error:');
    expect(result.status).toBe(0);

    const subjects = execFileSync('git', ['log', '--format=%s'], { cwd: dir, encoding: 'utf8' })
      .trim()
      .split('\n');
    // Newest first: the review, the implementation, the fix, then the run's provenance manifest.
    expect(subjects).toEqual([
      'mmm(demo): provenance',
      'mmm(demo): fix',
      'mmm(demo): implement',
      'mmm(demo): review',
      'demo project: a math module with a bug and no multiply',
    ]);
    // The second iteration found nothing to do: nothing left uncommitted either.
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' })).toBe('');

    // The project's tests pass now: add was fixed and multiply was added with its test.
    const tests = spawnSync(process.execPath, ['--test'], { cwd: dir, encoding: 'utf8' });
    expect(tests.status).toBe(0);
    expect(tests.stdout).toMatch(/# pass 2/);

    expect(result.stdout).toContain(`The demo repository is ${dir}`);
    expect(result.stdout).toContain(`cd ${dir} && git log -p`);
    expect(result.stdout).toMatch(/stopped\s+no changes/);
    expect(result.stderr).toMatch(/\[1\/2\] step 3 test \(shell\) … failed/);
  });

  it('refuses a --dir that already has files in it', () => {
    const dir = join(scratch, 'taken');
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'keep.txt'), 'mine\n');
    const result = mmm(['demo', '--dir', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not empty');
  });

  it('refuses a --dir it cannot make (a link to nowhere) with exit 2, not a crash', () => {
    const link = join(scratch, 'dangling');
    symlinkSync(join(scratch, 'missing', 'target'), link);
    const result = mmm(['demo', '--dir', link]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cannot make');
    expect(result.stderr).not.toContain('internal error');
  });
});
