// Guard 1, cold start: `mmm --version` against `node -e 0`, the least any Node program costs.
//
// Run alone, it compares ways of starting mmm: `node bench/start-up.mjs <runs> <bin.mjs>...` times
// `<bin> --version` and `<bin> validate examples/default.yml` for each bin (a file in the package's
// bin/ directory), interleaved with `node -e 0`, after one warm-up of each, and prints medians.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, root, timeMmm, timeProcess } from './env.mjs';

const RUNS = 20;
const TARGET = 1.6;

export const startUp = {
  name: 'cold start',
  async run() {
    const mmmTimes = [];
    const nodeTimes = [];
    // A warm-up of each, then interleaved, so both meet the same disk cache and machine load.
    timeMmm(['--version']);
    timeProcess(process.execPath, ['-e', '0']);
    for (let i = 0; i < RUNS; i++) {
      mmmTimes.push(timeMmm(['--version']));
      nodeTimes.push(timeProcess(process.execPath, ['-e', '0']));
    }
    const value = median(mmmTimes);
    const baseline = median(nodeTimes);
    return {
      figure: `cold start: mmm --version (median of ${RUNS})`,
      value,
      baseline,
      baselineName: 'node -e 0',
      unit: 'ms',
      ratio: value / baseline,
      target: `<= ${TARGET}x`,
      pass: value / baseline <= TARGET,
      note: `mmm's own share (mmm - node): ${(value - baseline).toFixed(1)} ms`,
    };
  },
};

function compareBins(runs, bins) {
  const commands = [['--version'], ['validate', join(root, 'examples', 'default.yml')]];
  const who = [['node -e 0', ['-e', '0']], ...bins.map((b) => [b, [resolve(b)]])];
  const times = new Map();
  for (const [name, args] of who) {
    for (const command of commands) {
      const key = `${name} ${name === 'node -e 0' ? '' : command[0]}`.trim();
      times.set(key, []);
      timeProcess(process.execPath, name === 'node -e 0' ? args : [...args, ...command]);
    }
  }
  for (let i = 0; i < runs; i++) {
    for (const command of commands) {
      for (const [name, args] of who) {
        const key = `${name} ${name === 'node -e 0' ? '' : command[0]}`.trim();
        const full = name === 'node -e 0' ? args : [...args, ...command];
        times.get(key).push(timeProcess(process.execPath, full));
      }
    }
  }
  const width = Math.max(...[...times.keys()].map((k) => k.length));
  for (const [key, values] of times) {
    console.log(`${key.padEnd(width)}  median ${median(values).toFixed(1)} ms of ${values.length}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [runs, ...bins] = process.argv.slice(2);
  if (!Number(runs) || bins.length === 0) {
    console.error('usage: node bench/start-up.mjs <runs> <bin.mjs>...');
    process.exitCode = 2;
  } else {
    compareBins(Number(runs), bins);
  }
}
