// Is the working tree clean? Tracked changes, staged changes and untracked, non-ignored files;
// and is git in the middle of an operation that the next commit would conclude?
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  EMBEDDED_STATUS,
  STATUS_BYTES,
  embeddedRepos,
  noEmbeddedRepos,
  readEmbedded,
  type EmbeddedRepos,
} from './embedded.js';
import { gitPaths } from './repo.js';
import { runGit, type GitDeps } from './run.js';

/**
 * Paths with uncommitted changes: modified, staged, deleted and untracked (not ignored) files,
 * relative to the repository root. An untracked directory is listed once, with a trailing slash.
 */
export async function dirtyFiles(deps: GitDeps, cwd: string): Promise<string[]> {
  const result = await runGit(
    deps,
    ['status', '--porcelain=v1', '-z', '--untracked-files=normal'],
    {
      cwd,
    },
  );
  const fields = result.stdout.split('\0');
  const paths: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i];
    if (!entry || entry.length < 4) continue;
    paths.push(entry.slice(3));
    // A rename or copy is followed by its source path in the next field.
    if (entry[0] === 'R' || entry[0] === 'C') i++;
  }
  return paths;
}

/** True when dirtyFiles would list anything. */
export async function isDirty(deps: GitDeps, cwd: string): Promise<boolean> {
  return (await dirtyFiles(deps, cwd)).length > 0;
}

/** Where HEAD is and whether the tree has uncommitted changes, as one `git status` sees them. */
export interface TreeState {
  /** HEAD's commit; undefined on a branch with no commits yet. */
  commit: string | undefined;
  /** The full name of the branch HEAD is on; undefined when HEAD is detached. */
  ref: string | undefined;
  /** What isDirty says. */
  dirty: boolean;
}

/** HEAD's commit and branch and whether the tree is dirty, in one git process. */
export async function treeState(deps: GitDeps, cwd: string): Promise<TreeState> {
  const result = await runGit(
    deps,
    ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal'],
    { cwd },
  );
  return readTreeState(result.stdout);
}

/**
 * treeState and embeddedRepos from the same single `git status`, which lists every untracked
 * file and every change of a submodule: what a step left, read once after it. When submodules are
 * all it lists, `dirty` is what treeState says, which honours the repository's settings that tell
 * git status to ignore a submodule's changes.
 */
export async function treeStateWithEmbedded(
  deps: GitDeps,
  cwd: string,
): Promise<TreeState & { embedded: EmbeddedRepos }> {
  const [command, ...options] = EMBEDDED_STATUS;
  const result = await runGit(deps, [command, '--branch', ...options], {
    cwd,
    maxInlineBytes: STATUS_BYTES,
    allowFailure: true,
  });
  if (result.exitCode !== 0) {
    // Git cannot look inside a submodule (its git directory broken, say): read as two statuses,
    // both honouring the repository's settings for submodules, so that one it tells git to
    // ignore is not looked into.
    const state = await treeState(deps, cwd);
    return {
      ...state,
      embedded: state.dirty ? await embeddedRepos(deps, cwd, true) : noEmbeddedRepos(),
    };
  }
  const state = readTreeState(result.stdout);
  if (state.dirty && onlySubmodules(result.stdout)) {
    state.dirty = (await treeState(deps, cwd)).dirty;
  }
  return { ...state, embedded: readEmbedded(result.stdout) };
}

/** True when every entry of a porcelain v2 status is a submodule's (`1`/`2` entries, `S...`). */
function onlySubmodules(stdout: string): boolean {
  const fields = stdout.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? '';
    if (field === '' || field.startsWith('# ')) continue;
    const kind = field[0];
    if ((kind !== '1' && kind !== '2') || !(field.split(' ')[2] ?? '').startsWith('S')) {
      return false;
    }
    // A rename's old path is a field of its own.
    if (kind === '2') i++;
  }
  return true;
}

