// A playbook of 50 shell steps that each change a file, run by `mmm cook` in a temp repository,
// against a bash script running the same commands with `git add -A && git commit` after each.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitEnv } from './env.mjs';

const BARE_NODE = join(dirname(fileURLToPath(import.meta.url)), 'bare-node.mjs');

const STEPS = 50;
// Timings on a small shared machine move by tens of percent from one second to the next: the
// median of many interleaved pairs is steadier than that of a few.
const RUNS = 9;
const TARGET_RATIO = 1.3;

function makeRepo(scratch, name) {
  const dir = join(scratch, name);
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: gitEnv });
  execFileSync('git', ['config', 'commit.gpgsign', 'false'], { cwd: dir, env: gitEnv });
  writeFileSync(join(dir, 'README.md'), '# bench\n');
  execFileSync('git', ['add', '-A'], { cwd: dir, env: gitEnv });
  execFileSync('git', ['commit', '-q', '-m', 'initial'], { cwd: dir, env: gitEnv });
  return dir;
}

function command(i) {
  return `echo ${i} >> f${i}.txt`;
}

function writePlaybook(scratch, count = STEPS, name = 'fifty') {
  const steps = Array.from({ length: count }, (_, k) => `  - shell: "${command(k + 1)}"`);
  const file = join(scratch, `${name}.yml`);
  writeFileSync(file, `name: ${name}\nmax_iterations: 1\nsteps:\n${steps.join('\n')}\n`);
  return file;
}

/** The steps' commands, one per line, for bare-node.mjs. */
function writeCommands(scratch, count = STEPS, name = 'fifty') {
  const file = join(scratch, `${name}.txt`);
  writeFileSync(file, `${Array.from({ length: count }, (_, k) => command(k + 1)).join('\n')}\n`);
  return file;
}

function writeScript(scratch, count = STEPS, name = 'fifty') {
  const lines = Array.from(
    { length: count },
    (_, k) => `${command(k + 1)}\ngit add -A && git commit -q -m "step ${k + 1}"`,
  );
  const file = join(scratch, `${name}.sh`);
  writeFileSync(file, `set -e\n${lines.join('\n')}\n`);
  return file;
}

/**
 * One untimed run, which leaves the code cache a user has after the first `mmm cook` on the
 * machine (in the MMM_HOME bench/run.mjs gives every benchmark, not the machine's ~/.mmm).
 */
function warmUp(scratch, bin, playbook) {
  execFileSync(process.execPath, [bin, 'cook', playbook], {
    cwd: makeRepo(scratch, 'warm-up'),
    env: gitEnv,
    stdio: 'ignore',
  });
}

function countCommits(dir) {
  return Number(
    execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim(),
  );
}

