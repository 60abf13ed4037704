// A playbook of 50 shell steps that each change a file, run by `mmm cook` in a temp repository,
// against a bash script running the same commands with `git add -A && git commit` after each.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STEPS = 50;
const RUNS = 3;
const TARGET_RATIO = 1.3;

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'mmm bench',
  GIT_AUTHOR_EMAIL: 'bench@mmm.invalid',
  GIT_COMMITTER_NAME: 'mmm bench',
  GIT_COMMITTER_EMAIL: 'bench@mmm.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  CI: '1',
};

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

function writePlaybook(scratch) {
  const steps = Array.from({ length: STEPS }, (_, k) => `  - shell: "${command(k + 1)}"`);
  const file = join(scratch, 'fifty.yml');
  writeFileSync(file, `name: fifty\nmax_iterations: 1\nsteps:\n${steps.join('\n')}\n`);
  return file;
}

function writeScript(scratch) {
  const lines = Array.from(
    { length: STEPS },
    (_, k) => `${command(k + 1)}\ngit add -A && git commit -q -m "step ${k + 1}"`,
  );
  const file = join(scratch, 'fifty.sh');
  writeFileSync(file, `set -e\n${lines.join('\n')}\n`);
  return file;
}

const cookSteps = {
  name: `cook: ${STEPS} shell steps`,
  async run({ bin, median, timeProcess }) {
    const scratch = mkdtempSync(join(tmpdir(), 'mmm-bench-cook-'));
    try {
      const playbook = writePlaybook(scratch);
      const script = writeScript(scratch);
      const mmmTimes = [];
      const bashTimes = [];
      for (let run = 0; run < RUNS; run++) {
        const forBash = makeRepo(scratch, `bash-${run}`);
        bashTimes.push(timeProcess('bash', [script], { cwd: forBash, env: gitEnv }));
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
      return [
        {
          figure: `mmm cook, ${STEPS} shell steps (median of ${RUNS})`,
          value,
          baseline,
          baselineName: 'bash + git commit',
          unit: 'ms',
          target: `ratio < ${TARGET_RATIO}`,
          pass: value / baseline < TARGET_RATIO,
          note: `per step: mmm ${(value / STEPS).toFixed(1)} ms, bash + git ${(baseline / STEPS).toFixed(1)} ms`,
        },
      ];
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

export const benchmarks = [cookSteps];
