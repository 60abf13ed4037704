// `outputs: { name: { file_pattern } }`: the newest file matching a glob, found with tinyglobby
// (picomatch syntax, the same matcher `--map` uses). Dotfiles match; `.git` is never searched and
// symbolic links are not followed, so a pattern cannot reach outside the working tree.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { glob } from 'tinyglobby';

/** Files under baseDir matching pattern, as relative paths with `/`. */
export async function matchFiles(baseDir: string, pattern: string): Promise<string[]> {
  return glob(pattern, {
    cwd: baseDir,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: ['**/.git/**'],
    expandDirectories: false,
  });
}

/** The most recently modified match (ties broken by path), or undefined. */
export async function newestMatch(baseDir: string, pattern: string): Promise<string | undefined> {
  const files = await matchFiles(baseDir, pattern);
  let best: { path: string; mtime: number } | undefined;
  for (const path of files.sort()) {
    const mtime = (await stat(join(baseDir, path))).mtimeMs;
    if (!best || mtime >= best.mtime) best = { path, mtime };
  }
  return best?.path;
}
