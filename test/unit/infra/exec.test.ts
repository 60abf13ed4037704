import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exec } from '../../../src/infra/exec.js';

const cwd = tmpdir();
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('exec', () => {
  it('passes input, adds to the environment and removes variables set to undefined', async () => {
    process.env.MMM_EXEC_TEST_DROP = 'present';
    try {
      const r = await exec('sh', ['-c', 'cat; echo " $ADDED ${MMM_EXEC_TEST_DROP-gone}"'], {
        cwd,
        input: 'from stdin',
        env: { ADDED: 'added', MMM_EXEC_TEST_DROP: undefined },
      });
      expect(r).toMatchObject({ exitCode: 0, stdout: 'from stdin added gone\n', stderr: '' });
    } finally {
      delete process.env.MMM_EXEC_TEST_DROP;
    }
  });

  it('keeps a character whole when a chunk boundary splits it', async () => {
    // 65536 bytes of "é" (2 bytes each) arrive in several chunks; none may be cut in half.
    const r = await exec('node', ['-e', 'process.stdout.write("x" + "é".repeat(40000))'], { cwd });
    expect(r.stdout).toBe(`x${'é'.repeat(40000)}`);
    expect(r.outputBytes).toBe(1 + 80000);
  });

  it('reports a program that cannot start instead of throwing, whatever the reason', async () => {
    const missing = await exec('mmm-no-such-program', [], { cwd });
    expect(missing.exitCode).toBeNull();
    expect(missing.spawnError).toMatch(/ENOENT/);
    const badCwd = await exec('sh', ['-c', 'true'], { cwd: join(cwd, 'mmm-no-such-dir') });
    expect(badCwd.spawnError).toBeDefined();
    const nul = await exec('sh', ['-c', 'true\0'], { cwd });
    expect(nul.spawnError).toBeDefined();
  });

  it('reports a process killed by a signal, and one that exits without reading its input', async () => {
    const killed = await exec('sh', ['-c', 'kill -TERM $$'], { cwd });
    expect(killed).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
    const early = await exec('sh', ['-c', 'exit 4'], { cwd, input: 'x'.repeat(1 << 20) });
    expect(early.exitCode).toBe(4);
  });

  it('spills output past the limit to a file, whole and in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-exec-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const spillPath = join(dir, 'out.log');
    const r = await exec('sh', ['-c', 'seq 1 20000'], { cwd, maxInlineBytes: 1000, spillPath });
    expect(r.spilledTo).toBe(spillPath);
    const lines = readFileSync(spillPath, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(20000);
    expect(lines[19999]).toBe('20000');
  });

  it('makes the directory of the spill file when output first passes the limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-exec-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const runDir = join(dir, 'runs', 'r1');
    const small = await exec('sh', ['-c', 'echo hi'], {
      cwd,
      maxInlineBytes: 1000,
      spillPath: join(runDir, 'small.log'),
    });
    expect(small.all).toBe('hi\n');
    expect(existsSync(runDir)).toBe(false);
    const big = await exec('sh', ['-c', 'seq 1 5000'], {
      cwd,
      maxInlineBytes: 1000,
      spillPath: join(runDir, 'big.log'),
    });
    expect(big.spilledTo).toBe(join(runDir, 'big.log'));
    expect(readFileSync(join(runDir, 'big.log'), 'utf8').split('\n')[4999]).toBe('5000');
  });

  it('reads the process to its end and says why when the spill file cannot be made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-exec-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'a-file'), '');
    mkdirSync(join(dir, 'a-dir'));
    // The directory cannot be made (a file is in the way), or the file cannot be opened (it is a
    // directory): either way the whole megabyte is still read and the exit status reported.
    for (const spillPath of [join(dir, 'a-file', 'out.log'), join(dir, 'a-dir')]) {
      const r = await exec('sh', ['-c', 'head -c 1000000 /dev/zero; exit 3'], {
        cwd,
        maxInlineBytes: 1000,
        spillPath,
      });
      expect(r.exitCode).toBe(3);
      expect(r.outputBytes).toBe(1_000_000);
      expect(r.spilledTo).toBeUndefined();
      expect(r.truncated).toBe(true);
      expect(r.spillError).toMatch(/EEXIST|ENOTDIR|EISDIR/);
    }
  });

  it('with settleAfterExitMs, stops what the program left running once it has exited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-exec-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const late = join(dir, 'late.txt');
    const r = await exec('sh', ['-c', `echo answer; (sleep 3; echo late > '${late}') & exit 0`], {
      cwd,
      settleAfterExitMs: 200,
    });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'answer\n', timedOut: false });
    // The background process was stopped, not left to finish.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(existsSync(late)).toBe(false);
  });
});
