// node scripts/mutation-score.mjs <mutation.json>...: the mutation score of the files in one or
// more Stryker JSON reports, per file and in all. A file in several reports is taken from the
// last one given, so a folder can be scored from a run with the unit tests alone
// (stryker.unit.config.mjs) and a second run, with the whole suite, over the files only the
// integration tests reach. `<mutation.json>=<file>,<file>` takes only the files named from that
// report (a run started from another run's incremental file also reports the files it did not
// test, as that run left them). Killed and timed-out mutants count as detected; survivors and
// mutants no test covers count against; ignored ones (static, with --ignoreStatic) count as
// neither.
import { readFileSync } from 'node:fs';

const reports = process.argv.slice(2);
if (reports.length === 0) {
  console.error('usage: node scripts/mutation-score.mjs <mutation.json>[=<file>,<file>...]...');
  process.exit(2);
}

const files = new Map();
for (const arg of reports) {
  const [path = '', only] = arg.split('=', 2);
  const wanted = only === undefined ? undefined : new Set(only.split(','));
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const found = new Set();
  for (const [file, entry] of Object.entries(report.files)) {
    if (wanted !== undefined && !wanted.has(file)) continue;
    files.set(file, { path, entry });
    found.add(file);
  }
  for (const file of wanted ?? []) {
    if (!found.has(file)) {
      console.error(`${file} is not in ${path}`);
      process.exit(2);
    }
  }
}

const statuses = ['Killed', 'Timeout', 'Survived', 'NoCoverage'];
const total = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
const score = (c) => {
  const counted = c.Killed + c.Timeout + c.Survived + c.NoCoverage;
  return counted === 0 ? 'n/a' : `${((100 * (c.Killed + c.Timeout)) / counted).toFixed(2)}%`;
};
const rows = [];
for (const [file, { path, entry }] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
  for (const mutant of entry.mutants) {
    const key = statuses.includes(mutant.status) ? mutant.status : 'other';
    c[key] += 1;
    total[key] += 1;
  }
  rows.push([file, score(c), c.Killed, c.Timeout, c.Survived, c.NoCoverage, c.other, path]);
}
rows.push([
  'all files',
  score(total),
  total.Killed,
  total.Timeout,
  total.Survived,
  total.NoCoverage,
  total.other,
  '',
]);
const head = ['file', 'score', 'killed', 'timeout', 'survived', 'no cov', 'ignored/other', 'from'];
for (const row of [head, ...rows]) console.log(row.join('\t'));
