// The ignore rules a step cannot take back. Undoing a failed step removes the untracked files it
// left (git clean), and git decides what is untracked by the rules as they are then: a step that
// emptied `info/exclude` or pointed core.excludesFile elsewhere would have the clean remove the
// user's ignored files and mmm's own run database. The rules kept outside the tree are read
// before each step, and the clean reads them as they were (see ignoreRulesText); the .gitignore
// files in the tree need no such care, since the reset before the clean puts them back.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { STATUS_BYTES } from './embedded.js';
import { gitPath } from './repo.js';
import { runGit, type GitDeps } from './run.js';

/** Where the repository's ignore rules outside its tree are kept. */
export interface IgnoreFiles {
  /** `info/exclude` of the shared git directory. */
  exclude: string;
  /** core.excludesFile, or git's default for it; undefined when neither can be named. */
  global: string | undefined;
}

/** Finds the two files, as git would read them from `cwd`. */
export async function ignoreFiles(
  deps: GitDeps,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<IgnoreFiles> {
  const exclude = await gitPath(deps, cwd, 'info/exclude', true);
  const configured = await runGit(deps, ['config', '--type=path', '--get', 'core.excludesFile'], {
    cwd,
    allowFailure: true,
  });
  const value = configured.exitCode === 0 ? configured.stdout.trim() : '';
  if (value !== '') return { exclude, global: resolve(cwd, value) };
  // Unset: git reads $XDG_CONFIG_HOME/git/ignore, or ~/.config/git/ignore.
  const config = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : undefined);
  return { exclude, global: config === undefined ? undefined : join(config, 'git', 'ignore') };
}

/**
 * What those files say now, as one text in git's order of precedence (core.excludesFile first,
 * then `info/exclude`, whose later lines win), negations and all: given to git clean as its
 * core.excludesFile, it has the files ignored as they were before the step, whatever the step
 * did to them, while the tree's own .gitignore files (put back by the reset) still come first.
 */
export function ignoreRulesText(files: IgnoreFiles | undefined): string {
  const read = (file: string | undefined) => {
    if (file === undefined) return '';
    try {
      // Only a regular file: a FIFO at that path would wait forever for a writer.
      return statSync(file).isFile() ? readFileSync(file, 'utf8') : '';
    } catch {
      return '';
    }
  };
  return files ? `${read(files.global)}\n${read(files.exclude)}\n` : '';
}

/**
 * The untracked files git ignores in the tree at `cwd` now, as paths relative to its top; a
 * directory whose untracked content is all ignored is one entry ending in `/`. Read where a run
 * starts, when the tree is clean: these are the user's own ignored files (a `.env`, build output),
 * which no step commit may take in, even once a step's change to the ignore rules (a tracked
 * `.gitignore` rewritten) no longer ignores them, and no undo may remove.
 */
export async function ignoredFilesNow(deps: GitDeps, cwd: string): Promise<string[]> {
  const listed = await runGit(
    deps,
    ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'],
    { cwd, maxInlineBytes: STATUS_BYTES },
  );
  return listed.stdout.split('\0').filter((path) => path !== '');
}

/** Whether `path` (relative to the top) is one of `ignored` or lies in one of its directories. */
export function amongIgnored(path: string, ignored: ReadonlySet<string>): boolean {
  if (ignored.has(path)) return true;
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
    if (ignored.has(path.slice(0, slash + 1))) return true;
  }
  return false;
}

/**
 * `path` as an ignore pattern that matches it and nothing else: anchored at the top, with git's
 * wildcards and a trailing space escaped (a directory keeps its `/`).
 */
export function exactPattern(path: string): string {
  return `/${path.replace(/[\\*?[]/g, '\\$&').replace(/ (?= *\/?$)/g, '\\ ')}`;
}

/**
 * The untracked files `git add --all` would take in (in the index `env` names) that are among
 * `keepOut` (ignoredFilesNow where the run started): files the step staged itself are not listed.
 */
export async function untrackedAmong(
  deps: GitDeps,
  cwd: string,
  keepOut: ReadonlySet<string>,
  env?: Record<string, string>,
): Promise<string[]> {
  if (keepOut.size === 0) return [];
  const others = await runGit(deps, ['ls-files', '-z', '--others', '--exclude-standard'], {
    cwd,
    maxInlineBytes: STATUS_BYTES,
    ...(env && { env }),
  });
  return others.stdout.split('\0').filter((path) => path !== '' && amongIgnored(path, keepOut));
}

/** Takes `paths` out of the index (`env` may name another), leaving them in the tree. */
export async function unstage(
  deps: GitDeps,
  cwd: string,
  paths: readonly string[],
  env: Record<string, string> = {},
): Promise<void> {
  if (paths.length === 0) return;
  await runGit(
    deps,
    [
      'rm',
      '--cached',
      '--force',
      '--quiet',
      '--ignore-unmatch',
      '--pathspec-from-file=-',
      '--pathspec-file-nul',
    ],
    {
      cwd,
      input: paths.map((path) => `${path}\0`).join(''),
      env: { ...env, GIT_LITERAL_PATHSPECS: '1' },
    },
  );
}
