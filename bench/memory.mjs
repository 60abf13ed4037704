// Peak resident memory of `mmm cook` running a step that prints 1 GiB, against the same playbook
// step printing nothing: output past the inline limit is spilled to a file, so memory stays flat.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitEnv } from './env.mjs';

const TARGET_MB = 150;
const GIB = 1024 * 1024 * 1024;

function makeRepo(dir) {
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: gitEnv });
  writeFileSync(join(dir, 'README.md'), '# bench\n');
  execFileSync('git', ['add', '-A'], { cwd: dir, env: gitEnv });
  execFileSync('git', ['commit', '-q', '-m', 'initial'], { cwd: dir, env: gitEnv });
}

/** Peak resident set (VmHWM) of a process, read from /proc while it runs, in MiB. */
function peakRss(file, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: 'ignore' });
    let peakKb = 0;
    const sample = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const match = /VmHWM:\s+(\d+) kB/.exec(status);
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // the process has just ended
      }
    };
    const timer = setInterval(sample, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`${args.join(' ')} exited with ${code}`));
      else resolve(peakKb / 1024);
    });
  });
}

function spilledBytes(repo) {
  const runs = join(repo, '.mmm', 'runs');
  let total = 0;
  for (const run of readdirSync(runs)) {
    for (const f of readdirSync(join(runs, run)))
      total = Math.max(total, statSync(join(runs, run, f)).size);
  }
  return total;
}

const cookOneGiB = {
  name: 'memory: a step printing 1 GiB',
  async run({ bin }) {
    const scratch = mkdtempSync(join(tmpdir(), 'mmm-bench-memory-'));
    try {
      const big = join(scratch, 'big');
      const quiet = join(scratch, 'quiet');
      makeRepo(big);
      makeRepo(quiet);
      const playbook = (name, cmd) => {
        const file = join(scratch, `${name}.yml`);
        writeFileSync(file, `name: ${name}\nsteps:\n  - shell: "${cmd}"\n    id: out\n`);
        return file;
      };
      const loud = playbook('loud', `yes | head -c ${GIB}`);
      const silent = playbook('silent', 'true');
      const baseline = await peakRss(process.execPath, [bin, 'cook', silent], {
        cwd: quiet,
        env: gitEnv,
      });
      const value = await peakRss(process.execPath, [bin, 'cook', loud], { cwd: big, env: gitEnv });
      const spilled = spilledBytes(big);
      if (spilled !== GIB)
        throw new Error(`the spilled output holds ${spilled} bytes, expected ${GIB}`);
      return {
        figure: 'peak RSS of mmm cook, one step printing 1 GiB',
        value,
        baseline,
        baselineName: 'same, step printing nothing',
        unit: 'MB',
        target: TARGET_MB,
        pass: value < TARGET_MB,
        note: `the whole 1 GiB was kept in .mmm/runs/ (${spilled} bytes); the step's \${out.output} holds that file's path`,
      };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

export const benchmarks = [cookOneGiB];
