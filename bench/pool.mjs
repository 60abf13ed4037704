// Guard: session creation from the worktree pool on a repository of 100,000 files. The same
// commit, side by side in one run: `mmm cook --worktree` taking an idle tree of the pool (timed
// until its run starts, Node's start-up included), against `git worktree add -b` of the commit.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchEnv, bin, git, median, scratchDir, timeProcess } from './env.mjs';
import { timeSessionStart } from './worktree.mjs';

const FILES = 100_000;
const RUNS = 5;
const TARGET = 0.25;

/**
 * A repository of `files` files in 1,000 directories, made by `git fast-import` in one commit on
 * main (seconds, where writing the files and `git add` would take much longer). Its own working
 * tree is left unchecked-out: sessions start from the commit, never from the user's files.
 */
export function makeBigRepo(dir, files) {
  git(benchEnv.HOME, 'init', '-q', '-b', 'main', dir);
  const parts = [
    'commit refs/heads/main\ncommitter bench <bench@mmm.invalid> 0 +0000\ndata 7\ninitial\n',
  ];
  for (let i = 0; i < files; i++) {
    const content = `file ${i}\n`;
    parts.push(`M 100644 inline src/d${i % 1000}/f${i}.txt\ndata ${content.length}\n${content}\n`);
  }
  parts.push('\n');
  const imported = spawnSync('git', ['fast-import', '--quiet'], {
    cwd: dir,
    env: benchEnv,
    input: parts.join(''),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr}`);
  // The index matches HEAD, so the main checkout reads as its files deleted, not as new ones.
  git(dir, 'read-tree', 'HEAD');
  return dir;
}

function mmmSync(cwd, args, env) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`mmm ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
  return result.stdout;
}

export const poolSessionCreation = {
  name: 'session from the pool',
  async run() {
    const scratch = scratchDir('pool');
    try {
      const made = process.hrtime.bigint();
      const repo = makeBigRepo(join(scratch, 'repo'), FILES);
      const makeMs = Number(process.hrtime.bigint() - made) / 1e6;
      const playbook = join(scratch, 'trivial.yml');
      writeFileSync(playbook, 'name: trivial\nsteps:\n  - shell: "true"\n');
      const env = { ...benchEnv, MMM_HOME: join(scratch, 'mmm-home'), MMM_POOL_SIZE: '1' };
      let n = 0;
      const viaGit = () => {
        const path = join(scratch, `git-${n++}`);
        const ms = timeProcess('git', ['worktree', 'add', '-q', '-b', `bench/${n}`, path, 'HEAD'], {
          cwd: repo,
        });
        git(repo, 'worktree', 'remove', '--force', path);
        return ms;
      };
      // Each session is cleaned once timed (untimed), which gives its tree back to the pool.
      const viaPool = async () => {
        const timed = await timeSessionStart(repo, playbook, env);
        mmmSync(repo, ['worktree', 'clean', '--all'], env);
        return timed;
      };
      // The first session fills the pool with a tree of its own (git worktree add).
      const first = await viaPool();
      const idle = mmmSync(repo, ['worktree', 'pool', 'ls', '--json'], env).trim().split('\n');
      if (idle.length !== 1) throw new Error(`the pool holds ${idle.length} trees, not 1`);
      const poolTimes = [];
      const gitTimes = [];
      for (let i = 0; i < RUNS; i++) {
        if (i % 2 === 0) {
          gitTimes.push(viaGit());
          poolTimes.push(await viaPool());
        } else {
          poolTimes.push(await viaPool());
          gitTimes.push(viaGit());
        }
      }
      const value = median(poolTimes.map((t) => t.ready));
      const baseline = median(gitTimes);
      return {
        figure: `session from the pool, ${FILES} files: mmm cook --worktree until its run starts (median of ${RUNS})`,
        value,
        baseline,
        baselineName: 'git worktree add -b',
        unit: 'ms',
        ratio: value / baseline,
        target: `<= ${TARGET}x`,
        pass: value / baseline <= TARGET,
        note: `the repository (one commit of ${FILES} files, by git fast-import) took ${makeMs.toFixed(0)} ms to make; the first session, whose tree came from git worktree add (the pool was empty), was ready in ${first.ready.toFixed(0)} ms; each timed session took the idle tree the one before it gave back (mmm worktree clean, untimed), MMM_POOL_SIZE=1`,
      };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
