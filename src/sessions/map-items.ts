// `--map "<glob>"`: which files a playbook runs for, and the `$ARG` each run gets.
import { basename, extname } from 'node:path';
import { UsageError } from '../errors.js';
import type { GitDeps } from '../git/run.js';
import { listFilesAt } from '../git/worktree.js';

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|+()[\]{}*?]/g, '\\$&');
}

/**
 * Turns a glob into a regular expression over `/`-separated paths: `*` and `?` stay inside one
 * directory, `**` crosses directories, `[abc]` and `{a,b}` work as in a shell.
 */
export function globToRegex(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        i++;
        if (atSegmentStart && glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, close);
        const negated = body.startsWith('!') || body.startsWith('^');
        const chars = (negated ? body.slice(1) : body).replace(/[\\\]]/g, '\\$&');
        out += `[${negated ? '^' : ''}${chars}]`;
        i = close;
      }
    } else if (ch === '{') {
      braces++;
      out += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (ch === ',' && braces > 0) out += '|';
    else out += escapeRegex(ch);
  }
  return new RegExp(`^${out}$`);
}

/** The paths among `files` that `glob` matches, sorted. A leading `../engine/` is ignored. */
export function matchGlob(files: readonly string[], glob: string): string[] {
  const re = globToRegex(glob.replace(/^(\.\/)+/, ''));
  return files.filter((file) => re.test(file)).sort();
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
