// `outputs: { name: { file_pattern } }`: the newest file matching a glob, found with tinyglobby
// (picomatch syntax, the same matcher `--map` uses). Dotfiles match; `.git` is never searched,
// symbolic links are not followed by `**`, and a match whose real path is outside the working
// tree (a pattern with `..` or an absolute one, or a directory the pattern names that is a link
// to elsewhere) is left out, so a pattern cannot reach outside the working tree.
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { glob } from 'tinyglobby';

/**
 * Files under baseDir matching pattern, as relative paths with `/`, leaving out those whose real
 * path is not inside `within` (the working tree; baseDir itself by default).
 */
export async function matchFiles(
  baseDir: string,
  pattern: string,
  within: string = baseDir,
): Promise<string[]> {
  const found = await glob(pattern, {
    cwd: baseDir,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: ['**/.git/**'],
    expandDirectories: false,
  });
  const root = await realpath(within);
  const inside = await Promise.all(
    found.map(async (path) => {
      const real = await realpath(join(baseDir, path)).catch(() => undefined);
      return real !== undefined && real.startsWith(root + sep);
    }),
  );
  return found.filter((_, i) => inside[i]);
}

/** The most recently modified match (ties broken by path), or undefined. */
export async function newestMatch(
  baseDir: string,
  pattern: string,
  within: string = baseDir,
): Promise<string | undefined> {
  const files = await matchFiles(baseDir, pattern, within);
  let best: { path: string; mtime: number } | undefined;
  for (const path of files.sort()) {
    const mtime = (await stat(join(baseDir, path))).mtimeMs;
    if (!best || mtime >= best.mtime) best = { path, mtime };
  }
  return best?.path;
}
