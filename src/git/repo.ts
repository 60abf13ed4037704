// Where we are in a repository: its root, HEAD and branch.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PreconditionError } from '../errors.js';
import { resolveCommit } from './branch.js';
import { gitOut, runGit, type GitDeps } from './run.js';

/** True when cwd is inside a git working tree. */
export async function isInsideRepo(deps: GitDeps, cwd: string): Promise<boolean> {
  const result = await runGit(deps, ['rev-parse', '--is-inside-work-tree'], {
    cwd,
    allowFailure: true,
  });
  return result.exitCode === 0 && result.stdout.trim() === 'true';
}

/** The top level of the working tree that holds cwd (a linked worktree's own root). */
export async function repoRoot(deps: GitDeps, cwd: string): Promise<string> {
  return gitOut(deps, ['rev-parse', '--show-toplevel'], { cwd });
}

/**
 * The top level of the working tree that holds cwd, or undefined when cwd is not inside one: what
 * isInsideRepo and repoRoot answer together, in one git process.
 */
export async function workTreeRoot(deps: GitDeps, cwd: string): Promise<string | undefined> {
  const result = await runGit(deps, ['rev-parse', '--is-inside-work-tree', '--show-toplevel'], {
    cwd,
    allowFailure: true,
  });
  // One answer per line, in the order asked; inside a .git directory the second one fails.
  const [inside, root] = result.stdout.split('\n');
  return result.exitCode === 0 && inside === 'true' && root ? root : undefined;
}

/**
 * The top of the working tree git finds from `cwd` and that tree's git directory, both absolute;
 * undefined when git finds none (no repository, a bare one, a `.git` it cannot read).
 */
export async function topAndGitDir(
  deps: GitDeps,
  cwd: string,
): Promise<{ top: string; gitDir: string } | undefined> {
  const result = await runGit(
    deps,
    ['rev-parse', '--path-format=absolute', '--show-toplevel', '--absolute-git-dir'],
    { cwd, allowFailure: true },
  );
  const [top, gitDir] = result.stdout.trim().split('\n');
  return result.exitCode === 0 && top && gitDir ? { top, gitDir } : undefined;
}

/** The commit HEAD points at, or undefined on a branch with no commits yet. */
export async function headIfAny(deps: GitDeps, cwd: string): Promise<string | undefined> {
  return resolveCommit(deps, cwd, 'HEAD');
}

/** The commit HEAD points at. A repository without commits is an unmet precondition. */
export async function head(deps: GitDeps, cwd: string): Promise<string> {
  const commit = await headIfAny(deps, cwd);
  if (commit === undefined) {
    throw new PreconditionError(
      `HEAD at ${cwd} has no commits yet (a new repository, or an orphan branch)`,
      {
        hint: 'make a first commit (git commit), or switch to a branch that has commits (git switch <branch>), then run mmm again',
      },
    );
  }
  return commit;
}

/**
 * Where git keeps each of `names` for the working tree at `cwd`, as absolute paths: as `git
 * rev-parse --git-path` says (the worktree's own git dir for its own files), or in the git dir
 * every worktree shares when `shared`.
 */
export async function gitPaths(
  deps: GitDeps,
  cwd: string,
  names: readonly string[],
  shared: boolean,
): Promise<string[]> {
  if (shared) {
    const common = await rememberCommonDir(deps, cwd, () =>
      gitOut(deps, ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd }),
    );
    return names.map((name) => join(common, name));
  }
  const args = [
    'rev-parse',
    '--path-format=absolute',
    ...names.flatMap((name) => ['--git-path', name]),
  ];
  return (await gitOut(deps, args, { cwd })).split('\n');
}

// Where a directory's repository keeps what its worktrees share is asked of git many times per
// run (the ledger, locks, the exclude file) and does not change while the repository is there.
// Remembered per directory (and pinned git directory) for as long as that path still exists.
const commonDirs = new Map<string, string>();

/**
 * The shared git directory of pinned deps, read from the git directory's own files as git does
 * (gitrepository-layout: a worktree's git directory names the shared one in its `commondir`
 * file; a main git directory is its own); undefined when it cannot be read that way.
 */
