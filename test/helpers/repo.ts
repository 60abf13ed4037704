import { afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import type { GitDeps } from '../../src/git/run.js';
import { exec } from '../../src/infra/exec.js';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempRepo {
  dir: string;
  git: (...args: string[]) => string;
  write: (path: string, content: string) => void;
  /** Commits everything with the message and returns the new HEAD. */
  commitAll: (message: string) => string;
  cleanup: () => void;
}

/** A real git repository in a temp dir: branch main, a local identity, signing off, one commit. */
export function makeTempRepo(
  files: Record<string, string> = { 'README.md': '# fixture\n' },
): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-repo-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'mmm test');
  git('config', 'user.email', 'test@mmm.invalid');
  git('config', 'commit.gpgsign', 'false');
  const write = (path: string, content: string) => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  const commitAll = (message: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  commitAll('initial');
  return {
    dir,
    git,
    write,
    commitAll,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * For one test file: a maker of temp repositories, each removed after the test that made it.
 * Call at the top level of the file (it registers an afterEach hook).
 */
export function useTempRepos(): (files?: Record<string, string>) => TempRepo {
  const made: TempRepo[] = [];
  afterEach(() => made.splice(0).forEach((r) => r.cleanup()));
  return (files) => {
    const r = makeTempRepo(files);
    made.push(r);
    return r;
  };
}

/**
 * Real git through mmm's exec, refusing a call given no directory: a call that lost its `cwd`
 * would act on the checkout the tests run from (a clean there would be harmful).
 */
export const gitGivenADirectory: GitDeps = {
  exec: (file, args, options) => {
    if (!options.cwd) throw new Error(`git ${args.join(' ')} was given no directory`);
    return exec(file, args, options);
  },
};

/**
 * For one test file: a maker of fresh directories outside every repository, by their real path,
 * each removed after the test that made it.
 */
export function useTempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  return () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
    made.push(dir);
    return dir;
  };
}

/**
 * Leaves `r` on main in the middle of a merge of `other` that conflicts on c.txt (`base` in the
 * first commit, `theirs` on other, `ours` on main); `r` must hold c.txt. Returns main's commit.
 */
export function conflictedMerge(r: TempRepo): string {
  r.git('switch', '-q', '-c', 'other');
  r.write('c.txt', 'theirs\n');
  r.commitAll('theirs');
  r.git('switch', '-q', 'main');
  r.write('c.txt', 'ours\n');
  const ours = r.commitAll('ours');
  let conflicted = false;
  try {
    r.git('merge', '-q', 'other');
  } catch {
    conflicted = true;
  }
  if (!conflicted) throw new Error('the merge of other did not conflict');
  return ours;
}

/** The variables git takes an identity from before its configuration. */
const IDENTITY_VARIABLES = [
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'EMAIL',
] as const;

/**
 * Runs `run` where git has no identity to commit with in `r`: user.name and user.email unset,
 * user.useConfigOnly on, and the identity variables out of this process's environment until
 * `run` ends.
 */
export async function withoutGitIdentity<T>(r: TempRepo, run: () => Promise<T>): Promise<T> {
  r.git('config', '--unset', 'user.name');
  r.git('config', '--unset', 'user.email');
  r.git('config', 'user.useConfigOnly', 'true');
  const saved = IDENTITY_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of IDENTITY_VARIABLES) delete process.env[name];
  try {
    return await run();
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}
