// Guard 5: peak resident memory of mmm's own process while a step prints 1 GiB, beside the same
// playbook whose step prints nothing. Output past the inline limit is spilled to a file as it
// arrives, so memory should stay flat however much a step prints.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchEnv, bin, makeRepo, scratchDir } from './env.mjs';

const GIB = 1024 * 1024 * 1024;
const TARGET_MB = 150;
const SAMPLE_MS = 10;

/**
 * Runs `mmm cook --json <playbook>` and resolves with the peak resident set of mmm's own process
 * (the kernel's high-water mark VmHWM, read from /proc/<pid>/status every SAMPLE_MS while it runs;
 * its children are not counted) in MB, and its step.finished event.
 */
function peakRss(cwd, playbook) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'cook', playbook, '--json'], {
      cwd,
      env: benchEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peakKb = 0;
    const sample = () => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // The process has just ended.
      }
    };
    const timer = setInterval(sample, SAMPLE_MS);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`mmm cook exited with ${code}: ${stderr}`));
      const finished = stdout
        .split('\n')
        .filter((line) => line.includes('"step.finished"'))
        .map((line) => JSON.parse(line))[0];
      if (!finished) return reject(new Error('mmm cook --json reported no step.finished'));
      resolve({ mb: (peakKb * 1024) / 1e6, finished });
    });
  });
}

export const memory = {
  name: 'memory, a step printing 1 GiB',
  async run() {
    const scratch = scratchDir('memory');
    try {
      const playbook = (name, cmd) => {
        const file = join(scratch, `${name}.yml`);
        writeFileSync(file, `name: ${name}\nsteps:\n  - shell: "${cmd}"\n    id: out\n`);
        return file;
      };
      const quiet = await peakRss(makeRepo(join(scratch, 'quiet')), playbook('quiet', 'true'));
      const loud = await peakRss(
        makeRepo(join(scratch, 'loud')),
        playbook('loud', `yes | head -c ${GIB}`),
      );
      const { outputBytes, outputFile } = loud.finished;
      const kept = outputFile ? statSync(outputFile).size : 0;
      if (outputBytes !== GIB || kept !== GIB) {
        throw new Error(
          `the step printed ${GIB} bytes; mmm counted ${outputBytes} and kept ${kept}`,
        );
      }
      return {
        figure: 'memory: peak RSS of mmm cook, a step printing 1 GiB',
        value: loud.mb,
        baseline: quiet.mb,
        baselineName: 'step printing nothing',
        unit: 'MB',
        target: `<= ${TARGET_MB} MB`,
        pass: loud.mb <= TARGET_MB,
        note: `VmHWM of mmm's own (node) process, read from /proc every ${SAMPLE_MS} ms, its children not counted; MB = 10^6 bytes; the step's output file holds the whole ${kept} bytes`,
      };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