function readTreeState(stdout: string): TreeState {
  const state: TreeState = { commit: undefined, ref: undefined, dirty: false };
  for (const field of stdout.split('\0')) {
    if (field.startsWith('# branch.oid ')) {
      const oid = field.slice('# branch.oid '.length);
      if (oid !== '(initial)') state.commit = oid;
    } else if (field.startsWith('# branch.head ')) {
      const name = field.slice('# branch.head '.length);
      if (name !== '(detached)') state.ref = `refs/heads/${name}`;
    } else if (/^[12u?] /.test(field)) {
      // The headers come first; the first changed, renamed, unmerged or untracked entry is
      // enough, and what follows it (paths named like anything) is not read.
      state.dirty = true;
      break;
    }
  }
  return state;
}

/** The files git keeps while an operation waits for the user, and how to finish or abort it. */
const IN_PROGRESS = [
  { path: 'MERGE_HEAD', what: 'a merge', finish: 'git commit', abort: 'git merge --abort' },
  {
    path: 'CHERRY_PICK_HEAD',
    what: 'a cherry-pick',
    finish: 'git cherry-pick --continue',
    abort: 'git cherry-pick --abort',
  },
  {
    path: 'REVERT_HEAD',
    what: 'a revert',
    finish: 'git revert --continue',
    abort: 'git revert --abort',
  },
  {
    path: 'rebase-merge',
    what: 'a rebase',
    finish: 'git rebase --continue',
    abort: 'git rebase --abort',
  },
  {
    path: 'rebase-apply',
    what: 'a rebase or git am',
    finish: 'git rebase --continue',
    abort: 'git rebase --abort',
  },
  {
    // Left by a cherry-pick or revert of several commits, even once the one it stopped at is
    // resolved or reset: --continue would go on with the rest. --quit forgets them and moves
    // nothing, where --abort would take the branch back to where the series began.
    path: 'sequencer',
    what: 'a cherry-pick or revert of several commits',
    finish: 'git cherry-pick --continue',
    abort: 'git cherry-pick --quit',
  },
] as const;

export interface InProgress {
  what: string;
  /** The file or directory that says so. */
  path: string;
  finish: string;
  abort: string;
}

/** The operation git is in the middle of, read from the worktree's own git dir, or undefined. */
export function operationInGitDir(gitDir: string): InProgress | undefined {
  for (const op of IN_PROGRESS) {
    const path = join(gitDir, op.path);
    if (existsSync(path)) return { what: op.what, path, finish: op.finish, abort: op.abort };
  }
  return undefined;
}

/**
 * Forgets a rebase, `git am` or series of cherry-picks left in the worktree's git dir, moving
 * neither HEAD nor the tree (their --quit): for after a reset that already undid what it did.
 * A merge, cherry-pick or revert of one commit needs nothing: the reset forgot it.
 */
export async function quitOperation(deps: GitDeps, cwd: string, gitDir: string): Promise<void> {
  const quit = async (command: string) =>
    runGit(deps, [command, '--quit'], { cwd, allowFailure: true });
  if (existsSync(join(gitDir, 'rebase-apply', 'applying'))) await quit('am');
  else if (existsSync(join(gitDir, 'rebase-apply')) || existsSync(join(gitDir, 'rebase-merge')))
    await quit('rebase');
  if (existsSync(join(gitDir, 'sequencer'))) await quit('cherry-pick');
}

/**
 * The merge, cherry-pick, revert or rebase git is in the middle of in the working tree at `cwd`,
 * or undefined. A commit made now would conclude it, taking its parents or its author.
 */
export async function operationInProgress(
  deps: GitDeps,
  cwd: string,
): Promise<InProgress | undefined> {
  // These files are per worktree, in its own git dir.
  const paths = await gitPaths(
    deps,
    cwd,
    IN_PROGRESS.map(({ path }) => path),
    false,
  );
  for (const [i, op] of IN_PROGRESS.entries()) {
    const path = paths[i];
    if (path !== undefined && existsSync(path)) {
      return { what: op.what, path, finish: op.finish, abort: op.abort };
    }
  }
  return undefined;
}
