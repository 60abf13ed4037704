// Nothing is lost: uncommitted work is saved to a ref before the tree is reset.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedRepos } from './embedded.js';
import { MMM_PRIVATE_PATTERNS } from './exclude.js';
import { addAllBut, exactPattern, ignoredAmong, untrackedAmong } from './kept-files.js';
import { toBytes, type BytePath } from './quoted-path.js';
import { gitPath, headIfAny } from './repo.js';
import { gitOut, runGit, type GitDeps } from './run.js';

/** True when the working tree at `cwd` is a sparse checkout. */
export async function isSparse(deps: GitDeps, cwd: string): Promise<boolean> {
  const result = await runGit(deps, ['config', '--bool', 'core.sparseCheckout'], {
    cwd,
    allowFailure: true,
  });
  return result.stdout.trim() === 'true';
}

/**
 * The tree object of the working tree's whole state (tracked changes and untracked, non-ignored
 * files), leaving `nested` repositories out, and the untracked files among `kept` (the user's
 * ignored files where the run started, as stageAll leaves them out). The index, the tree and HEAD
 * are not touched: staging happens in a temporary index file.
 */
export async function writeWorkTree(
  deps: GitDeps,
  cwd: string,
  nested: readonly string[],
  kept: ReadonlySet<BytePath> = new Set(),
): Promise<string> {
  // A pinned tree's index is its git directory's, unless the environment names another.
  const index =
    deps.pin && process.env.GIT_INDEX_FILE === undefined
      ? join(deps.pin.gitDir, 'index')
      : await gitPath(deps, cwd, 'index', false);
  const tempIndex = `${index}.mmm-${randomBytes(4).toString('hex')}`;
  // Starting from a copy of the real index keeps git's stat cache, so staging stays fast.
  await copyFile(index, tempIndex).catch(() => undefined);
  const env = { GIT_INDEX_FILE: tempIndex };
  try {
    // In a sparse checkout, what a step wrote outside the cone is saved too (git 2.34+ knows
    // --sparse; it is passed only where sparse checkout is on).
    const sparse = await isSparse(deps, cwd);
    await trustNoAssumeUnchanged(deps, cwd, env);
    // git add refuses a nested repository with no commit, and would keep only a link to the
    // commit of any other: both are left out, and stay on disk.
    const left = [...nested.map(toBytes), ...(await untrackedAmong(deps, cwd, kept, env))];
    await addAllBut(deps, cwd, left, { env, sparse });
    return await gitOut(deps, ['write-tree'], { cwd, env });
  } finally {
    await rm(tempIndex, { force: true });
  }
}

/**
 * Clears the assume-unchanged bit of every entry of the index `env` names: git add skips a file
 * so marked, whatever it holds, and a local edit hidden that way (a config file the user keeps
 * changed) would not be saved before a reset overwrites it. Only the temporary index is changed.
 */
async function trustNoAssumeUnchanged(
  deps: GitDeps,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  // -v tags an assume-unchanged entry with a lower-case letter; -z ends each entry with NUL.
  const listed = await gitOut(deps, ['ls-files', '-v', '-z'], { cwd, env });
  const marked = listed
    .split('\0')
    .filter((entry) => /^[a-z] /.test(entry))
    .map((entry) => entry.slice(2));
  if (marked.length === 0) return;
  await runGit(deps, ['update-index', '--no-assume-unchanged', '-z', '--stdin'], {
    cwd,
    env,
    input: marked.map((path) => `${path}\0`).join(''),
  });
}

/** What saveWorkToRef saved, and what it left where it was. */
export interface SavedWork {
  /** The full ref name; undefined when `unlessTreeOf` said there was nothing to save. */
  ref: string | undefined;
  /** Nested repositories: not in the ref (git would keep only a link to one of their commits). */
  nested: string[];
  /** Submodules with changes of their own: the ref holds only the commit they have checked out. */
  changedSubmodules: string[];
}

/**
 * Commits the whole state of the working tree (tracked changes and untracked, non-ignored files)
 * on top of HEAD and points `refs/mmm/<name>` at it. The working tree, the index and HEAD are
 * left exactly as they were: staging happens in a temporary index file. Nested repositories are
 * left out, and named in the result, as are submodules with changes of their own. With
 * `unlessTreeOf`, no ref is made when what would be saved is exactly that commit's tree.
 */
