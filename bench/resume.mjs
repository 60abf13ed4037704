// Guard 6: `mmm resume` after a kill -9 repeats at most one step. An in-place run of 50 shell
// steps, each appending its number to a file outside the repository (so every start of a step is
// counted, whatever the repository is reset to), is killed with SIGKILL while step 25 sleeps;
// `mmm resume` then finishes it. The figure is how many steps ran more than once. The time of the
// resume is set beside a fresh run of the 25 steps that were left (informational).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchEnv, bin, countCommits, makeRepo, median, scratchDir, timeMmm } from './env.mjs';

const STEPS = 50;
const KILLED = 25;
const RUNS = 3;
const TARGET_REPEATS = 1;
const TARGET_RATIO = 1.5;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Step k appends k to `counts` and to a file of its own in the repository (so it is committed).
 * The killed step, the first time only, records its pid and sleeps (`exec` makes the sleep the
 * step's process, so it can be ended by that pid once mmm is dead).
 */
function command(k, counts, pidFile) {
  const base = `echo ${k} >> '${counts}'; echo ${k} >> f${k}.txt`;
  if (k !== KILLED) return base;
  return `${base}; if [ ! -e '${pidFile}' ]; then echo $$ > '${pidFile}'; exec sleep 60; fi`;
}

function writePlaybook(file, from, counts, pidFile) {
  const steps = [];
  for (let k = from; k <= STEPS; k++) {
    steps.push(`  - shell: ${JSON.stringify(command(k, counts, pidFile))}`);
  }
  writeFileSync(file, `name: resume-bench\nmax_iterations: 1\nsteps:\n${steps.join('\n')}\n`);
}

/** How many times each step started, from the counts file. */
function startsPerStep(counts) {
  const starts = new Map();
  for (const line of readFileSync(counts, 'utf8').split('\n').filter(Boolean)) {
    starts.set(Number(line), (starts.get(Number(line)) ?? 0) + 1);
  }
  return starts;
}

/** Starts `mmm cook`, waits until the killed step is sleeping, then kills mmm and the step. */
async function cookAndKill(dir, playbook, counts, pidFile) {
  const child = spawn(process.execPath, [bin, 'cook', playbook, '--quiet'], {
    cwd: dir,
    env: benchEnv,
    stdio: 'ignore',
  });
  const ended = new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const until = Date.now() + 60_000;
  while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') {
    if (child.exitCode !== null)
      throw new Error(`mmm cook ended (exit ${child.exitCode}) before step ${KILLED}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`step ${KILLED} did not start within a minute`);
    }
    await sleep(5);
  }
  child.kill('SIGKILL');
  const how = await ended;
  // The step outlives mmm, as after a real crash; it is ended here so that it does not hold the
  // tree while the resume runs.
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
  } catch {
    // It ended already.
  }
  if (how.signal !== 'SIGKILL') throw new Error(`mmm cook ended with ${how.code} before the kill`);
}

/** One kill and resume in a fresh repository: the steps started more than once, and the time of the resume. */
async function killAndResume(scratch, n) {
  const dir = makeRepo(join(scratch, `resumed-${n}`));
  const counts = join(scratch, `counts-${n}.txt`);
  const pidFile = join(scratch, `pid-${n}.txt`);
  writeFileSync(counts, '');
  const playbook = join(scratch, `fifty-${n}.yml`);
  writePlaybook(playbook, 1, counts, pidFile);
  await cookAndKill(dir, playbook, counts, pidFile);
  const ms = timeMmm(['resume', '--quiet'], { cwd: dir });
  const starts = startsPerStep(counts);
  const missing = [];
  for (let k = 1; k <= STEPS; k++) if (!starts.has(k)) missing.push(k);
  if (missing.length > 0)
    throw new Error(`steps never ran after the resume: ${missing.join(', ')}`);
  // The initial commit, a commit per step, and the provenance manifest.
  const made = countCommits(dir) - 1;
  if (made < STEPS) throw new Error(`the resumed run made ${made} commits, expected ${STEPS}`);
  rmSync(dir, { recursive: true, force: true });
  return { ms, repeated: [...starts].filter(([, times]) => times > 1) };
}

/** A fresh run of the steps the resume had left, in a fresh repository. */
function freshRest(scratch, n) {
  const dir = makeRepo(join(scratch, `fresh-${n}`));
  const counts = join(scratch, `fresh-counts-${n}.txt`);
  const playbook = join(scratch, `rest-${n}.yml`);
  // The killed step's pid file exists already, so it does not sleep in this run either.
  const pidFile = join(scratch, `fresh-pid-${n}.txt`);
  writeFileSync(pidFile, 'none\n');
  writePlaybook(playbook, KILLED + 1, counts, pidFile);
  const ms = timeMmm(['cook', playbook, '--quiet'], { cwd: dir });
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

export const resumeRepeats = {
  name: 'resume after kill -9',
  async run() {
    const scratch = scratchDir('resume');
    try {
      const resumed = [];
      const fresh = [];
      let worst = [];
      for (let n = 0; n < RUNS; n++) {
        const one = await killAndResume(scratch, n);
        resumed.push(one.ms);
        fresh.push(freshRest(scratch, n));
        if (one.repeated.length >= worst.length) worst = one.repeated;
      }
      const value = worst.length;
      const time = median(resumed);
      const baseline = median(fresh);
      const ratio = time / baseline;
      const which =
        worst.length === 0
          ? 'no step ran twice'
          : `ran again: ${worst.map(([k, times]) => `step ${k} (${times} starts)`).join(', ')}`;
      return {
        figure: `steps run again by mmm resume after kill -9 in step ${KILLED} of ${STEPS} (worst of ${RUNS})`,
        value,
        unit: 'steps',
        target: `<= ${TARGET_REPEATS} step`,
        pass: value <= TARGET_REPEATS,
        note: `${which}; the resume took ${time.toFixed(0)} ms (median of ${RUNS}) against ${baseline.toFixed(0)} ms for mmm cook of the ${STEPS - KILLED} steps left in a fresh repository: ${ratio.toFixed(2)}x (informational, target <= ${TARGET_RATIO}x)`,
      };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
