// Commits the engine makes, and what a range of commits changed.
import { addAllBut, untrackedAmong } from './kept-files.js';
import type { BytePath } from './quoted-path.js';
import { GitCommandError, gitOut, runGit, type GitDeps } from './run.js';

export interface CommitOptions {
  /** Subject line (and body, if any); trailers are appended after a blank line. */
  message: string;
  /** Git trailers in order, e.g. { 'Mmm-Run': id, 'Mmm-Step': '2 test' }. */
  trailers?: Record<string, string>;
}

export interface DiffStat {
  files: string[];
  insertions: number;
  deletions: number;
}

/** One of the engine's own commits: the commit, its message as stored and what it changed. */
export interface MadeCommit extends DiffStat {
  commit: string;
  /** The message as stored, trailing whitespace trimmed (what `git log --format=%B` shows). */
  message: string;
}

function fullMessage({ message, trailers = {} }: CommitOptions): string {
  const lines = Object.entries(trailers).map(
    ([key, value]) => `${key}: ${value.replace(/\s+/g, ' ').trim()}`,
  );
  return lines.length === 0 ? `${message.trim()}\n` : `${message.trim()}\n\n${lines.join('\n')}\n`;
}

function parseNumstat(out: string): DiffStat {
  const stat: DiffStat = { files: [], insertions: 0, deletions: 0 };
  for (const entry of out.split('\0')) {
    const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(entry);
    if (!match) continue;
    const [, added = '-', removed = '-', path = ''] = match;
    stat.files.push(path);
    if (added !== '-') stat.insertions += Number(added);
    if (removed !== '-') stat.deletions += Number(removed);
  }
  return stat;
}

/**
 * Commits what is staged (restricted to `pathspec` when given), or returns undefined when that is
 * nothing. The commit, its message and what it changed are then read back from git: a
 * prepare-commit-msg hook may have rewritten the message.
 */
async function commitStaged(
  deps: GitDeps,
  cwd: string,
  options: CommitOptions,
  pathspec: readonly string[],
): Promise<MadeCommit | undefined> {
  // Hooks that verify are skipped: that is the playbook's business, and a hook must not block a
  // run. Auto-maintenance is left to the end of the run (runAutoMaintenance), as git rebase and
  // git am do for their series of commits.
  const args = [
    '-c',
    'maintenance.auto=false',
    'commit',
    '--quiet',
    '--no-verify',
    '--cleanup=whitespace',
    '--file=-',
    ...(pathspec.length ? ['--', ...pathspec] : []),
  ];
  const committed = await runGit(deps, args, {
    cwd,
    input: fullMessage(options),
    allowFailure: true,
  });
  if (committed.exitCode !== 0) {
    // git commit refuses when nothing is staged, which is no commit rather than an error.
    const staged = await runGit(deps, ['diff', '--cached', '--quiet', '--', ...pathspec], {
      cwd,
      allowFailure: true,
    });
    if (staged.exitCode === 0) return undefined;
    throw new GitCommandError(args, committed);
  }
  // One record: the hash, NUL, the message, NUL, then a NUL-ended `added<TAB>removed<TAB>path`
  // per file. `--` after HEAD: the step may have left a file named HEAD.
  const out = await gitOut(
    deps,
    [
      'log',
      '-1',
      '--no-show-signature',
      '--numstat',
      '-z',
      '--no-renames',
      '--format=%H%x00%B',
      'HEAD',
      '--',
    ],
    { cwd },
  );
  const [commit = '', message = '', ...files] = out.split('\0');
  return { commit, message: message.trim(), ...parseNumstat(files.join('\0').replace(/^\n/, '')) };
}

/**
 * Stages everything (tracked changes and untracked, non-ignored files) and commits it. Returns
 * undefined when there was nothing to commit.
 */
export async function commitAll(
  deps: GitDeps,
  cwd: string,
  options: CommitOptions,
): Promise<MadeCommit | undefined> {
  await stageAll(deps, cwd);
  return commitIndex(deps, cwd, options);
}

/**
 * Stages everything in the tree at `cwd` (tracked changes and untracked, non-ignored files), as
 * the next commit of commitIndex would hold it. Untracked files among `kept` (the user's ignored
 * files where the run started, git/kept-files.ts) are left out even when the ignore rules no
 * longer cover them, and returned: they stay in the tree as they are. Throws GitCommandError when
 * git refuses a path (one outside a sparse checkout's cone, a file it cannot read).
 */
export async function stageAll(
  deps: GitDeps,
  cwd: string,
  kept: ReadonlySet<BytePath> = new Set(),
): Promise<BytePath[]> {
  const left = await untrackedAmong(deps, cwd, kept);
  await addAllBut(deps, cwd, left);
  return left;
}

/** Commits the index as it stands; undefined when it holds no change. */
export async function commitIndex(
  deps: GitDeps,
  cwd: string,
  options: CommitOptions,
): Promise<MadeCommit | undefined> {
  return commitStaged(deps, cwd, options, []);
}