export async function saveWorkToRef(
  deps: GitDeps,
  cwd: string,
  name: string,
  options: { unlessTreeOf?: string; kept?: ReadonlySet<BytePath> | undefined } = {},
): Promise<SavedWork> {
  const ref = `refs/mmm/${name}`;
  const { nested, changedSubmodules } = await embeddedRepos(deps, cwd);
  const tree = await writeWorkTree(deps, cwd, nested, options.kept);
  if (options.unlessTreeOf !== undefined) {
    const unchanged = await gitOut(deps, ['rev-parse', `${options.unlessTreeOf}^{tree}`], { cwd });
    if (unchanged === tree) return { ref: undefined, nested, changedSubmodules };
  }
  // A branch with no commits yet (a step ran `git checkout --orphan`) saves a commit of its own.
  const parent = await headIfAny(deps, cwd);
  const commit = await gitOut(
    deps,
    ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', `mmm: work saved to ${ref}`],
    { cwd },
  );
  await runGit(deps, ['update-ref', '-m', 'mmm: save work', ref, commit], { cwd });
  return { ref, nested, changedSubmodules };
}

/**
 * Puts HEAD back on `ref` (a full branch name), or detached at `commit` when `ref` is undefined,
 * without touching the tree or any branch: a step that checked out another branch is undone
 * before the tree is reset, so that the reset moves the run's branch and no other.
 */
export async function reattachHead(
  deps: GitDeps,
  cwd: string,
  ref: string | undefined,
  commit: string,
): Promise<void> {
  if (ref !== undefined) {
    await runGit(deps, ['symbolic-ref', '-m', "mmm: back to the run's branch", 'HEAD', ref], {
      cwd,
    });
  } else {
    await runGit(
      deps,
      ['update-ref', '--no-deref', '-m', "mmm: back to the run's commit", 'HEAD', commit],
      {
        cwd,
      },
    );
  }
}

/** What the clean after a reset must keep, as it was before the step (RunContext.ignoredBefore). */
export interface UndoRules {
  /** The ignore rules outside the tree (ignoreRulesText), read as the clean's core.excludesFile. */
  rules: string;
  /** The user's ignored files where the run started (git/kept-files.ts), as bytes: never removed. */
  keep: ReadonlySet<BytePath>;
}

/** How much of the command line the patterns of UndoRules.keep may take; the rest go in a file. */
const KEEP_ARG_BYTES = 512 * 1024;

/**
 * Resets the working tree, index and branch to `commit` and removes untracked, non-ignored files,
 * never mmm's private files. With `undo`, the clean reads the rules outside the tree as they were
 * (its core.excludesFile instead of what the repository's configuration names now), and keeps the
 * user's ignored files whatever the tree's .gitignore says now. Destructive: call it only after
 * saveWorkToRef has kept what it would remove. Nested repositories and the files of submodules,
 * which saveWorkToRef cannot keep, are not touched.
 */
export async function restoreTo(
  deps: GitDeps,
  cwd: string,
  commit: string,
  undo?: UndoRules,
): Promise<void> {
  // Never into submodules, whatever submodule.recurse says: their work may be the user's.
  await runGit(deps, ['reset', '--quiet', '--hard', '--no-recurse-submodules', commit], { cwd });
  // One --force, not two: git clean removes a nested repository only when forced twice.
  const clean = ['clean', '--quiet', '--force', '-d'];
  const excludes: string[] = [...MMM_PRIVATE_PATTERNS];
  if (undo === undefined) {
    await runGit(deps, [...clean, ...excludes.flatMap((pattern) => ['-e', pattern])], { cwd });
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'mmm-ignore-'));
  const file = join(dir, 'ignore');
  const config = ['-c', `core.excludesFile=${file}`];
  try {
    await writeFile(file, undo.rules);
    // Those of the user's files that the rules ignore still are kept by them. The others (a
    // commit of the run no longer ignores them) get a pattern given with -e, which outranks every
    // .gitignore, a negation too; past what a command line holds, a line of the excludes file.
    const keep = [...undo.keep];
    const ignored = await ignoredAmong(deps, cwd, keep, config);
    let bytes = 0;
    let inFile = '';
    for (const path of keep.filter((kept) => !ignored.has(kept))) {
      const pattern = exactPattern(path);
      bytes += pattern.length + 4;
      if (bytes <= KEEP_ARG_BYTES) excludes.push(pattern);
      else inFile += `${pattern}\n`;
    }
    if (inFile !== '') await writeFile(file, `${undo.rules}\n${inFile}`);
    await runGit(deps, [...config, ...clean, ...excludes.flatMap((pattern) => ['-e', pattern])], {
      cwd,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
