// How the built bin starts: from the bundle, wherever it is run from, leaving nothing behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot, startMmm } from '../helpers/bin.js';
import { makeTempRepo } from '../helpers/repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-start-up-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const version = (
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;

describe('start-up', () => {
  it('prints the version and writes nothing under MMM_HOME or HOME', async () => {
    const home = tempDir();
    const mmmHome = join(home, '.mmm');
    const { done } = startMmm(['--version'], tempDir(), { HOME: home, MMM_HOME: mmmHome });

    expect(await done).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    expect(existsSync(mmmHome)).toBe(false);
    expect(readdirSync(home)).toEqual([]);
  });

  it('runs commands from any directory, finding the files it ships with', async () => {
    const home = tempDir();
    const env = { HOME: home, MMM_HOME: join(home, '.mmm') };
    const example = join(packageRoot, 'examples', 'default.yml');
    const validated = await startMmm(['validate', example], tempDir(), env).done;
    expect(validated.status).toBe(0);
    expect(validated.stdout).toMatch(/^ok .*default\.yml: \d+ steps/);

    // init renders the slash-command templates kept in the package's commands/ directory.
    const repo = makeTempRepo();
    cleanups.push(repo.cleanup);
    const initialized = await startMmm(['init'], repo.dir, env).done;
    expect(initialized.status).toBe(0);
    expect(
      readFileSync(join(repo.dir, '.claude', 'commands', 'mmm-code-review.md'), 'utf8'),
    ).not.toBe('');
  });
});
