// Runs the built `bin/mmm.js` as a user would, collecting its output.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const packageRoot = resolve(import.meta.dirname, '../..');
export const mmmBin = join(packageRoot, 'bin', 'mmm.js');

export interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the bin; asynchronous so in-process servers keep answering while it runs. */
export function startMmm(args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [mmmBin, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Finished>((resolveDone) =>
    child.on('close', (status) => resolveDone({ status, stdout, stderr })),
  );
  return { child, done };
}
