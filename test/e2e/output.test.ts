// What the built mmm shows a user: colours as NO_COLOR and FORCE_COLOR ask, the exit-code table
// of --help, and what the record says of a run stopped by Ctrl-C.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { packageRoot, startMmm } from '../helpers/bin.js';
import { makeTempRepo, type TempRepo } from '../helpers/repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ 'README.md': '# e2e\n', ...files });
  cleanups.push(r.cleanup);
  return r;
}

// An empty value counts as unset: no colour unless asked, whatever the environment running the
// tests says (CI turns colours on).
const plainEnv = { NO_COLOR: '', FORCE_COLOR: '', CI: '' };
// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[\d+m/;

describe('colours', () => {
  const valid = { 'pb.yml': 'steps:\n  - shell: echo x > x.txt\n' };

  it('are off when output is not a terminal, and on with FORCE_COLOR', async () => {
    const r = repo(valid);
    const off = await startMmm(['validate', 'pb.yml'], r.dir, plainEnv).done;
    expect(off.status).toBe(0);
    expect(off.stdout).toMatch(/^ok pb\.yml/);
    expect(off.stdout + off.stderr).not.toMatch(ansi);

    const on = await startMmm(['validate', 'pb.yml'], r.dir, { ...plainEnv, FORCE_COLOR: '1' })
      .done;
    expect(on.status).toBe(0);
    expect(on.stdout).toContain('\u001b[32mok\u001b[39m pb.yml');
  });

  it('NO_COLOR turns them off even with FORCE_COLOR, in run progress and in errors', async () => {
    const r = repo(valid);
    const forced = { ...plainEnv, FORCE_COLOR: '1' };
    const coloured = await startMmm(['cook', 'pb.yml'], r.dir, forced).done;
    expect(coloured.status).toBe(0);
    expect(coloured.stderr).toMatch(ansi);

    const plain = await startMmm(['cook', 'pb.yml'], r.dir, { ...forced, NO_COLOR: '1' }).done;
    expect(plain.status).toBe(0);
    expect(plain.stdout + plain.stderr).not.toMatch(ansi);
    expect(plain.stdout).toMatch(/^mmm: done\n/);

    const outside = mkdtempSync(join(tmpdir(), 'mmm-plain-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    writeFileSync(join(outside, 'pb.yml'), valid['pb.yml']);
    const refusedColoured = await startMmm(['cook', 'pb.yml'], outside, forced).done;
    expect(refusedColoured.status).toBe(3);
    expect(refusedColoured.stderr).toContain('\u001b[31merror:\u001b[39m not a git repository');
    const refused = await startMmm(['cook', 'pb.yml'], outside, { ...forced, NO_COLOR: '1' }).done;
    expect(refused.status).toBe(3);
    // Node itself may warn, on a line of its own, that it ignores NO_COLOR beside FORCE_COLOR.
    expect(refused.stderr).toMatch(/^error: not a git repository/m);
  });
});

describe('the exit-code table', () => {
  /** `code meaning` rows of a table that starts after `heading`. */
  function helpRows(text: string): [number, string][] {
    const after = text.slice(text.indexOf('Exit codes:'));
    return [...after.matchAll(/^ {2}(\d+) +(.+)$/gm)].map((m) => [Number(m[1]), m[2]!]);
  }

  it('in mmm --help has every documented code, in order, as the README has them', async () => {
    const help = await startMmm(['--help'], packageRoot).done;
    expect(help.status).toBe(0);
    const rows = helpRows(help.stdout);
    expect(rows.map(([code]) => code)).toEqual([0, 1, 2, 3, 4, 5, 130, 143]);
    expect(rows.map(([code]) => code).sort((a, b) => a - b)).toEqual(
      Object.values(ExitCode).sort((a, b) => a - b),
    );
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Exit codes'));
    const documented = [
      ...section.slice(0, section.indexOf('\n## ', 3)).matchAll(/^\| (\d+) \|/gm),
    ];
    expect(documented.map((m) => Number(m[1]))).toEqual([0, 1, 2, 3, 4, 5, 130, 143]);
    expect(Object.fromEntries(rows)).toMatchObject({
      0: 'done',
      1: 'a step failed',
      130: 'interrupted (SIGINT)',
      143: 'terminated (SIGTERM)',
    });
    expect(rows.find(([code]) => code === 4)?.[1]).toMatch(/budget.*merge conflict/);
    expect(rows.find(([code]) => code === 3)?.[1]).toMatch(/precondition/);
    expect(rows.find(([code]) => code === 2)?.[1]).toMatch(/invalid input/);
    expect(rows.find(([code]) => code === 5)?.[1]).toMatch(/waiting for approval/);
  });
});

describe('a run stopped by SIGINT', () => {
  it('keeps the commits made before, commits no manifest, and is recorded as interrupted (130)', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'mmm-sig-')), 'pid');
    const r = repo({
      'pb.yml': [
        'name: stopped',
        'steps:',
        '  - shell: echo one > one.txt',
        '    id: one',
        `  - shell: echo partial > partial.txt; sleep 60 & echo $! > ${marker}; wait`,
        '    id: hang',
        '',
      ].join('\n'),
    });
    const base = r.git('rev-parse', 'HEAD');
    const { child, done } = startMmm(['cook', 'pb.yml'], r.dir);
    for (let i = 0; i < 800 && !existsSync(marker); i++) {
      await new Promise((res) => setTimeout(res, 25));
    }
    child.kill('SIGINT');
    const result = await done;
    expect(result.status).toBe(130);

    expect(r.git('log', '--format=%s', `${base}..HEAD`)).toBe('mmm(stopped): one');
    expect(r.git('ls-tree', '-r', '--name-only', 'HEAD')).not.toContain('.mmm/');
    expect(existsSync(join(r.dir, '.mmm', 'provenance'))).toBe(false);
    expect(r.git('status', '--porcelain')).toBe('');
    const saved = r.git('for-each-ref', '--format=%(refname)', 'refs/mmm/');
    expect(saved).toMatch(/\/interrupted-1$/);
    expect(r.git('show', `${saved}:partial.txt`)).toBe('partial');

    const ls = await startMmm(['runs', '--json'], r.dir).done;
    expect(ls.status).toBe(0);
    const runs = ls.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'interrupted', exitCode: 130, commits: 1 });
  });
});
