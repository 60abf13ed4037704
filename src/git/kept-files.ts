// The user's ignored files. Where a run starts the tree is clean, so the untracked files in it
// are the ones git ignores: the user's `.env`, a local database, build output. They are not a
// step's work, whatever a step does to the ignore rules: a step that rewrites the tracked
// .gitignore so that one is no longer ignored does not get it committed or saved with its work
// (the stage leaves it out), and undoing a step does not remove it (the clean keeps it).
import {
  fromBytes,
  isUtf8Path,
  listPaths,
  quotePath,
  readPaths,
  type BytePath,
} from './quoted-path.js';
import { runGit, type GitDeps } from './run.js';

/**
 * The untracked files git ignores in the tree at `cwd` now, as bytes relative to its top; a
 * directory that is itself ignored is one entry ending in `/`.
 */
export async function ignoredFilesNow(deps: GitDeps, cwd: string): Promise<BytePath[]> {
  const listed = await listPaths(deps, cwd, [
    'ls-files',
    '--others',
    '--ignored',
    '--exclude-standard',
    '--directory',
  ]);
  // A directory that is not ignored itself but holds only ignored files is listed too, followed
  // by what it holds: only that is kept, so that a file a step adds beside it is the step's.
  const sorted = listed.sort();
  return sorted.filter(
    (path, i) => !(path.endsWith('/') && (sorted[i + 1] ?? '').startsWith(path)),
  );
}

/** The entry of `kept` that `path` is or lies in (a directory ending in `/`), if any. */
function keptEntryOf(path: BytePath, kept: ReadonlySet<BytePath>): BytePath | undefined {
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
    const dir = path.slice(0, slash + 1);
    if (kept.has(dir)) return dir;
  }
  return kept.has(path) ? path : undefined;
}

/** Whether `path` is one of `kept` or lies in one of its directories. */
export function amongKept(path: BytePath, kept: ReadonlySet<BytePath>): boolean {
  return keptEntryOf(path, kept) !== undefined;
}

/** Every directory (ending in `/`) that holds an entry of `kept`. */
function holdersOf(kept: ReadonlySet<BytePath>): Set<BytePath> {
  const dirs = new Set<BytePath>();
  for (const path of kept) {
    for (let slash = path.indexOf('/'); slash !== -1 && slash < path.length - 1;) {
      dirs.add(path.slice(0, slash + 1));
      slash = path.indexOf('/', slash + 1);
    }
  }
  return dirs;
}

/**
 * The entries of `kept` (ignoredFilesNow where the run started) that the tree at `cwd` (in the
 * index `env` names) holds untracked and no longer ignored: what `git add --all` must leave out.
 * Files the step staged itself are tracked, and not listed.
 */
export async function untrackedAmong(
  deps: GitDeps,
  cwd: string,
  kept: ReadonlySet<BytePath>,
  env?: Record<string, string>,
): Promise<BytePath[]> {
  if (kept.size === 0) return [];
  // Untracked directories git shows whole; none that holds only ignored files.
  const list = (collapsed: boolean) =>
    listPaths(
      deps,
      cwd,
      [
        'ls-files',
        '--others',
        '--exclude-standard',
        ...(collapsed ? ['--directory', '--no-empty-directory'] : []),
      ],
      env,
    );
  const found = new Set<BytePath>();
  let mixed = false;
  const holding = holdersOf(kept);
  for (const path of await list(true)) {
    const entry = keptEntryOf(path, kept);
    if (entry !== undefined) found.add(entry);
    // A directory shown whole that holds kept entries and maybe the step's files: looked into.
    else if (holding.has(path)) mixed = true;
  }
  if (mixed) {
    for (const path of await list(false)) {
      const entry = keptEntryOf(path, kept);
      if (entry !== undefined) found.add(entry);
    }
  }
  return [...found];
}

/** Those of `paths` that git ignores in the tree at `cwd`, with `config` (`-c` pairs) given. */
export async function ignoredAmong(
  deps: GitDeps,
  cwd: string,
  paths: readonly BytePath[],
  config: readonly string[] = [],
): Promise<Set<BytePath>> {
  if (paths.length === 0) return new Set();
  // check-ignore exits 1 when it lists nothing.
  const checked = await runGit(
    deps,
    [...config, '-c', 'core.quotePath=true', 'check-ignore', '--stdin'],
    { cwd, input: paths.map((path) => `${quotePath(path)}\n`).join(''), allowFailure: true },
  );
  // Any other exit: none is taken as ignored, so that the caller keeps them all by name.
  if (checked.exitCode !== 0 && checked.exitCode !== 1) return new Set();
  return new Set(readPaths(checked.stdout));
}

/**
 * `path` as an ignore pattern that matches it: anchored at the top, with git's wildcards and a
 * trailing space escaped (a directory keeps its `/`). Exactly it, unless its name is not UTF-8
 * or holds a line break: each such byte is then matched by `?`, which may match a few more names.
 */
export function exactPattern(path: BytePath): string {
  const text = isUtf8Path(path) ? fromBytes(path) : path.replace(/[\x80-\xff]/g, '\x00');
  return `/${text
    .replace(/[\\*?[]/g, '\\$&')
    .replace(/ (?= *\/?$)/g, '\\ ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00\n]/g, '?')}`;
}

/**
 * `git add --all` in the tree at `cwd` (into the index `env` names; `--sparse` with `sparse`),
 * leaving out `left`: untracked paths, as bytes (a directory ending in `/` with all it holds).
 */
export async function addAllBut(
  deps: GitDeps,
  cwd: string,
  left: readonly BytePath[],
  options: { env?: Record<string, string>; sparse?: boolean } = {},
): Promise<void> {
  const args = ['add', '--all', ...(options.sparse ? ['--sparse'] : [])];
  const env = options.env && { env: options.env };
  if (left.length === 0) {
    await runGit(deps, args, { cwd, ...env });
    return;
  }
  // The pathspecs one per line, quoted as git reads them, so that no name is too long for the
  // command line or changed on the way.
  const pathspecs = [
    ':/',
    ...left.map((path) => quotePath(`:(top,exclude,literal)${path.replace(/\/$/, '')}`)),
  ];
  await runGit(deps, [...args, '--pathspec-from-file=-'], {
    cwd,
    input: pathspecs.map((pathspec) => `${pathspec}\n`).join(''),
    ...env,
  });
}
