// What every benchmark shares: the environment its processes run in, repositories to run them in,
// and the arithmetic of timings.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../', import.meta.url));
export const bin = join(root, 'bin', 'mmm.js');

// A home of the bench's own: no mmm started here reads or writes the machine's ~/.mmm, and git
// reads no user or system config, so the baselines run the same git as mmm on any machine.
export const benchHome = mkdtempSync(join(tmpdir(), 'mmm-bench-home-'));
process.on('exit', () => rmSync(benchHome, { recursive: true, force: true }));

/** The environment of every process a benchmark starts. */
export const benchEnv = {
  ...process.env,
  HOME: benchHome,
  MMM_HOME: join(benchHome, '.mmm'),
  GIT_CONFIG_GLOBAL: join(benchHome, '.gitconfig'),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'mmm bench',
  GIT_AUTHOR_EMAIL: 'bench@mmm.invalid',
  GIT_COMMITTER_NAME: 'mmm bench',
  GIT_COMMITTER_EMAIL: 'bench@mmm.invalid',
  // Plain output, as in a pipeline: no TTY display to draw.
  CI: '1',
  NO_COLOR: '1',
};
delete benchEnv.MMM_CLAUDE_BIN;

/** A fresh temporary directory, removed when the bench ends. */
export function scratchDir(name) {
  return mkdtempSync(join(benchHome, `${name}-`));
}

/** Runs git and returns its trimmed stdout. */
export function git(cwd, ...args) {
  return execFileSync('git', args, {
    cwd,
    env: benchEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** A new repository at `dir` on branch main with one commit of `files` ({ path: content }). */
export function makeRepo(dir, files = { 'README.md': '# bench\n' }) {
  git(tmpdir(), 'init', '-q', '-b', 'main', dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

/** The number of commits on HEAD. */
export function countCommits(dir) {
  return Number(git(dir, 'rev-list', '--count', 'HEAD'));
}

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of one child process run to its end, in ms; throws when it fails. */
export function timeProcess(file, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(file, args, {
    env: benchEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const said = (result.stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new Error(
      `${file} ${args.join(' ')} exited with ${result.status ?? result.signal}${said ? `:\n${said}` : ''}`,
    );
  }
  return ms;
}

/** `mmm <args>` as `timeProcess` runs it. */
export function timeMmm(args, options = {}) {
  return timeProcess(process.execPath, [bin, ...args], options);
}
