// Worktree benchmarks, imported by bench/run.mjs (or run alone: node bench/worktree.mjs).
// Needs the built dist/ (npm run build).
//  1. Session creation on a 20,000-file repository, through mmm's own code path (createSession
//     from dist, in-process: branch, record, `git worktree add`), against a bare
//     `git worktree add -b` of the same commit. Node's start-up is not part of either figure.
//  2. `mmm cook --map` over 8 items with --jobs 4, whose agent (a tiny sh script speaking the
//     claude CLI) sleeps 1 s per call: the wall time of the whole `node bin/mmm.js` process.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IDENTITY } from './env.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));

function git(cwd, ...args) {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...IDENTITY },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function makeRepo(files) {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-bench-repo-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'commit.gpgsign', 'false');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'bench fixture');
  return dir;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Session creation vs a bare `git worktree add`, median of `rounds` alternating runs. */
export async function sessionCreation({ files = 20_000, rounds = 6 } = {}) {
  const tree = {};
  for (let i = 0; i < files; i++) tree[`src/d${i % 100}/f${i}.txt`] = `file ${i}\n`;
  const repo = makeRepo(tree);
  const home = mkdtempSync(join(tmpdir(), 'mmm-bench-home-'));
  const bareDir = mkdtempSync(join(tmpdir(), 'mmm-bench-bare-'));
  const { createSession } = await import(
    pathToFileURL(join(root, 'dist/engine/sessions-create.js')).href
  );
  const { exec } = await import(pathToFileURL(join(root, 'dist/infra/exec.js')).href);
  const deps = { exec, env: { ...process.env, MMM_HOME: home } };
  const mmmTimes = [];
  const gitTimes = [];
  try {
    const bare = async (i) => {
      const start = performance.now();
      git(repo, 'worktree', 'add', '-q', '-b', `bench/${i}`, join(bareDir, String(i)), 'HEAD');
      gitTimes.push(performance.now() - start);
    };
    const viaMmm = async () => {
      const start = performance.now();
      await createSession(deps, { cwd: repo, playbook: 'bench.yml', playbookName: 'bench' });
      mmmTimes.push(performance.now() - start);
    };
    // Alternating which goes first, so neither always meets a warmer disk cache.
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        await bare(i);
        await viaMmm();
      } else {
        await viaMmm();
        await bare(i);
      }
    }
  } finally {
    for (const dir of [repo, home, bareDir]) rmSync(dir, { recursive: true, force: true });
  }
  const ratio = median(mmmTimes) / median(gitTimes);
  return {
    figure: `worktree session creation, ${files} files (median of ${rounds})`,
    value: median(mmmTimes),
    baseline: median(gitTimes),
    baselineName: 'git worktree add -b',
    unit: 'ms',
    target: 'ratio < 1.2',
    pass: ratio < 1.2,
    note: `ratio ${ratio.toFixed(2)}; mmm's figure is createSession from dist, in-process (branch, record, git worktree add); node start-up is in neither figure`,
  };
}

/**
 * An agent CLI as small as it gets: answers `--version`, and for a prompt sleeps, writes a file
 * (so the step commits) and prints a Claude Code result object. What is left is mmm's own time.
 */
function writeSleepyAgent(dir, sleepMs) {
  const file = join(dir, 'sleepy-claude');
  const result = JSON.stringify({
    type: 'result',
    subtype: 'success',
    is_error: false,
    result: 'done',
    session_id: 'bench',
    total_cost_usd: 0,
    num_turns: 1,
    duration_ms: sleepMs,
    usage: { input_tokens: 0, output_tokens: 0 },
  });
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      'for a in "$@"; do [ "$a" = --version ] && { echo "2.1.197 (Claude Code)"; exit 0; }; done',
      `sleep ${sleepMs / 1000}`,
      'echo "$$" > agent-out.txt',
      `printf '%s\\n' '${result}'`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return file;
}

/** Wall time of `mmm cook --map` over `items` files, `jobs` at a time, agent sleeping `sleepMs`. */
export async function mapWallTime({ items = 8, jobs = 4, sleepMs = 1000 } = {}) {
  const tree = { 'play.yml': 'name: bench-map\nsteps:\n  - claude: "work on ${item}"\n' };
  for (let i = 1; i <= items; i++) tree[`specs/${i}-item.md`] = `spec ${i}\n`;
  const repo = makeRepo(tree);
  const home = mkdtempSync(join(tmpdir(), 'mmm-bench-home-'));
  const env = {
    ...process.env,
    ...IDENTITY,
    HOME: home,
    MMM_HOME: join(home, '.mmm'),
    MMM_CLAUDE_BIN: writeSleepyAgent(home, sleepMs),
    CI: '1',
  };
  const args = [join(root, 'bin/mmm.js'), 'cook', 'play.yml', '--map', 'specs/*.md'];
  const start = performance.now();
  const run = spawnSync(process.execPath, [...args, '--jobs', String(jobs), '--quiet'], {
    cwd: repo,
    env,
    encoding: 'utf8',
  });
  const seconds = (performance.now() - start) / 1000;
  rmSync(repo, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  if (run.status !== 0) {
    throw new Error(`mmm cook --map exited ${run.status}: ${run.stderr.slice(-2000)}`);
  }
  return {
    figure: `cook --map, ${items} items, --jobs ${jobs}, agent sleeps ${sleepMs / 1000} s`,
    value: seconds,
    unit: 's',
    target: 2.6,
    pass: seconds < 2.6,
    note: `wall time of the whole mmm process (start-up, ${items} sessions, ${items} agent calls, ${items} commits) with a sh agent that sleeps; the floor is ${Math.ceil(items / jobs) * (sleepMs / 1000)} s of sleep`,
  };
}

/** What bench/run.mjs runs from this module. */
export const benchmarks = [
  { name: 'worktree-session-creation', run: () => sessionCreation() },
  { name: 'worktree-map-wall-time', run: () => mapWallTime() },
];

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const bench of benchmarks) {
    const r = await bench.run();
    const base =
      r.baseline === undefined ? '' : ` vs ${r.baseline.toFixed(0)} ${r.unit} (${r.baselineName})`;
    const value = r.unit === 's' ? r.value.toFixed(2) : r.value.toFixed(0);
    console.log(
      `${r.pass ? 'PASS' : 'FAIL'} ${r.figure}: ${value} ${r.unit}${base}; target ${r.target}`,
    );
    console.log(`     ${r.note}`);
  }
}
