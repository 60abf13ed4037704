// Guards 3 and 4, worktree sessions, each through the command a user types:
//  3. session creation: `mmm cook --worktree` of a one-step playbook on a repository of 20,000
//     files, timed from its start until it reports the run started in the new session, against
//     `git worktree add -b` of the same commit in the same repository.
//  4. `mmm cook --map` over 8 items, --jobs 4, whose agent sleeps 1 s: wall time of the whole
//     process, beside a bash script that does the same work by hand, 4 at a time.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchEnv, bin, git, makeRepo, median, scratchDir, timeMmm, timeProcess } from './env.mjs';

const FILES = 20_000;
const SESSION_RUNS = 7;
const SESSION_TARGET = 1.2;

/**
 * Starts `mmm cook --worktree --json` and resolves with the ms from its start until the line of
 * its `run.started` event arrived (the session is ready and its run begins), and until it ended.
 */
export function timeSessionStart(cwd, playbook, env = benchEnv) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, [bin, 'cook', playbook, '--worktree', '--json'], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let ready;
    let pending = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      pending += chunk;
      for (let at = pending.indexOf('\n'); at >= 0; at = pending.indexOf('\n')) {
        const line = pending.slice(0, at);
        pending = pending.slice(at + 1);
        if (ready === undefined && line.includes('"run.started"')) ready = since();
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const total = since();
      if (code !== 0) reject(new Error(`mmm cook --worktree exited with ${code}: ${stderr}`));
      else if (ready === undefined)
        reject(new Error('mmm cook --worktree --json reported no run.started'));
      else resolve({ ready, total });
    });
  });
}

