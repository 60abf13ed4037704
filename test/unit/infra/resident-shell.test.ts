import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exec, type Exec } from '../../../src/infra/exec.js';
import { startResidentShells, type ResidentShells } from '../../../src/infra/resident-shell.js';
import { packageRoot } from '../../helpers/bin.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Resident shells whose fallback calls are counted. */
function shells(max?: number): { shells: ResidentShells; fellBack: string[] } {
  const fellBack: string[] = [];
  const fallback: Exec = (file, args, options) => {
    fellBack.push([file, ...args].join(' '));
    return exec(file, args, options);
  };
  const made = startResidentShells({ max, fallback });
  cleanups.push(() => made.close());
  return { shells: made, fellBack };
}

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), name));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A killed process whose parent went first stays a zombie until init reaps it: that is dead. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('resident shells', () => {
  it('give what exec gives: output, exit code, input, cwd and words sh would otherwise read', async () => {
    const { shells: s, fellBack } = shells();
    const cwd = join(tempDir('mmm-rs-'), "a dir with 'quotes' and $HOME");
    mkdirSync(cwd);
    const words = ["it's", '$(touch pwned)', '`touch pwned`', 'two\nlines', '"', '\\', '*'];
    const script = 'cat; printf "[%s]" "$@"; pwd; echo oops >&2; exit 3';
    const args = ['-c', script, 'sh', ...words];
    const options = { cwd, input: 'from stdin\n' };
    const viaShell = await s.exec('sh', args, options);
    const viaExec = await exec('sh', args, options);
    for (const key of ['exitCode', 'stdout', 'stderr', 'outputBytes', 'spawnError'] as const) {
      expect(viaShell[key]).toEqual(viaExec[key]);
    }
    expect(viaShell.exitCode).toBe(3);
    expect(viaShell.stdout).toContain(`[it's][$(touch pwned)]`);
    expect(readdirSync(cwd)).toEqual([]);
    expect(fellBack).toEqual([]);
  });

  it('pass the environment mmm started with, plus and minus the call own variables', async () => {
    process.env.MMM_RS_DROP = 'present';
    cleanups.push(() => delete process.env.MMM_RS_DROP);
    const { shells: s } = shells();
    const cwd = tempDir('mmm-rs-');
    const r = await s.exec('sh', ['-c', 'echo "$ADDED|${MMM_RS_DROP-gone}|${HOME:+home}"'], {
      cwd,
      env: { ADDED: "it's added", MMM_RS_DROP: undefined },
    });
    expect(r.stdout).toBe("it's added|gone|home\n");
    // A call's variables stay with that call.
    const next = await s.exec('sh', ['-c', 'echo "${ADDED-unset}|${MMM_RS_DROP-gone}"'], { cwd });
    expect(next.stdout).toBe('unset|present\n');
  });

  it('run calls in a few long-lived shells, not a new process from node each time', async () => {
    const { shells: s } = shells(1);
    const cwd = tempDir('mmm-rs-');
    const parents = new Set<string>();
    for (let i = 0; i < 3; i++) {
      parents.add((await s.exec('sh', ['-c', 'echo $PPID'], { cwd })).stdout.trim());
    }
    expect(parents.size).toBe(1);
    expect([...parents][0]).not.toBe(String(process.pid));
  });

  it('leave to exec a call that streams or has a time limit, which ends only when its output does', async () => {
    const { shells: s, fellBack } = shells();
    const cwd = tempDir('mmm-rs-');
    const chunks: string[] = [];
    // A background writer keeps the call going until it is done, as exec does it.
    const started = Date.now();
    const streamed = await s.exec('sh', ['-c', '(sleep 0.3; echo late) & echo first'], {
      cwd,
      onOutput: (c) => chunks.push(c),
    });
    expect(chunks.join('')).toBe('first\nlate\n');
    expect(streamed.all).toBe('first\nlate\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const timed = await s.exec('sleep', ['5'], { cwd, timeoutMs: 100 });
    expect(timed.timedOut).toBe(true);
    expect(fellBack).toEqual(['sh -c (sleep 0.3; echo late) & echo first', 'sleep 5']);
  });

  it('leave to exec a program or a directory that is not there, for exec to report', async () => {
    const { shells: s, fellBack } = shells();
    const cwd = tempDir('mmm-rs-');
    const missing = await s.exec('mmm-no-such-program', [], { cwd });
    expect(missing.spawnError).toMatch(/ENOENT/);
    const noDir = await s.exec('true', [], { cwd: join(cwd, 'gone') });
    expect(noDir.spawnError).toBeDefined();
    expect(fellBack).toEqual(['mmm-no-such-program', 'true']);
  });

  it('take as many calls at once as they have shells, and send the rest to exec', async () => {
    const { shells: s, fellBack } = shells(2);
    const cwd = tempDir('mmm-rs-');
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => s.exec('sh', ['-c', `sleep 0.2; echo ${n}`], { cwd })),
    );
    expect(results.map((r) => r.stdout)).toEqual(['1\n', '2\n', '3\n', '4\n', '5\n']);
    expect(fellBack).toHaveLength(3);
    // Once free, the shells take calls again.
    await s.exec('true', [], { cwd });
    expect(fellBack).toHaveLength(3);
  });

  it('stop a call on abort by ending its shell, and start a fresh shell for the next', async () => {
    const { shells: s } = shells(1);
    const cwd = tempDir('mmm-rs-');
    const before = (await s.exec('sh', ['-c', 'echo $PPID'], { cwd })).stdout.trim();
    const controller = new AbortController();
    const call = s.exec('sleep', ['30'], { cwd, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const r = await call;
    expect(r).toMatchObject({ aborted: true, exitCode: null });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(isRunning(Number(before))).toBe(false);
    const after = (await s.exec('sh', ['-c', 'echo $PPID'], { cwd })).stdout.trim();
    expect(after).not.toBe(before);
  });

  it('do not keep mmm running, and leave no process behind once it ends', () => {
    // A program that makes a call and ends without closing the shells.
    const module = join(packageRoot, 'dist', 'infra', 'resident-shell.js');
    const program = `
      const { startResidentShells } = await import(${JSON.stringify(module)});
      const s = startResidentShells();
      const r = await s.exec('sh', ['-c', 'echo $PPID'], { cwd: process.cwd() });
      process.stdout.write(r.stdout);
    `;
    const started = Date.now();
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(child.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    const shellPid = Number(child.stdout.trim());
    expect(shellPid).toBeGreaterThan(0);
    // The shell reads the end of its input once mmm is gone, and exits.
    const deadline = Date.now() + 3000;
    while (isRunning(shellPid) && Date.now() < deadline) spawnSync('sleep', ['0.05']);
    expect(isRunning(shellPid)).toBe(false);
  });

  it('keep output whole across chunks, and input that is not a line stays with exec', async () => {
    const { shells: s, fellBack } = shells();
    const cwd = tempDir('mmm-rs-');
    const big = await s.exec(
      'sh',
      ['-c', 'head -c 300000 /dev/zero | tr "\\0" x; echo; echo e >&2'],
      {
        cwd,
      },
    );
    expect(big.stdout).toBe(`${'x'.repeat(300000)}\n`);
    expect(big.stderr).toBe('e\n');
    expect(big.outputBytes).toBe(300003);
    const lines = await s.exec('cat', [], { cwd, input: 'one\ntwo\n' });
    expect(lines.stdout).toBe('one\ntwo\n');
    const partial = await s.exec('cat', [], { cwd, input: 'no newline' });
    expect(partial.stdout).toBe('no newline');
    expect(fellBack).toEqual(['cat']);
  });

  it('send every call to exec when the shell cannot be started', async () => {
    const fellBack: string[] = [];
    const made = startResidentShells({
      shell: '/nonexistent/sh',
      fallback: (file, args, options) => {
        fellBack.push(file);
        return exec(file, args, options);
      },
    });
    cleanups.push(() => made.close());
    const cwd = tempDir('mmm-rs-');
    expect((await made.exec('echo', ['one'], { cwd })).stdout).toBe('one\n');
    expect((await made.exec('echo', ['two'], { cwd })).stdout).toBe('two\n');
    expect(fellBack).toEqual(['echo', 'echo']);
  });
});
