// `npm run bench`: checks mmm's performance guards, each against a baseline measured beside it in
// the same run, prints one row per guard and exits 1 if any guard fails. A guard is
// { name, run() } where run resolves to { figure, value, unit, baseline?, baselineName?, ratio?,
// target (text), pass, note? }; a guard with a ratio is judged on it, one without on its value.
import { cookSteps } from './cook.mjs';
import { memory } from './memory.mjs';
import { queueWallTime } from './queue.mjs';
import { resumeRepeats } from './resume.mjs';
import { startUp } from './start-up.mjs';
import { uiFirstPage } from './ui.mjs';
import { poolSessionCreation } from './pool.mjs';
import { mapWallTime, sessionCreation } from './worktree.mjs';

const all = [
  startUp,
  cookSteps,
  sessionCreation,
  poolSessionCreation,
  mapWallTime,
  queueWallTime,
  memory,
  resumeRepeats,
  uiFirstPage,
];
// `node bench/run.mjs pool` runs only the guards whose name holds one of the words given.
const words = process.argv.slice(2);
const guards = words.length === 0 ? all : all.filter((g) => words.some((w) => g.name.includes(w)));

function fmt(value, unit) {
  if (value === undefined) return '-';
  return `${value.toFixed(unit === 's' ? 2 : unit === 'steps' ? 0 : 1)} ${unit}`;
}

function printTable(rows) {
  const header = ['guard', 'mmm', 'baseline', 'ratio/value', 'target', 'result'];
  const cells = rows.map((r) => [
    r.figure,
    fmt(r.value, r.unit),
    r.baseline === undefined ? '-' : `${fmt(r.baseline, r.unit)} (${r.baselineName})`,
    r.value === undefined
      ? '-'
      : r.ratio === undefined
        ? fmt(r.value, r.unit)
        : `${r.ratio.toFixed(2)}x`,
    r.target ?? '-',
    r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (row) =>
    row
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of cells) console.log(line(row));
  console.log('');
  for (const r of rows) if (r.note) console.log(`${r.figure}:\n  ${r.note}`);
}

const started = Date.now();
const rows = [];
for (const guard of guards) {
  process.stderr.write(`bench: ${guard.name}…\n`);
  try {
    rows.push(await guard.run());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    rows.push({ figure: guard.name, pass: false, note: `could not be measured: ${message}` });
  }
}
const seconds = Math.round((Date.now() - started) / 1000);
console.log(
  `\nmmm performance guards, ${new Date().toISOString().slice(0, 10)} (node ${process.version}, ${process.platform}/${process.arch}, bench took ${seconds} s)\n`,
);
printTable(rows);
const failed = rows.filter((r) => !r.pass);
console.log(
  failed.length === 0
    ? `\nPASS: all ${rows.length} guards`
    : `\nFAIL: ${failed.length} of ${rows.length} guards: ${failed.map((r) => r.figure).join('; ')}`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
