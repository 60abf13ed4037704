// The ignore rules a step cannot take back. Undoing a failed step removes the untracked files it
// left (git clean), and git decides what is untracked by the rules as they are then: a step that
// emptied `info/exclude` or pointed core.excludesFile elsewhere would have the clean remove the
// user's ignored files and mmm's own run database. The rules kept outside the tree are read
// before each step, and the clean reads them as they were (see ignoreRulesText); the .gitignore
// files in the tree need no such care, since the reset before the clean puts them back.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