export const sessionCreation = {
  name: 'session creation',
  async run() {
    const scratch = scratchDir('session');
    try {
      const tree = {};
      for (let i = 0; i < FILES; i++) tree[`src/d${i % 100}/f${i}.txt`] = `file ${i}\n`;
      const repo = makeRepo(join(scratch, 'repo'), tree);
      const playbook = join(scratch, 'trivial.yml');
      writeFileSync(playbook, 'name: trivial\nsteps:\n  - shell: "true"\n');
      // Each worktree is removed once timed (untimed), so every round meets the same repository.
      const removeWorktrees = () => {
        const paths = git(repo, 'worktree', 'list', '--porcelain')
          .split('\n')
          .filter((line) => line.startsWith('worktree '))
          .map((line) => line.slice('worktree '.length));
        for (const path of paths.slice(1)) git(repo, 'worktree', 'remove', '--force', path);
      };
      let n = 0;
      const viaGit = () => {
        const path = join(scratch, `git-${n++}`);
        const ms = timeProcess('git', ['worktree', 'add', '-q', '-b', `bench/${n}`, path, 'HEAD'], {
          cwd: repo,
        });
        removeWorktrees();
        return ms;
      };
      const viaMmm = async () => {
        const timed = await timeSessionStart(repo, playbook);
        removeWorktrees();
        return timed;
      };
      await viaMmm();
      viaGit();
      const mmmTimes = [];
      const gitTimes = [];
      // Alternating which goes first, so that neither always meets a warmer disk cache.
      for (let i = 0; i < SESSION_RUNS; i++) {
        if (i % 2 === 0) {
          gitTimes.push(viaGit());
          mmmTimes.push(await viaMmm());
        } else {
          mmmTimes.push(await viaMmm());
          gitTimes.push(viaGit());
        }
      }
      const value = median(mmmTimes.map((t) => t.ready));
      const baseline = median(gitTimes);
      const whole = median(mmmTimes.map((t) => t.total));
      return {
        figure: `session creation, ${FILES} files: mmm cook --worktree until its run starts (median of ${SESSION_RUNS})`,
        value,
        baseline,
        baselineName: 'git worktree add -b',
        unit: 'ms',
        ratio: value / baseline,
        target: `<= ${SESSION_TARGET}x`,
        pass: value / baseline <= SESSION_TARGET,
        note: `timed from starting \`mmm cook trivial.yml --worktree --json\` until the line of its run.started event arrives: Node's start-up, loading mmm, the checks, the branch, the session record and git's checkout of ${FILES} files; the whole process, with its one \`shell: "true"\` step and the ledger, took ${whole.toFixed(0)} ms`,
      };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

const ITEMS = 8;
const JOBS = 4;
const SLEEP_S = 1;
const MAP_RUNS = 3;
const MAP_TARGET_S = 2.6;

/**
 * An agent CLI as small as it gets: answers `--version`, and for a prompt sleeps, writes a file
 * (so the step commits) and prints a Claude Code result object. What is left is mmm's own time.
 */
export function writeSleepyAgent(dir) {
  const file = join(dir, 'sleepy-claude');
  const result = JSON.stringify({
    type: 'result',
    subtype: 'success',
    is_error: false,
    result: 'done',
    session_id: 'bench',
    total_cost_usd: 0,
    num_turns: 1,
    duration_ms: SLEEP_S * 1000,
    usage: { input_tokens: 0, output_tokens: 0 },
  });
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      'for a in "$@"; do [ "$a" = --version ] && { echo "2.1.197 (Claude Code)"; exit 0; }; done',
      `sleep ${SLEEP_S}`,
      'echo "$$" > agent-out.txt',
      `printf '%s\\n' '${result}'`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return file;
}

/** The same work by hand: per item a worktree, the agent, a commit; JOBS items at a time. */
function writeByHand(dir, agent) {
  const item = join(dir, 'item.sh');
  writeFileSync(
    item,
    [
      'set -e',
      'name=$(basename "$1" .md)',
      // Two `git worktree add` at once can fail reading the other's half-made admin directory
      // ("failed to read .git/worktrees/<name>/commondir"): a person would run it again.
      'for try in 1 2 3; do',
      `  git worktree add -q -b "hand/$name" "${dir}/wt-$name" HEAD && break`,
      `  git worktree prune; git branch -D -q "hand/$name" 2>/dev/null || true; sleep 0.1`,
      'done',
      `cd "${dir}/wt-$name"`,
      `"${agent}" -p "work on $1" > /dev/null`,
      'git add -A && git commit -q -m "$1"',
      '',
    ].join('\n'),
  );
  const all = join(dir, 'by-hand.sh');
  writeFileSync(all, `set -e\nls specs/*.md | xargs -P ${JOBS} -n 1 sh "${item}"\n`);
  return all;
}

export const mapWallTime = {
  name: '--map wall time',
  async run() {
    const scratch = scratchDir('map');
    try {
      const agent = writeSleepyAgent(scratch);
      const tree = { 'play.yml': 'name: bench-map\nsteps:\n  - claude: "work on ${item}"\n' };
      for (let i = 1; i <= ITEMS; i++) tree[`specs/${i}-item.md`] = `spec ${i}\n`;
      const env = { ...benchEnv, MMM_CLAUDE_BIN: agent };
      const args = ['cook', 'play.yml', '--map', 'specs/*.md', '--jobs', String(JOBS), '--quiet'];
      let n = 0;
      const viaMmm = () => {
        const repo = makeRepo(join(scratch, `mmm-${n++}`), tree);
        const ms = timeMmm(args, { cwd: repo, env });
        const made = git(repo, 'branch', '--list', 'mmm/*').split('\n').filter(Boolean).length;
        if (made !== ITEMS)
          throw new Error(`mmm cook --map made ${made} sessions, expected ${ITEMS}`);
        return ms / 1000;
      };
      const byHand = () => {
        const dir = scratchDir('by-hand');
        const repo = makeRepo(join(dir, 'repo'), tree);
        const ms = timeProcess('sh', [writeByHand(dir, agent)], { cwd: repo });
        const made = git(repo, 'branch', '--list', 'hand/*').split('\n').filter(Boolean).length;
        if (made !== ITEMS)
          throw new Error(`the bash script made ${made} branches, expected ${ITEMS}`);
        rmSync(dir, { recursive: true, force: true });
        return ms / 1000;
      };
      const mmmTimes = [];
      const handTimes = [];
      for (let i = 0; i < MAP_RUNS; i++) {
        mmmTimes.push(viaMmm());
        handTimes.push(byHand());
      }
      const value = median(mmmTimes);
      return {
        figure: `--map: ${ITEMS} items, --jobs ${JOBS}, agent sleeps ${SLEEP_S} s: wall time (median of ${MAP_RUNS})`,
        value,
        baseline: median(handTimes),
        baselineName: `sh + xargs -P ${JOBS}`,
        unit: 's',
        target: `<= ${MAP_TARGET_S} s`,
        pass: value <= MAP_TARGET_S,
        note: `the whole \`mmm cook play.yml --map "specs/*.md" --jobs ${JOBS} --quiet\` process (start-up, ${ITEMS} sessions, ${ITEMS} agent calls, their commits) with a sh agent that sleeps; the floor is ${Math.ceil(ITEMS / JOBS) * SLEEP_S} s of sleep; the baseline does per item \`git worktree add -b\`, the same agent, \`git add -A && git commit\`, ${JOBS} at a time`,
      };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
