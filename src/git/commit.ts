// Commits the engine makes, and what a range of commits changed.
import {
  findGitDirs,
  indexStamp,
  readLooseCommitMessage,
  resolveHead,
  type GitDirs,
} from './refs.js';
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

/** The result of one of the engine's own commits: the commit, its message and what it changed. */
export interface MadeCommit extends DiffStat {
  commit: string;
  /** The message as stored, trailing whitespace trimmed (what `git log --format=%B` shows). */
  message: string;
}

/** Git's own whitespace cleanup (`--cleanup=whitespace`), so we know the exact stored text. */
function stripSpace(text: string): string {
  const lines: string[] = [];
  let gap = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[ \t\r]+$/, '');
    if (line === '') {
      gap = lines.length > 0;
      continue;
    }
    if (gap) lines.push('');
    gap = false;
    lines.push(line);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function fullMessage({ message, trailers = {} }: CommitOptions): string {
  const lines = Object.entries(trailers).map(
    ([key, value]) => `${key}: ${value.replace(/\s+/g, ' ').trim()}`,
  );
  const text = lines.length === 0 ? message : `${message.trim()}\n\n${lines.join('\n')}`;
  return stripSpace(text);
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

/** The commit HEAD now points at, and its message, from git's files when they are plain. */
async function readBack(
  deps: GitDeps,
  cwd: string,
  dirs: GitDirs | undefined,
): Promise<{ commit: string; message: string }> {
  const commit =
    (dirs && resolveHead(dirs)) ?? (await gitOut(deps, ['rev-parse', 'HEAD'], { cwd }));
  // The stored message can differ from ours: a prepare-commit-msg hook may rewrite it.
  const stored = dirs && readLooseCommitMessage(dirs, commit);
  const message = stored?.trim() ?? (await commitMessage(deps, cwd, commit));
  return { commit, message };
}

function commitArgs(quiet: boolean, pathspec: readonly string[]): string[] {
  // Hooks are skipped: verification is the playbook's business, and a hook must not block a run.
  // Auto-maintenance is left to the end of the run (runAutoMaintenance), as git rebase and git am
  // do for their series of commits. The message is cleaned here (fullMessage), so verbatim.
  return [
    '-c',
    'maintenance.auto=false',
    'commit',
    ...(quiet ? ['--quiet'] : []),
    '--no-verify',
    '--cleanup=verbatim',
    '--file=-',
    ...(pathspec.length ? ['--', ...pathspec] : []),
  ];
}

/**
 * Commits the index (restricted to `pathspec` when given). What is staged is read first, in one
 * call that both says whether there is anything to commit and what the commit will change.
 */
async function commitStaged(
  deps: GitDeps,
  cwd: string,
  options: CommitOptions,
  pathspec: readonly string[] = [],
): Promise<MadeCommit | undefined> {
  const staged = await runGit(
    deps,
    ['diff', '--cached', '--numstat', '-z', '--no-renames', '--', ...pathspec],
    { cwd },
  );
  const stat = parseNumstat(staged.stdout);
  if (stat.files.length === 0) return undefined;
  await runGit(deps, commitArgs(true, pathspec), { cwd, input: fullMessage(options) });
  return { ...(await readBack(deps, cwd, findGitDirs(cwd))), ...stat };
}

/**
 * Evidence that the index held exactly HEAD's tree: HEAD at that moment and the index file's
 * stamp. commitAll returns one for the next commitAll of the same tree.
 */
export interface CleanIndex {
  head: string;
  stamp: string;
}

export interface CommitAllResult {
  /** Undefined when there was nothing to commit. */
  made: MadeCommit | undefined;
  /** Undefined when the repository's layout is not one whose files are read directly. */
  clean: CleanIndex | undefined;
}

function cleanIndexOf(dirs: GitDirs | undefined): CleanIndex | undefined {
  const head = dirs && resolveHead(dirs);
  const stamp = dirs && indexStamp(dirs);
  return head !== undefined && stamp !== undefined ? { head, stamp } : undefined;
}

/**
 * CleanIndex evidence for the first commitAll of a run, taken by a caller that has just seen the
 * index hold HEAD's tree: a clean `git status`, a fresh checkout.
 */
export function cleanIndexNow(cwd: string): CleanIndex | undefined {
  return cleanIndexOf(findGitDirs(cwd));
}

/** The paths `git add --verbose` staged, in git's order; undefined for output it cannot vouch for. */
function parseAdded(out: string): string[] | undefined {
  const paths = new Set<string>();
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const match = /^(?:add|remove) '(.*)'$/.exec(line);
    if (!match?.[1]) return undefined;
    paths.add(match[1]);
  }
  return [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/**
 * Totals from the summary `git commit` prints. Undefined when it paired files up (a rename, a
 * copy, a rewrite), because then its counts are not those of a plain per-file diff.
 */
function parseSummary(
  out: string,
): { files: number; insertions: number; deletions: number } | undefined {
  if (/^ (?:rename|copy|rewrite) /m.test(out)) return undefined;
  // git commit prints the summary last; take the last such line should anything precede it.
  const summary =
    /^ (\d+) files? changed(?:, (\d+) insertions?\(\+\))?(?:, (\d+) deletions?\(-\))?$/gm;
  const match = [...out.matchAll(summary)].pop();
  if (!match) return undefined;
  return {
    files: Number(match[1]),
    insertions: Number(match[2] ?? 0),
    deletions: Number(match[3] ?? 0),
  };
}

/**
 * Stages everything (tracked changes and untracked, non-ignored files) and commits it; `made` is
 * undefined when there was nothing to commit. Given the CleanIndex of the previous commitAll,
 * and nothing has touched the index or HEAD since, what was staged and what the commit changed
 * are read from the output of `git add` and `git commit` themselves, with no further git call.
 */
export async function commitAll(
  deps: GitDeps,
  cwd: string,
  options: CommitOptions,
  clean?: CleanIndex,
): Promise<CommitAllResult> {
  const dirs = findGitDirs(cwd);
  const known =
    dirs !== undefined &&
    clean !== undefined &&
    resolveHead(dirs) === clean.head &&
    indexStamp(dirs) === clean.stamp;
  if (!known) {
    await runGit(deps, ['add', '--all'], { cwd });
    const made = await commitStaged(deps, cwd, options);
    return { made, clean: cleanIndexOf(dirs) };
  }
  // The index held HEAD's tree, so what `add` reports staging is everything there is to commit.
  const added = parseAdded((await runGit(deps, ['add', '--all', '--verbose'], { cwd })).stdout);
  if (added === undefined) {
    const made = await commitStaged(deps, cwd, options);
    return { made, clean: cleanIndexOf(dirs) };
  }
  if (added.length === 0) return { made: undefined, clean: cleanIndexOf(dirs) };
  const made = await commitAdded(deps, cwd, dirs, options, added, []);
  return { made, clean: cleanIndexOf(dirs) };
}

/**
 * Commits when `added`, what `git add --verbose` just staged, is all there is to commit: the files
 * and line counts are then read from git commit's own summary, without asking git for a diff.
 */
async function commitAdded(
  deps: GitDeps,
  cwd: string,
  dirs: GitDirs | undefined,
  options: CommitOptions,
  added: string[],
  pathspec: readonly string[],
): Promise<MadeCommit> {
  const out = await runGit(deps, commitArgs(false, pathspec), {
    cwd,
    input: fullMessage(options),
  });
  const { commit, message } = await readBack(deps, cwd, dirs);
  const summary = parseSummary(out.stdout);
  const stat =
    summary?.files === added.length
      ? { files: added, insertions: summary.insertions, deletions: summary.deletions }
      : await diffStat(deps, cwd, `${commit}^`, commit);
  return { commit, message, ...stat };
}

/**
 * Commits exactly the given paths (relative to cwd); undefined when they hold no change. Paths the
 * repository's ignore rules cover are left out, as `git add` leaves them: never forced in.
 */
export async function commitPaths(
  deps: GitDeps,
  cwd: string,
  paths: readonly string[],
  options: CommitOptions,
): Promise<MadeCommit | undefined> {
  if (paths.length === 0) return undefined;
  const addArgs = ['add', '--all', '--verbose', '--', ...paths];
  const added = await runGit(deps, addArgs, { cwd, allowFailure: true });
  // git stages the paths it may and refuses the ignored ones with exit 1 and this hint.
  if (added.exitCode !== 0 && !/ignored by one of your \.gitignore files/.test(added.stderr)) {
    throw new GitCommandError(addArgs, added);
  }
  const staged = parseAdded(added.stdout);
  const everyPath = new Set(paths);
  // When `add` staged each path just now (a file mmm has just written, say), what the commit
  // changes is known from `git add` and `git commit` themselves; otherwise it is asked first.
  if (
    added.exitCode !== 0 ||
    staged?.length !== everyPath.size ||
    !staged.every((path) => everyPath.has(path))
  ) {
    return commitStaged(deps, cwd, options, paths);
  }
  return commitAdded(deps, cwd, findGitDirs(cwd), options, staged, paths);
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

/** The full message of a commit, trailing whitespace trimmed. */
export async function commitMessage(deps: GitDeps, cwd: string, commit: string): Promise<string> {
  return gitOut(deps, ['log', '-1', '--format=%B', commit], { cwd });
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
