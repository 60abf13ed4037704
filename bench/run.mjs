// `npm run bench`: measures mmm against plain baselines in one run and prints a table.
// A benchmark module exports `benchmarks`: an array of { name, run(context) }, where run resolves
// to one figure or an array of them: { figure|name, value, unit, baseline?, baselineName?,
// target (text, or a number meaning "below it"), pass, note|detail? }. A figure with unit 'ratio'
// is a ratio already. To add figures, add a line importing the module to `modules` below.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'mmm.js');

// Every mmm the benchmarks start keeps its files (the code cache) in a home of its own, not in
// the machine's ~/.mmm; a figure that wants the cache warm makes one untimed run first.
const benchHome = mkdtempSync(join(tmpdir(), 'mmm-bench-home-'));
process.env.MMM_HOME = benchHome;
process.on('exit', () => rmSync(benchHome, { recursive: true, force: true }));

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of one synchronous child process, in ms; throws when it fails. */
export function timeProcess(file, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(file, args, { stdio: 'ignore', ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${file} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
  return ms;
}

const coldStart = {
  name: 'cold start',
  async run() {
    const runs = 20;
    const mmmTimes = [];
    const nodeTimes = [];
    // Interleaved, after a warm-up, so both see the same disk cache and machine load.
    timeProcess(process.execPath, [bin, '--version']);
    timeProcess(process.execPath, ['-e', '0']);
    for (let i = 0; i < runs; i++) {
      mmmTimes.push(timeProcess(process.execPath, [bin, '--version']));
      nodeTimes.push(timeProcess(process.execPath, ['-e', '0']));
    }
    const value = median(mmmTimes);
    return [
      {
        figure: `mmm --version (median of ${runs})`,
        value,
        baseline: median(nodeTimes),
        baselineName: 'node -e 0',
        unit: 'ms',
        target: '< 150 ms',
        pass: value < 150,
        note: `mmm's own share (mmm - node): ${(value - median(nodeTimes)).toFixed(1)} ms`,
      },
    ];
  },
};

/** Every benchmark module that runs, in order: one line per module adds its figures. */
const modules = [
  { benchmarks: [coldStart] },
  await import('./cook.mjs'),
  await import('./worktree.mjs'),
  await import('./memory.mjs'),
  // each further module: await import('./<name>.mjs'),
];

/** One row of the table, whatever shape the module gave it. */
function toRow(name, figure) {
  const unit = figure.unit ?? 'ms';
  const target =
    typeof figure.target === 'number'
      ? `< ${figure.target}${unit === 'ratio' ? '' : ` ${unit}`}`
      : (figure.target ?? '-');
  return {
    figure: figure.figure ?? figure.name ?? name,
    value: figure.value,
    baseline: figure.baseline,
    baselineName: figure.baselineName,
    unit,
    target,
    pass: Boolean(figure.pass),
    note: figure.note ?? figure.detail,
  };
}

function fmt(value, unit) {
  if (value === undefined) return '-';
  if (unit === 'ratio') return `${value.toFixed(2)}x`;
  return unit === 'ms' && value >= 10_000
    ? `${(value / 1000).toFixed(1)} s`
    : `${value.toFixed(1)} ${unit}`;
}

function printTable(figures) {
  const header = ['figure', 'mmm', 'baseline', 'ratio', 'target', 'result'];
  const rows = figures.map((f) => [
    f.figure,
    f.unit === 'ratio' ? '-' : fmt(f.value, f.unit),
    f.baseline === undefined ? '-' : `${fmt(f.baseline, f.unit)} (${f.baselineName})`,
    f.baseline
      ? `${(f.value / f.baseline).toFixed(2)}x`
      : f.unit === 'ratio'
        ? fmt(f.value, 'ratio')
        : '-',
    f.target,
    f.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
  for (const f of figures) if (f.note) console.log(`\n${f.figure}: ${f.note}`);
}

const figures = [];
for (const b of modules.flatMap((m) => m.benchmarks)) {
  process.stderr.write(`bench: ${b.name}…\n`);
  try {
    const result = await b.run({ root, bin, median, timeProcess });
    for (const figure of Array.isArray(result) ? result : [result])
      figures.push(toRow(b.name, figure));
  } catch (error) {
    figures.push(
      toRow(b.name, {
        value: undefined,
        pass: false,
        note: `could not be measured: ${error instanceof Error ? error.message : String(error)}`,
      }),
    );
  }
}
console.log(`\nmmm benchmarks (node ${process.version}, ${process.platform}/${process.arch})\n`);
printTable(figures);
const failed = figures.filter((f) => !f.pass);
console.log(
  failed.length === 0
    ? '\nAll figures met their targets.'
    : `\nFAIL: ${failed.length} of ${figures.length} figures missed their targets: ${failed.map((f) => f.figure).join('; ')}`,
);
