// Merging a session branch into its base, by git alone: fast-forward when possible, else a merge
// commit; a conflict is aborted so both sides stay as they were.
import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import { isAncestor, resolveCommit, updateRefGuarded } from './branch.js';
import { gitPaths } from './repo.js';
import { GitCommandError, gitOut, runGit, type GitDeps } from './run.js';

/** How a merge ended. `refused` changed nothing and says why. */
export type MergeOutcome =
  | { kind: 'up-to-date' }
  | { kind: 'fast-forward'; commit: string }
  | {
      kind: 'merge-commit';
      commit: string;
      /** Hooks of the repository that a merge made without a checkout did not run (their paths). */
      hooksNotRun?: string[] | undefined;
    }
  | { kind: 'conflict'; files: string[] }
  | { kind: 'refused'; reason: string };

export interface CheckoutMergeOptions {
  /** The clean working tree that has the base branch checked out. */
  checkout: string;
  /** The base branch's short name (checked out at `checkout`). */
  into: string;
  /** Branch to merge in (the session branch). */
  branch: string;
  message: string;
}

/** What git said when it refused, whole (it lists the files in the way), up to 20 lines. */
function gitSaid(text: string): string {
  const lines = text.trim().split('\n');
  return lines.length > 20 ? [...lines.slice(0, 20), '…'].join('\n') : lines.join('\n');
}

/**
 * Ignored, untracked files of the checkout (a `.env`, say) that the merge of `tip` would replace
 * or remove: git merge does that silently, so the merge is refused instead. They are the files it
 * would write that are there as ignored files or inside an ignored directory, an ignored file
 * where it puts a directory (`.env` and `.env/x`), and an ignored directory, or anything ignored
 * inside a directory, where it puts a file (`cache/` and `cache`).
 */
async function ignoredInTheWay(
  deps: GitDeps,
  cwd: string,
  head: string,
  tip: string,
): Promise<string[]> {
  const changed = splitNames(
    await gitOut(deps, ['diff', '--name-only', '-z', '--no-renames', head, tip], { cwd }),
  );
  if (changed.length === 0) return [];
  // Ignored directories come back as one entry each (`node_modules/`), however much they hold.
  const ignored = splitNames(
    await gitOut(
      deps,
      ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'],
      { cwd },
    ),
  );
  const entries = ignored.map((entry) => {
    const isDir = entry.endsWith('/');
    return { entry, isDir, name: isDir ? entry.slice(0, -1) : entry };
  });
  const inTheWay = new Set<string>();
  for (const path of changed) {
    for (const { entry, isDir, name } of entries) {
      // The merge writes over an ignored file, or over a file inside an ignored directory.
      const overwritten = isDir ? path.startsWith(entry) : path === name;
      if (overwritten && existsSync(join(cwd, path))) inTheWay.add(path);
      // It puts a directory where an ignored file is, a file where an ignored directory is, or a
      // file where a directory holds ignored files.
      const replaced =
        (isDir ? path === name : path.startsWith(`${name}/`)) || name.startsWith(`${path}/`);
      if (replaced && existsSync(join(cwd, name))) inTheWay.add(entry);
    }
  }
  // Git may list a directory of ignored files and what it holds too: the directory says it all.
  const dirsInTheWay = [...inTheWay].filter((entry) => entry.endsWith('/'));
  return [...inTheWay].filter(
    (entry) => !dirsInTheWay.some((dir) => dir !== entry && entry.startsWith(dir)),
  );
}

