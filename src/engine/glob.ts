// `outputs: { name: { file_pattern } }`: the newest file matching a small glob.
// Supports `*` and `?` within a path segment and `**` for any number of directories.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

function segmentRegex(segment: string): RegExp {
  const body = segment
    .split('')
    .map((ch) =>
      ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}$`);
}

async function entries(dir: string) {
  return readdir(dir, { withFileTypes: true }).catch(() => []);
}

async function walk(base: string, rel: string, segments: string[], out: string[]): Promise<void> {
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  const dir = join(base, rel);
  if (segment === '**') {
    await walk(base, rel, rest, out);
    for (const entry of await entries(dir)) {
      if (entry.isDirectory() && entry.name !== '.git') {
        await walk(base, rel ? `${rel}/${entry.name}` : entry.name, segments, out);
      }
    }
    return;
  }
  const re = segmentRegex(segment);
  for (const entry of await entries(dir)) {
    if (!re.test(entry.name) || entry.name === '.git') continue;
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (rest.length === 0) {
      if (entry.isFile()) out.push(path);
    } else if (entry.isDirectory()) {
      await walk(base, path, rest, out);
    }
  }
}

/** Files under baseDir matching pattern, as relative paths with `/`. */
export async function matchFiles(baseDir: string, pattern: string): Promise<string[]> {
  const segments = pattern.split('/').filter((s) => s !== '' && s !== '.');
  const out: string[] = [];
  await walk(baseDir, '', segments, out);
  return [...new Set(out)];
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