/**
 * Commits exactly the given paths (relative to cwd); undefined when they hold no change. Paths the
 * repository's ignore rules cover are left out, as `git add` leaves them: never forced in. Paths
 * outside a sparse checkout's cone are committed too.
 */
export async function commitPaths(
  deps: GitDeps,
  cwd: string,
  paths: readonly string[],
  options: CommitOptions,
): Promise<MadeCommit | undefined> {
  if (paths.length === 0) return undefined;
  // check-ignore exits 1 when it lists nothing.
  const checked = await runGit(deps, ['check-ignore', '-z', '--stdin'], {
    cwd,
    input: paths.map((path) => `${path}\0`).join(''),
    allowFailure: true,
  });
  if (checked.exitCode !== 0 && checked.exitCode !== 1) {
    throw new GitCommandError(['check-ignore', '-z', '--stdin'], checked);
  }
  const ignored = new Set(checked.stdout.split('\0'));
  const kept = paths.filter((path) => !ignored.has(path));
  if (kept.length === 0) return undefined;
  const add = ['add', '--all', '--', ...kept];
  const added = await runGit(deps, add, { cwd, allowFailure: true });
  if (added.exitCode !== 0) {
    // These are files mmm wrote itself (the provenance manifest): in a sparse checkout whose cone
    // leaves them out, they are added all the same (git 2.34+ knows --sparse).
    if (!/outside of your sparse-checkout definition/.test(added.stderr)) {
      throw new GitCommandError(add, added);
    }
    await runGit(deps, ['add', '--all', '--sparse', '--', ...kept], { cwd });
  }
  return commitStaged(deps, cwd, options, kept);
}

/**
 * What `git commit` would have done after the commits made with auto-maintenance off: `git
 * maintenance run --auto` (it decides itself whether anything is due), unless the repository
 * turned automatic maintenance off.
 */
export async function runAutoMaintenance(deps: GitDeps, cwd: string): Promise<void> {
  const setting = await runGit(deps, ['config', '--type=bool', '--get', 'maintenance.auto'], {
    cwd,
    allowFailure: true,
  });
  if (setting.stdout.trim() === 'false') return;
  await runGit(deps, ['maintenance', 'run', '--auto', '--quiet'], { cwd, allowFailure: true });
}

/** Commits reachable from `to` but not from `from`, oldest first. */
export async function commitsBetween(
  deps: GitDeps,
  cwd: string,
  from: string,
  to: string,
): Promise<string[]> {
  if (from === to) return [];
  const out = await gitOut(deps, ['rev-list', '--reverse', `${from}..${to}`], { cwd });
  return out === '' ? [] : out.split('\n');
}

/**
 * What a commit's change is taken from, given its parents as git lists them (space-separated):
 * the first parent, or for a root commit the empty tree of the repository's hash.
 */
async function changedFrom(deps: GitDeps, cwd: string, parents: string): Promise<string> {
  const [first] = parents.split(' ');
  if (first) return first;
  return gitOut(deps, ['hash-object', '-t', 'tree', '--stdin'], { cwd, input: '' });
}

/** A commit's first parent, or the empty tree for a root commit: what its change is taken from. */
export async function firstParentOrEmpty(
  deps: GitDeps,
  cwd: string,
  commit: string,
): Promise<string> {
  return changedFrom(
    deps,
    cwd,
    await gitOut(deps, ['log', '-1', '--format=%P', commit, '--'], { cwd }),
  );
}

/**
 * A commit made by someone else, as the run reports it: its message, and what it changed from its
 * first parent (from nothing, for a commit with no parent, such as the root of a history a step
 * merged in).
 */
export async function describeMadeCommit(
  deps: GitDeps,
  cwd: string,
  commit: string,
): Promise<MadeCommit> {
  const out = await gitOut(
    deps,
    ['log', '-1', '--no-show-signature', '--format=%P%x00%B', commit, '--'],
    { cwd },
  );
  const split = out.indexOf('\0');
  const from = await changedFrom(deps, cwd, out.slice(0, split));
  return {
    commit,
    message: out.slice(split + 1).trim(),
    ...(await diffStat(deps, cwd, from, commit)),
  };
}

/** Files changed and lines added and removed between two commits (binary files count no lines). */
export async function diffStat(
  deps: GitDeps,
  cwd: string,
  from: string,
  to: string,
): Promise<DiffStat> {
  const result = await runGit(deps, ['diff', '--numstat', '-z', '--no-renames', from, to], { cwd });
  return parseNumstat(result.stdout);
}

/**
 * What changed between two commits as a reader sees it: a stat (unless `stat` is false), then the
 * patch, cut at `maxBytes` (`cut` says so).
 */
export async function patchText(
  deps: GitDeps,
  cwd: string,
  from: string,
  to: string,
  maxBytes: number,
  stat = true,
): Promise<{ text: string; cut: boolean }> {
  const result = await runGit(
    deps,
    [
      'diff',
      ...(stat ? ['--stat'] : []),
      '--patch',
      '--no-color',
      '--no-ext-diff',
      '--no-renames',
      from,
      to,
      '--',
    ],
    { cwd, maxInlineBytes: maxBytes },
  );
  return { text: result.stdout, cut: result.truncated };
}
