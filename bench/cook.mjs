// Guard 2: an in-place `mmm cook` of 50 shell steps that each change a file (so each is committed),
// against a bash script running the same 50 commands, each followed by `git add -A && git commit`.
// Each run starts in a fresh repository of its own.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countCommits, makeRepo, median, scratchDir, timeMmm, timeProcess } from './env.mjs';

const STEPS = 50;
// Timings on a small shared machine move by tens of percent from one second to the next: the
// median of many interleaved pairs is steadier than that of a few.
const RUNS = 9;
const TARGET = 2.0;

const command = (i) => `echo ${i} >> f${i}.txt`;

function writePlaybook(dir) {
  const steps = Array.from({ length: STEPS }, (_, k) => `  - shell: "${command(k + 1)}"`);
  const file = join(dir, 'fifty.yml');
  writeFileSync(file, `name: fifty\nmax_iterations: 1\nsteps:\n${steps.join('\n')}\n`);
  return file;
}

function writeScript(dir) {
  const lines = Array.from(
    { length: STEPS },
    (_, k) => `${command(k + 1)}\ngit add -A && git commit -q -m "step ${k + 1}"`,
  );
  const file = join(dir, 'fifty.sh');
  writeFileSync(file, `set -e\n${lines.join('\n')}\n`);
  return file;
}

/** Each runner times one run in a fresh repository and checks that every step was committed. */
function runners(scratch, playbook, script) {
  let n = 0;
  const fresh = (who) => makeRepo(join(scratch, `${who}-${n++}`));
  const checked = (who, dir, ms) => {
    const made = countCommits(dir) - 1;
    // mmm may add one more commit than the steps: its provenance manifest.
    if (made < STEPS) throw new Error(`${who} made ${made} commits, expected ${STEPS}`);
    rmSync(dir, { recursive: true, force: true });
    return ms;
  };
  return {
    mmm: () => {
      const dir = fresh('mmm');
      return checked('mmm cook', dir, timeMmm(['cook', playbook], { cwd: dir }));
    },
    bash: () => {
      const dir = fresh('bash');
      return checked('the bash script', dir, timeProcess('bash', [script], { cwd: dir }));
    },
  };
}

export const cookSteps = {
  name: `${STEPS} committed shell steps`,
  async run() {
    const scratch = scratchDir('cook');
    try {
      const run = runners(scratch, writePlaybook(scratch), writeScript(scratch));
      run.mmm();
      run.bash();
      const mmmTimes = [];
      const bashTimes = [];
      // Alternating which goes first, so that neither always follows the other.
      for (let i = 0; i < RUNS; i++) {
        if (i % 2 === 0) {
          mmmTimes.push(run.mmm());
          bashTimes.push(run.bash());
        } else {
          bashTimes.push(run.bash());
          mmmTimes.push(run.mmm());
        }
      }
      const value = median(mmmTimes);
      const baseline = median(bashTimes);
      const pairs = mmmTimes.map((t, i) => t / bashTimes[i]).sort((a, b) => a - b);
      return {
        figure: `${STEPS} committed shell steps: mmm cook (median of ${RUNS})`,
        value,
        baseline,
        baselineName: 'bash + git add/commit',
        unit: 'ms',
        ratio: value / baseline,
        target: `<= ${TARGET}x`,
        pass: value / baseline <= TARGET,
        note: `per step: mmm ${(value / STEPS).toFixed(1)} ms, bash + git ${(baseline / STEPS).toFixed(1)} ms; the ${RUNS} interleaved pairs ranged ${pairs[0].toFixed(2)}x-${pairs.at(-1).toFixed(2)}x`,
      };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
