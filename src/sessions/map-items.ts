// `--map "<glob>"`: which files a playbook runs for, and the `$ARG` each run gets.
import { basename, extname } from 'node:path';
import picomatch from 'picomatch';
import { UsageError } from '../errors.js';
import type { GitDeps } from '../git/run.js';
import { listFilesAt } from '../git/worktree.js';

/**
 * The paths among `files` that `glob` matches (picomatch syntax: `*` and `?` stay inside one
 * directory, `**` crosses directories, `[abc]` and `{a,b}` work as in a shell; dotfiles match),
 * sorted. A leading `./` is ignored.
 */
export function matchGlob(files: readonly string[], glob: string): string[] {
  const isMatch = picomatch(glob.replace(/^(\.\/)+/, ''), { dot: true });
  return files.filter((file) => isMatch(file)).sort();
}

/** `$ARG` of a `--map` item: the file name's stem up to its first `-` (`specs/12-add-cache.md` → `12`). */
export function argForItem(item: string): string {
  const name = basename(item);
  const stem = name.slice(0, name.length - extname(name).length) || name;
  const dash = stem.indexOf('-');
  return dash > 0 ? stem.slice(0, dash) : stem;
}

/**
 * The files a `--map` run covers: committed files at HEAD matching the glob (relative to the
 * repository root), since every session starts from HEAD. No match is a usage error.
 */
export async function findMapItems(
  deps: GitDeps,
  repoTop: string,
  glob: string,
): Promise<string[]> {
  const items = matchGlob(await listFilesAt(deps, repoTop, 'HEAD'), glob);
  if (items.length === 0) {
    throw new UsageError(`--map "${glob}" matches no committed file`, {
      hint: 'the glob is relative to the repository root and matches files in your last commit (sessions start from it)',
    });
  }
  return items;
}
