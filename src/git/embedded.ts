// Repositories inside the working tree: nested repositories (a directory with a .git of its own
// that this repository does not track) and submodules. Committing or saving the tree keeps
// neither: git records a nested repository as a bare link to one of its commits, and a submodule
// by the commit it has checked out, never by the files changed in it.
import { runGit, type GitDeps } from './run.js';

/** What a commit or a saved ref of the tree would not hold, as one `git status` sees it. */
export interface EmbeddedRepos {
  /** Untracked, not ignored directories holding a repository of their own (`sub/`). */
  nested: string[];
  /**
   * Submodules whose checkout is not what the index records: another commit checked out, or
   * modified or untracked files of their own.
   */
  changedSubmodules: string[];
  /**
   * Those of `changedSubmodules` holding modified or untracked files of their own: work that no
   * commit of this repository can hold (a submodule whose only change is another commit checked
   * out is committed as that commit).
   */
  submoduleWork: string[];
  /**
   * Links to other repositories' commits (gitlinks) the index holds where HEAD holds none: what
   * undeclaredNewGitlinks would find against HEAD, read from the same `git status`.
   */
  stagedLinks: string[];
}

/** Output larger than git's default inline limit is still read whole: the paths are the point. */
export const STATUS_BYTES = 256 * 1024 * 1024;

/**
 * The `git status` embeddedRepos reads. Untracked files one by one (-uall): a nested repository
 * is then the only entry that ends with a slash, even when it sits inside an untracked directory.
 */
export const EMBEDDED_STATUS = [
  'status',
  '--porcelain=v2',
  '-z',
  '--untracked-files=all',
  '--ignore-submodules=none',
] as const;

/**
 * Nested repositories and changed submodules in the tree at `cwd`. With `asConfigured`, submodules
 * the repository tells git status to ignore are left out, as are their changes: for a tree where
 * git cannot look inside one of them.
 */
export async function embeddedRepos(
  deps: GitDeps,
  cwd: string,
  asConfigured = false,
): Promise<EmbeddedRepos> {
  const args = asConfigured
    ? EMBEDDED_STATUS.filter((arg) => arg !== '--ignore-submodules=none')
    : EMBEDDED_STATUS;
  const result = await runGit(deps, args, { cwd, maxInlineBytes: STATUS_BYTES });
  return readEmbedded(result.stdout);
}

/** EmbeddedRepos of a tree holding none. */
export function noEmbeddedRepos(): EmbeddedRepos {
  return { nested: [], changedSubmodules: [], submoduleWork: [], stagedLinks: [] };
}

/** EmbeddedRepos from the output of EMBEDDED_STATUS (`--branch` headers, if any, are skipped). */
export function readEmbedded(stdout: string): EmbeddedRepos {
  const found = noEmbeddedRepos();
  const fields = stdout.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? '';
    if (field.startsWith('? ')) {
      if (field.endsWith('/')) found.nested.push(field.slice(2));
      continue;
    }
    // `1 XY sub mH mI mW hH hI path`, and for a rename `2 ... Xscore path` then the old path.
    const kind = field[0];
    if (kind !== '1' && kind !== '2') continue;
    const parts = field.split(' ');
    const sub = parts[2] ?? '';
    const path = parts.slice(kind === '1' ? 8 : 9).join(' ');
    if (kind === '2') i++;
    // `mH mI`: the modes in HEAD and in the index. A rename's new path is new to HEAD.
    const [modeHead, modeIndex] = [parts[3], parts[4]];
    if (modeIndex === '160000' && (kind === '2' || modeHead !== '160000')) {
      found.stagedLinks.push(path);
    }
    // `S<c><m><u>`: C another commit checked out, M modified tracked files, U untracked files.
    if (!sub.startsWith('S') || sub === 'S...') continue;
    found.changedSubmodules.push(path);
    if (sub[2] === 'M' || sub[3] === 'U') found.submoduleWork.push(path);
  }
  return found;
}

/**
 * Links to other repositories' commits (gitlinks, mode 160000) that the index holds and commit
 * `since` did not, leaving out the submodules `.gitmodules` in the index declares: a link the
 * step added without declaring it points at a commit that only a nested repository holds. When
 * `since` is HEAD, `stagedLinks` from embeddedRepos are those links already, and git is not
 * asked again.
 */
export async function undeclaredNewGitlinks(
  deps: GitDeps,
  cwd: string,
  since: string,
  stagedLinks?: readonly string[],
): Promise<string[]> {
  const added = stagedLinks ? [...stagedLinks] : await gitlinksAddedSince(deps, cwd, since);
  if (added.length === 0) return [];
  // Exit 1 (no match) or a failure (no .gitmodules in the index) both mean nothing is declared.
  const declared = await runGit(
    deps,
    ['config', '-z', '--blob', ':.gitmodules', '--get-regexp', '^submodule\\..*\\.path$'],
    { cwd, allowFailure: true },
  );
  const paths = new Set(
    declared.exitCode === 0
      ? declared.stdout
          .split('\0')
          .map((entry) => entry.slice(entry.indexOf('\n') + 1))
          .filter((path) => path !== '')
      : [],
  );
  return added.filter((path) => !paths.has(path));
}

/** Gitlinks the index holds where commit `since` has none at that path. */
async function gitlinksAddedSince(deps: GitDeps, cwd: string, since: string): Promise<string[]> {
  const diff = await runGit(
    deps,
    ['diff-index', '--cached', '-z', '--raw', '--no-renames', since],
    {
      cwd,
      maxInlineBytes: STATUS_BYTES,
    },
  );
  // `:srcmode dstmode srcsha dstsha status` NUL path NUL, per file.
  const fields = diff.stdout.split('\0');
  const added: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [srcMode = '', dstMode = ''] = (fields[i] ?? '').slice(1).split(' ');
    if (dstMode === '160000' && srcMode !== '160000') added.push(fields[i + 1] ?? '');
  }
  return added;
}