/** Merges `branch` into the branch checked out at `checkout`, with `git merge`. */
export async function mergeInCheckout(
  deps: GitDeps,
  options: CheckoutMergeOptions,
): Promise<MergeOutcome> {
  const { checkout, branch, message, into } = options;
  const cwd = checkout;
  // The base branch's own merge options (`branch.<name>.mergeOptions`: --squash, --no-commit, a
  // strategy) are the user's for their merges: mmm's merge is a plain one, reported as made. The
  // setting is emptied through the environment, where a branch name holding `=` stays whole.
  const plain = ['merge', '--no-squash', '--commit'];
  const count = Number(process.env.GIT_CONFIG_COUNT ?? '0') || 0;
  const env = {
    GIT_CONFIG_COUNT: String(count + 1),
    [`GIT_CONFIG_KEY_${String(count)}`]: `branch.${into}.mergeOptions`,
    [`GIT_CONFIG_VALUE_${String(count)}`]: '',
  };
  // The abort below is for the merge started here, never for one that was there before.
  if ((await resolveCommit(deps, cwd, 'MERGE_HEAD')) !== undefined) {
    return { kind: 'refused', reason: `a merge that mmm did not start is in progress in ${cwd}` };
  }
  const tip = await gitOut(deps, ['rev-parse', '--verify', `${branch}^{commit}`], { cwd });
  const head = await gitOut(deps, ['rev-parse', '--verify', 'HEAD'], { cwd });
  if (await isAncestor(deps, cwd, tip, head)) return { kind: 'up-to-date' };
  const ignored = await ignoredInTheWay(deps, cwd, head, tip);
  if (ignored.length > 0) {
    return {
      kind: 'refused',
      reason: `the merge would overwrite files your checkout ignores (git does that without asking):\n${ignored
        .slice(0, 20)
        .map((f) => `  ${f}`)
        .join('\n')}${ignored.length > 20 ? `\n  … and ${String(ignored.length - 20)} more` : ''}`,
    };
  }
  if (await isAncestor(deps, cwd, head, tip)) {
    const ff = await runGit(deps, [...plain, '--ff-only', '--quiet', tip], {
      cwd,
      env,
      allowFailure: true,
    });
    if (ff.exitCode !== 0) return { kind: 'refused', reason: gitSaid(ff.stderr || ff.stdout) };
    return { kind: 'fast-forward', commit: tip };
  }
  // A conflict found in the object store never reaches the user's files.
  const probe = await probeMerge(deps, cwd, head, tip);
  if (probe.kind === 'conflict') return probe;
  const merge = await runGit(
    deps,
    [...plain, '--no-ff', '--no-edit', '--quiet', '-m', message, tip],
    { cwd, env, allowFailure: true },
  );
  if (merge.exitCode === 0) {
    return { kind: 'merge-commit', commit: await gitOut(deps, ['rev-parse', 'HEAD'], { cwd }) };
  }
  const inProgress = await resolveCommit(deps, cwd, 'MERGE_HEAD');
  if (inProgress === undefined) {
    // git stopped before touching anything (e.g. an untracked file would be overwritten).
    return { kind: 'refused', reason: gitSaid(merge.stderr || merge.stdout) };
  }
  const unmerged = await gitOut(deps, ['diff', '--name-only', '-z', '--diff-filter=U'], { cwd });
  await runGit(deps, ['merge', '--abort'], { cwd });
  const files = splitNames(unmerged);
  if (files.length === 0) {
    // No file conflicts: git merged the trees, then refused the commit itself (a
    // pre-merge-commit hook, commit signing that failed). Its own words say why.
    return {
      kind: 'refused',
      reason: `git could not make the merge commit: ${gitSaid(merge.stderr || merge.stdout)}`,
    };
  }
  return { kind: 'conflict', files };
}

export interface RefMergeOptions {
  /** Any directory of the repository. */
  cwd: string;
  /** The base branch's short name; it must not be checked out anywhere. */
  baseBranch: string;
  /** Branch to merge in (the session branch). */
  branch: string;
  message: string;
}

/**
 * Merges `branch` into `baseBranch` without a working tree: a fast-forward moves the ref, a true
 * merge is computed by `git merge-tree` and committed with `git commit-tree`. The ref update is
 * guarded by its old value, so a concurrent change to the base branch refuses instead of losing it.
 */
