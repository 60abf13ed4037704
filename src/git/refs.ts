// HEAD and refs read straight from the git directory, so the engine can ask "where is HEAD?"
// several times a step without starting git. Anything unusual answers undefined, and callers
// then ask git itself: this is a shortcut for the common layouts, never a second source of truth.
import { readFileSync, statSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { join, resolve } from 'node:path';

/** Where a working tree's git files are: its own git dir, and the dir shared by all worktrees. */
export interface GitDirs {
  /** `<root>/.git`, or `<common>/worktrees/<name>` for a linked worktree. */
  gitDir: string;
  /** Holds objects, branches, packed-refs and info/ (equals gitDir outside linked worktrees). */
  commonDir: string;
}

// Each of these moves the repository, its refs or its index away from where `.git` says.
const RELOCATING_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_INDEX_FILE',
  'GIT_NAMESPACE',
] as const;

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
// Refs that belong to one worktree and live in its own git dir, not the common one.
const PER_WORKTREE = /^refs\/(?:bisect|worktree|rewritten)\//;
const MAX_SYMREF_DEPTH = 5;

const DIRECTORY = Symbol('directory');

/** A small file's text; DIRECTORY for a directory; undefined when missing or unreadable. */
function readSmall(path: string): string | typeof DIRECTORY | undefined {
  // stat first: a missing file is the common case here, and a thrown error costs more than a stat.
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if (stat.isDirectory()) return DIRECTORY;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The git dirs of the working tree whose top directory is `root` (a main checkout with a `.git`
 * directory, or a linked worktree or submodule with a `.git` file). Undefined when `root` has no
 * `.git` of its own, or when the environment relocates the repository.
 */
export function findGitDirs(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): GitDirs | undefined {
  if (RELOCATING_ENV.some((name) => env[name] !== undefined)) return undefined;
  const dotGit = join(root, '.git');
  let gitDir: string;
  const pointer = readSmall(dotGit);
  if (pointer === DIRECTORY) gitDir = dotGit;
  else {
    const match = pointer === undefined ? null : /^gitdir: (.+?)\r?\n?$/.exec(pointer);
    if (!match?.[1]) return undefined;
    gitDir = resolve(root, match[1]);
  }
  const common = readSmall(join(gitDir, 'commondir'));
  if (common === DIRECTORY) return undefined;
  const commonDir = common === undefined ? gitDir : resolve(gitDir, common.trim());
  // A reftable repository keeps no loose refs: only git can read it.
  if (readSmall(join(commonDir, 'refs')) !== DIRECTORY || readSmall(join(commonDir, 'reftable'))) {
    return undefined;
  }
  return { gitDir, commonDir };
}

function isSafeRefName(name: string): boolean {
  return (
    name.startsWith('refs/') &&
    !name.includes('..') &&
    !name.includes('\\') &&
    !/[\0\s~^:?*[]|\/\/|\/\.|\.lock$|\/$/.test(name)
  );
}

function packedRef(commonDir: string, name: string): string | undefined {
  const packed = readSmall(join(commonDir, 'packed-refs'));
  if (packed === undefined || packed === DIRECTORY) return undefined;
  for (const line of packed.split('\n')) {
    if (line.startsWith('#') || line.startsWith('^')) continue;
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1).trimEnd() === name) {
      const id = line.slice(0, space);
      return OBJECT_ID.test(id) ? id : undefined;
    }
  }
  return undefined;
}

/** What a ref file or HEAD says: an object id, another ref, or nothing usable. */
function parseRefFile(text: string): { id: string } | { ref: string } | undefined {
  const line = text.trim();
  if (OBJECT_ID.test(line)) return { id: line };
  const match = /^ref: (\S+)$/.exec(line);
  return match?.[1] && isSafeRefName(match[1]) ? { ref: match[1] } : undefined;
}

function resolveRefName(dirs: GitDirs, name: string, depth: number): string | undefined {
  if (depth > MAX_SYMREF_DEPTH) return undefined;
  const base = PER_WORKTREE.test(name) ? dirs.gitDir : dirs.commonDir;
  const text = readSmall(join(base, name));
  if (text === DIRECTORY) return undefined;
  if (text === undefined) return packedRef(dirs.commonDir, name);
  const parsed = parseRefFile(text);
  if (!parsed) return undefined;
  return 'id' in parsed ? parsed.id : resolveRefName(dirs, parsed.ref, depth + 1);
}

