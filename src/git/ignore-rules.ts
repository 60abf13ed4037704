// The ignore rules a step cannot take back. Undoing a failed step removes the untracked files it
// left (git clean), and git decides what is untracked by the rules as they are then: a step that
// emptied `info/exclude` or pointed core.excludesFile elsewhere would have the clean remove the
// user's ignored files and mmm's own run database. The rules kept outside the tree are read
// before each step, and the clean is told to spare what they ignored (git clean -e); the
// .gitignore files in the tree need no such care, since the reset before the clean puts them back.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MMM_PRIVATE_PATTERNS } from './exclude.js';
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
 * The patterns that ignore something in those files now, with mmm's private paths: each one is
 * passed to git clean as `-e`, which no rule a step writes can override. Negations (`!`) are left
 * out: leaving one out can only keep more files.
 */
export function ignoredPatterns(files: IgnoreFiles | undefined): string[] {
  const patterns = new Set<string>(MMM_PRIVATE_PATTERNS);
  for (const file of files ? [files.exclude, files.global] : []) {
    if (file === undefined) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const raw of text.split('\n')) {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '' || line.startsWith('#') || line.startsWith('!')) continue;
      patterns.add(line);
    }
  }
  return [...patterns];
}
