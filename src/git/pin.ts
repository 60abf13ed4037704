// A run's git commands act on the run's own working tree and nothing else. Git finds its
// repository by walking up from where it runs: in a tree whose .git a step deleted, that walk
// ends in whatever repository holds the tree (the user's checkout, a dotfiles repository in
// HOME), and a commit or a reset there would be made in the user's repository.
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PreconditionError } from '../errors.js';
import { topAndGitDir } from './repo.js';
import type { GitDeps } from './run.js';
import { samePath } from './same-path.js';

/** Where git, left to itself (not pinned), finds the working tree at `path` and its git dir. */
async function found(
  deps: GitDeps,
  path: string,
): Promise<{ top: string; gitDir: string } | undefined> {
  return topAndGitDir({ exec: deps.exec, signal: deps.signal }, path);
}

function lostCheckout(path: string, found: string | undefined): string {
  return `${path} is no longer a git checkout of its own (its .git is missing or broken): ${
    found === undefined ? 'git finds no repository there' : `git there would act on ${found}`
  }`;
}

function redirected(path: string, gitDir: string, pinned: string): string {
  return `${path}'s .git now leads to ${gitDir} instead of ${pinned}, the run's own git directory: git there would act on another checkout`;
}

/**
 * Git deps pinned to the working tree whose top is `path` (see GitDeps.pin). Throws a
 * PreconditionError when git does not see `path` as the top of a working tree of its own.
 */
export async function pinToWorkTree(deps: GitDeps, path: string): Promise<GitDeps> {
  const here = await found(deps, path);
  if (here === undefined || !samePath(here.top, path)) {
    throw new PreconditionError(lostCheckout(path, here?.top), {
      hint: 'mmm runs git there only when the directory is a checkout of its own',
    });
  }
  const pin = { gitDir: here.gitDir, workTree: path };
  approve(pin);
  return { ...deps, pin };
}

/**
 * Why the pinned working tree is no longer a checkout of its own (a step deleted its .git), or
 * undefined while it is. Unpinned deps have nothing to check.
 */
export async function pinnedTreeProblem(deps: GitDeps): Promise<string | undefined> {
  if (!deps.pin) return undefined;
  if (leadsToPinned(deps.pin)) return undefined;
  const path = deps.pin.workTree;
  // git cannot even start there (its directory is its working directory).
  if (!existsSync(path)) return `${path} is gone: the step removed the run's working tree`;
  const now = await found(deps, path);
  if (now !== undefined && samePath(now.top, path)) {
    if (!samePath(now.gitDir, deps.pin.gitDir))
      return redirected(path, now.gitDir, deps.pin.gitDir);
    approve(deps.pin);
    return undefined;
  }
  return lostCheckout(path, now?.top);
}

/**
 * True while the pinned git directory is still a directory: git given a GIT_DIR that a step
 * replaced with a `gitdir:` file would follow the file into whatever repository it names.
 */
export function pinnedGitDirIntact(deps: GitDeps): boolean {
  if (!deps.pin) return true;
  try {
    return lstatSync(deps.pin.gitDir).isDirectory();
  } catch {
    return false;
  }
}

/** The tree's git files that decide where git, walking up from the tree, ends up. */
interface DiscoveryFiles {
  /**
   * All of them as one text, to compare: the `.git` file's text (or that `.git` is a directory),
   * the `commondir` file, and the configuration files (`core.worktree`, `core.bare`, a line git
   * cannot parse).
   */
  key: string;
  /** The `.git` file's text; undefined when `.git` is a directory. */
  dotGitFile: string | undefined;
  /** Where the objects and refs are: the directory `commondir` names, else the git directory. */
  common: string;
}

/** DiscoveryFiles of a pinned tree; undefined when `.git` is neither a file nor a directory. */
function discoveryFiles(pin: { gitDir: string; workTree: string }): DiscoveryFiles | undefined {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? '\0absent' : '\0unreadable';
    }
  };
  const dotGit = join(pin.workTree, '.git');
  let dotGitFile: string | undefined;
  try {
    const stat = lstatSync(dotGit);
    if (stat.isFile()) dotGitFile = read(dotGit);
    else if (!stat.isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const commondir = read(join(pin.gitDir, 'commondir'));
  const common = commondir.startsWith('\0') ? pin.gitDir : resolve(pin.gitDir, commondir.trim());
  const key = [
    dotGitFile ?? '\0directory',
    commondir,
    read(join(pin.gitDir, 'config')),
    read(join(pin.gitDir, 'config.worktree')),
    read(join(common, 'config')),
  ].join('\0\0');
  return { key, dotGitFile, common };
}

/** Per pinned git directory, discoveryFiles' key as it was when git last found the tree intact. */
const approved = new Map<string, string>();

/** Remembers the tree's git files as git has just found them: an intact checkout of its own. */
function approve(pin: { gitDir: string; workTree: string }): void {
  const files = discoveryFiles(pin);
  if (files === undefined) approved.delete(pin.gitDir);
  else approved.set(pin.gitDir, files.key);
}

/**
 * True when nothing that decides where git finds the tree's repository has changed since git
 * last found the tree intact (see discoveryFiles), and the tree's `.git` still leads to the pinned
 * git directory, with a HEAD git would accept and its objects and refs. Read from the files,
 * without starting git; anything else is left to git to judge.
 */
function leadsToPinned(pin: { gitDir: string; workTree: string }): boolean {
  const files = discoveryFiles(pin);
  if (files === undefined || approved.get(pin.gitDir) !== files.key) return false;
  let gitDir = join(pin.workTree, '.git');
  if (files.dotGitFile !== undefined) {
    // As git reads it: the whole file, line ends stripped from its end only.
    const text = files.dotGitFile.replace(/[\r\n]+$/, '');
    if (!text.startsWith('gitdir: ') || /[\r\n]/.test(text)) return false;
    gitDir = resolve(pin.workTree, text.slice('gitdir: '.length));
  }
  if (!samePath(gitDir, pin.gitDir)) return false;
  try {
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8');
    if (!/^(ref: refs\/\S+|[0-9a-f]{40}|[0-9a-f]{64})\n?$/.test(head)) return false;
    return (
      lstatSync(join(files.common, 'objects')).isDirectory() &&
      lstatSync(join(files.common, 'refs')).isDirectory()
    );
  } catch {
    return false;
  }
}