export async function mergeWithoutCheckout(
  deps: GitDeps,
  options: RefMergeOptions,
): Promise<MergeOutcome> {
  const { cwd, baseBranch, branch, message } = options;
  const ref = `refs/heads/${baseBranch}`;
  const tip = await gitOut(deps, ['rev-parse', '--verify', `${branch}^{commit}`], { cwd });
  const base = await resolveCommit(deps, cwd, ref);
  if (base === undefined) return { kind: 'refused', reason: `branch ${baseBranch} does not exist` };
  if (await isAncestor(deps, cwd, tip, base)) return { kind: 'up-to-date' };
  const moved = `the branch ${baseBranch} moved during the merge; run the merge again`;
  if (await isAncestor(deps, cwd, base, tip)) {
    const ok = await updateRefGuarded(deps, cwd, ref, tip, base, `mmm: fast-forward ${branch}`);
    return ok ? { kind: 'fast-forward', commit: tip } : { kind: 'refused', reason: moved };
  }
  const probe = await probeMerge(deps, cwd, base, tip);
  if (probe.kind === 'conflict') return probe;
  // git commit-tree signs only when told to (-S), whatever commit.gpgSign says; git merge would.
  const sign = (await wantsSigning(deps, cwd)) ? ['-S'] : [];
  const made = await runGit(
    deps,
    ['commit-tree', ...sign, probe.tree, '-p', base, '-p', tip, '-m', message],
    { cwd, allowFailure: true },
  );
  if (made.exitCode !== 0) {
    return {
      kind: 'refused',
      reason: `git could not make the merge commit: ${gitSaid(made.stderr || made.stdout)}`,
    };
  }
  const commit = made.stdout.trim();
  const ok = await updateRefGuarded(deps, cwd, ref, commit, base, message);
  if (!ok) return { kind: 'refused', reason: moved };
  const hooksNotRun = await mergeHooks(deps, cwd);
  return { kind: 'merge-commit', commit, ...(hooksNotRun.length > 0 && { hooksNotRun }) };
}

/** Whether the repository asks for signed commits (commit.gpgSign), as git merge reads it. */
async function wantsSigning(deps: GitDeps, cwd: string): Promise<boolean> {
  const setting = await runGit(deps, ['config', '--type=bool', '--get', 'commit.gpgSign'], {
    cwd,
    allowFailure: true,
  });
  return setting.stdout.trim() === 'true';
}

/** Hooks that `git merge` runs around a merge commit (the first three may refuse it). */
const MERGE_COMMIT_HOOKS = [
  'pre-merge-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-merge',
] as const;

/**
 * The merge-commit hooks this repository has (where git looks for them, core.hooksPath
 * included), that git would run: present and executable.
 */
async function mergeHooks(deps: GitDeps, cwd: string): Promise<string[]> {
  const paths = await gitPaths(
    deps,
    cwd,
    MERGE_COMMIT_HOOKS.map((hook) => `hooks/${hook}`),
    false,
  );
  return paths.filter((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Computes the merge of two commits in git's object store alone, touching no working tree. */
async function probeMerge(
  deps: GitDeps,
  cwd: string,
  base: string,
  tip: string,
): Promise<{ kind: 'clean'; tree: string } | { kind: 'conflict'; files: string[] }> {
  const args = ['merge-tree', '--write-tree', '-z', '--name-only', '--no-messages', base, tip];
  const result = await runGit(deps, args, { cwd, allowFailure: true });
  if (result.exitCode !== 0 && result.exitCode !== 1) throw new GitCommandError(args, result);
  const [tree = '', ...rest] = result.stdout.split('\0');
  if (result.exitCode === 0) return { kind: 'clean', tree: tree.trim() };
  const end = rest.indexOf('');
  return { kind: 'conflict', files: dedupe(end < 0 ? rest : rest.slice(0, end)) };
}

function splitNames(out: string): string[] {
  return dedupe(out.split('\0').filter((name) => name !== ''));
}

function dedupe(names: string[]): string[] {
  return [...new Set(names.filter((name) => name !== ''))];
}