function pinnedCommonDir(deps: GitDeps): string | undefined {
  if (!deps.pin || process.env.GIT_COMMON_DIR !== undefined) return undefined;
  const { gitDir } = deps.pin;
  try {
    const named = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
    return named === '' ? undefined : resolve(gitDir, named);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return missing && existsSync(join(gitDir, 'objects')) ? gitDir : undefined;
  }
}

/** The shared git directory of `cwd`, from `ask` the first time, then remembered. */
export async function rememberCommonDir(
  deps: GitDeps,
  cwd: string,
  ask: () => Promise<string>,
): Promise<string> {
  const key = `${deps.pin?.gitDir ?? ''}\0${deps.pin?.workTree ?? ''}\0${cwd}`;
  const known = commonDirs.get(key);
  if (known !== undefined && existsSync(known)) return known;
  const common = pinnedCommonDir(deps) ?? (await ask());
  if (commonDirs.size >= 256) commonDirs.clear();
  commonDirs.set(key, common);
  return common;
}

/** gitPaths for one name. */
export async function gitPath(
  deps: GitDeps,
  cwd: string,
  name: string,
  shared: boolean,
): Promise<string> {
  const [path] = await gitPaths(deps, cwd, [name], shared);
  if (path === undefined) throw new Error(`git named no path for ${name}`);
  return path;
}

/**
 * The full name of the ref HEAD is attached to (`refs/heads/main`), whether or not it has
 * commits yet; undefined when HEAD is detached.
 */
export async function headRef(deps: GitDeps, cwd: string): Promise<string | undefined> {
  return symbolicHead(deps, cwd);
}

/**
 * The checked-out branch's name without `refs/heads/`, or undefined when HEAD is detached. Not
 * git's `--short`, which says `heads/main` when a tag is also called `main`.
 */
export async function currentBranch(deps: GitDeps, cwd: string): Promise<string | undefined> {
  const ref = await symbolicHead(deps, cwd);
  return ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}

async function symbolicHead(deps: GitDeps, cwd: string): Promise<string | undefined> {
  const result = await runGit(deps, ['symbolic-ref', '--quiet', 'HEAD'], {
    cwd,
    allowFailure: true,
  });
  const name = result.stdout.trim();
  return result.exitCode === 0 && name !== '' ? name : undefined;
}

/**
 * Why git could not make a commit here for lack of an author or committer identity, in git's own
 * words; undefined when it can.
 */
export async function identityProblem(deps: GitDeps, cwd: string): Promise<string | undefined> {
  for (const variable of ['GIT_AUTHOR_IDENT', 'GIT_COMMITTER_IDENT']) {
    const result = await runGit(deps, ['var', variable], { cwd, allowFailure: true });
    if (result.exitCode !== 0) {
      const said = result.stderr
        .split('\n')
        .filter((line) => line.startsWith('fatal:'))
        .join(' ');
      return said || `git var ${variable} failed`;
    }
  }
  return undefined;
}

/**
 * Why there is no working tree at `cwd`: a bare repository, a git directory, or no repository at
 * all (with `hint` for the last). mmm runs steps in a working tree and commits what they leave.
 */
export async function noWorkTreeError(
  deps: GitDeps,
  cwd: string,
  hint: string,
): Promise<PreconditionError> {
  const result = await runGit(deps, ['rev-parse', '--is-bare-repository', '--is-inside-git-dir'], {
    cwd,
    allowFailure: true,
  });
  const [bare, inGitDir] = result.stdout.split('\n');
  if (result.exitCode === 0 && bare === 'true') {
    return new PreconditionError(
      `${cwd} is a bare git repository, and mmm needs a working tree: steps run in one and their changes are committed from it`,
      {
        hint: 'run mmm in a clone of it (git clone <repository> <dir>) or in a worktree of it (git worktree add <dir> <branch>)',
      },
    );
  }
  if (result.exitCode === 0 && inGitDir === 'true') {
    return new PreconditionError(`${cwd} is inside a git directory, not a working tree`, {
      hint: 'run mmm from the working tree that holds this git directory',
    });
  }
  return new PreconditionError(`not a git repository: ${cwd}`, { hint });
}