/** What HEAD of these git dirs says: a branch, or a detached commit. Undefined when unreadable. */
export function readHeadFile(dirs: GitDirs): { id: string } | { ref: string } | undefined {
  const text = readSmall(join(dirs.gitDir, 'HEAD'));
  return text === undefined || text === DIRECTORY ? undefined : parseRefFile(text);
}

/**
 * The commit HEAD of the working tree at `root` points at, read from its git files. Undefined
 * whenever git should be asked instead: no `.git` at `root`, a relocating environment, an unborn
 * branch, a reftable repository, or anything else that does not look like the plain layout.
 */
export function readHeadCommit(root: string, env?: NodeJS.ProcessEnv): string | undefined {
  const dirs = findGitDirs(root, env);
  return dirs && resolveHead(dirs);
}

/** The commit HEAD of these git dirs points at; undefined when git should be asked. */
export function resolveHead(dirs: GitDirs): string | undefined {
  const headFile = readHeadFile(dirs);
  if (!headFile) return undefined;
  return 'id' in headFile ? headFile.id : resolveRefName(dirs, headFile.ref, 1);
}

/**
 * The identity of the index file as it is now. Git replaces the index through a lock file and a
 * rename on every write, so an equal stamp means nothing has written it since.
 */
export function indexStamp(dirs: GitDirs): string | undefined {
  const stat = statSync(join(dirs.gitDir, 'index'), { bigint: true, throwIfNoEntry: false });
  if (!stat?.isFile()) return undefined;
  return [stat.ino, stat.size, stat.mtimeNs, stat.ctimeNs].join(':');
}

function refExists(dirs: GitDirs, name: string): boolean {
  return (
    readSmall(join(dirs.commonDir, name)) !== undefined ||
    readSmall(join(dirs.gitDir, name)) !== undefined ||
    packedRef(dirs.commonDir, name) !== undefined
  );
}

/**
 * The branch checked out at `root` as `git symbolic-ref --short HEAD` names it, `{ branch:
 * undefined }` on a detached HEAD, or undefined when git should be asked (see readHeadCommit, and
 * a branch name that git would shorten differently because a tag or ref of that name exists).
 */
export function branchOfHead(
  root: string,
  env?: NodeJS.ProcessEnv,
): { branch: string | undefined } | undefined {
  const dirs = findGitDirs(root, env);
  if (!dirs) return undefined;
  const headFile = readHeadFile(dirs);
  if (!headFile) return undefined;
  if ('id' in headFile) return { branch: undefined };
  const short = headFile.ref.slice('refs/heads/'.length);
  if (!headFile.ref.startsWith('refs/heads/') || short === '') return undefined;
  // git keeps `heads/` in the short name when `<short>`, `refs/<short>` or a tag resolve too.
  const rivals = [short, `refs/${short}`, `refs/tags/${short}`];
  return rivals.some((name) => refExists(dirs, name)) ? undefined : { branch: short };
}

/**
 * The message of a commit that is still a loose object (as a commit git has just made is), read
 * from the object file. Undefined when it is not there as a loose object, is not a commit, or
 * declares an encoding other than UTF-8: ask git then.
 */
export function readLooseCommitMessage(
  dirs: GitDirs,
  id: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (!OBJECT_ID.test(id) || env.GIT_OBJECT_DIRECTORY !== undefined) return undefined;
  let raw: Buffer;
  try {
    raw = inflateSync(readFileSync(join(dirs.commonDir, 'objects', id.slice(0, 2), id.slice(2))));
  } catch {
    return undefined;
  }
  const nul = raw.indexOf(0);
  if (nul < 0 || raw.subarray(0, nul).toString('latin1') !== `commit ${raw.length - nul - 1}`) {
    return undefined;
  }
  const body = raw.subarray(nul + 1).toString('utf8');
  const end = body.indexOf('\n\n');
  if (end < 0) return undefined;
  const encoding = /^encoding (.+)$/m.exec(body.slice(0, end))?.[1];
  if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) return undefined;
  return body.slice(end + 2);
}
