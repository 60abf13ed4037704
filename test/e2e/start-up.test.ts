// How the built bin starts: from the bundle, with each command's compiled code kept in
// $MMM_HOME/cache/ for its next run.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot, startMmm } from '../helpers/bin.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'mmm-home-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  return home;
}

const version = (
  JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;

describe('start-up', () => {
  it("keeps each command's compiled code in $MMM_HOME/cache and recovers from a damaged one", async () => {
    const home = tempHome();
    const cache = join(home, 'cache');
    const mmm = (...args: string[]) => startMmm(args, home, { MMM_HOME: home }).done;

    expect(await mmm('--version')).toMatchObject({ status: 0, stdout: `${version}\n` });
    const playbook = join(home, 'p.yml');
    writeFileSync(playbook, 'steps:\n  - shell: "true"\n');
    expect((await mmm('validate', playbook)).status).toBe(0);
    const files = readdirSync(cache).sort();
    expect(files.map((f) => f.split('-')[0])).toEqual(['other', 'validate']);

    // A cache that is used stays as it is.
    const versionCache = join(cache, files[0] ?? '');
    const written = statSync(versionCache).mtimeMs;
    expect(await mmm('--version')).toMatchObject({ status: 0, stdout: `${version}\n` });
    expect(statSync(versionCache).mtimeMs).toBe(written);

    // A damaged one is refused by V8: mmm compiles as usual and saves a good one.
    writeFileSync(versionCache, 'not a code cache');
    expect(await mmm('--version')).toMatchObject({ status: 0, stdout: `${version}\n` });
    expect(readFileSync(versionCache, 'utf8')).not.toBe('not a code cache');
    expect(readdirSync(cache).sort()).toEqual(files);
  });
});