const cookSteps = {
  name: `cook: ${STEPS} shell steps`,
  async run({ bin, median, timeProcess }) {
    const scratch = mkdtempSync(join(tmpdir(), 'mmm-bench-cook-'));
    try {
      const playbook = writePlaybook(scratch);
      const script = writeScript(scratch);
      const commands = writeCommands(scratch);
      warmUp(scratch, bin, playbook);
      const mmmTimes = [];
      const bashTimes = [];
      const bareTimes = [];
      for (let run = 0; run < RUNS; run++) {
        const forBash = makeRepo(scratch, `bash-${run}`);
        bashTimes.push(timeProcess('bash', [script], { cwd: forBash, env: gitEnv }));
        const forBare = makeRepo(scratch, `bare-${run}`);
        bareTimes.push(
          timeProcess(process.execPath, [BARE_NODE, commands], { cwd: forBare, env: gitEnv }),
        );
        if (countCommits(forBare) !== STEPS + 1) {
          throw new Error(
            `bare-node.mjs made ${countCommits(forBare) - 1} commits, expected ${STEPS}`,
          );
        }
        const forMmm = makeRepo(scratch, `mmm-${run}`);
        mmmTimes.push(
          timeProcess(process.execPath, [bin, 'cook', playbook], { cwd: forMmm, env: gitEnv }),
        );
        const commits = execFileSync('git', ['rev-list', '--count', 'HEAD'], {
          cwd: forMmm,
          encoding: 'utf8',
        }).trim();
        // 50 step commits on top of the initial one (plus a provenance commit, if recorded).
        if (Number(commits) < STEPS + 1) {
          throw new Error(`mmm cook made ${Number(commits) - 1} commits, expected ${STEPS}`);
        }
      }
      const value = median(mmmTimes);
      const baseline = median(bashTimes);
      const pairs = mmmTimes.map((t, i) => t / bashTimes[i]).sort((a, b) => a - b);
      const bare = median(bareTimes);
      return [
        {
          figure: `mmm cook, ${STEPS} shell steps (median of ${RUNS})`,
          value,
          baseline,
          baselineName: 'bash + git commit',
          unit: 'ms',
          target: `ratio < ${TARGET_RATIO}`,
          pass: value / baseline < TARGET_RATIO,
          note: `per step: mmm ${(value / STEPS).toFixed(1)} ms, bash + git ${(baseline / STEPS).toFixed(1)} ms; the ratio of each of the ${RUNS} interleaved pairs: ${pairs[0].toFixed(2)}–${pairs[pairs.length - 1].toFixed(2)}; for reference, a Node script that only starts the same processes (bench/bare-node.mjs) takes ${bare.toFixed(0)} ms, ratio ${(bare / baseline).toFixed(2)}`,
        },
      ];
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

// An additional figure, beside the one above (which stays the headline): the cost of one more step
// with start-up taken out, from a 1-step and a 200-step run of each: (t(200) - t(1)) / 199.
const FEW = 1;
const MANY = 200;
const PER_STEP_RUNS = 5;
const PER_STEP_TARGET = 1.3;

const cookPerStep = {
  name: `cook: per-step cost, ${FEW} vs ${MANY} shell steps`,
  async run({ bin, median, timeProcess }) {
    const scratch = mkdtempSync(join(tmpdir(), 'mmm-bench-per-step-'));
    try {
      const times = { mmm: { [FEW]: [], [MANY]: [] }, bash: { [FEW]: [], [MANY]: [] } };
      const files = {};
      for (const count of [FEW, MANY]) {
        files[count] = {
          playbook: writePlaybook(scratch, count, `steps-${count}`),
          script: writeScript(scratch, count, `steps-${count}`),
        };
      }
      warmUp(scratch, bin, files[FEW].playbook);
      // Interleaved, so that both programs and both sizes see the same machine load.
      for (let run = 0; run < PER_STEP_RUNS; run++) {
        for (const count of [FEW, MANY]) {
          const forBash = makeRepo(scratch, `bash-${count}-${run}`);
          times.bash[count].push(
            timeProcess('bash', [files[count].script], { cwd: forBash, env: gitEnv }),
          );
          const forMmm = makeRepo(scratch, `mmm-${count}-${run}`);
          times.mmm[count].push(
            timeProcess(process.execPath, [bin, 'cook', files[count].playbook], {
              cwd: forMmm,
              env: gitEnv,
            }),
          );
          if (countCommits(forMmm) < count + 1) {
            throw new Error(`mmm cook made ${countCommits(forMmm) - 1} commits, expected ${count}`);
          }
        }
      }
      const perStep = (who) => (median(times[who][MANY]) - median(times[who][FEW])) / (MANY - FEW);
      const value = perStep('mmm');
      const baseline = perStep('bash');
      const startUp = (who) => median(times[who][FEW]).toFixed(0);
      return [
        {
          figure: `additional: cook per-step cost, (t(${MANY}) - t(${FEW}))/${MANY - FEW} (median of ${PER_STEP_RUNS})`,
          value,
          baseline,
          baselineName: 'bash + git commit',
          unit: 'ms',
          target: `ratio < ${PER_STEP_TARGET}`,
          pass: value / baseline < PER_STEP_TARGET,
          note: `an additional figure, separating the per-step cost from start-up; a ${FEW}-step run takes mmm ${startUp('mmm')} ms, bash + git ${startUp('bash')} ms`,
        },
      ];
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

export const benchmarks = [cookSteps, cookPerStep];
