// Commits the engine makes, and what a range of commits changed.
import { gitOut, runGit, type GitDeps } from './run.js';

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

function fullMessage({ message, trailers = {} }: CommitOptions): string {
  const lines = Object.entries(trailers).map(
    ([key, value]) => `${key}: ${value.replace(/\s+/g, ' ').trim()}`,
  );
  return lines.length === 0 ? `${message.trim()}\n` : `${message.trim()}\n\n${lines.join('\n')}\n`;
}

async function commitStaged(
  deps: GitDeps,
  cwd: string,
  options: CommitOptions,
  pathspec: readonly string[] = [],
): Promise<string | undefined> {
  const staged = await runGit(deps, ['diff', '--cached', '--quiet', '--', ...pathspec], {
    cwd,
    allowFailure: true,
  });
  if (staged.exitCode === 0) return undefined;
  // Hooks are skipped: verification is the playbook's business, and a hook must not block a run.
  await runGit(
    deps,
    [
      'commit',
      '--quiet',
      '--no-verify',
      '--file=-',
      ...(pathspec.length ? ['--', ...pathspec] : []),
    ],
    { cwd, input: fullMessage(options) },
  );
  return gitOut(deps, ['rev-parse', 'HEAD'], { cwd });
}

/**
 * Stages everything (tracked changes and untracked, non-ignored files) and commits it.
 * Returns the new commit, or undefined when there was nothing to commit.
 */
export async function commitAll(
  deps: GitDeps,
  cwd: string,
  options: CommitOptions,
): Promise<string | undefined> {
  await runGit(deps, ['add', '--all'], { cwd });
  return commitStaged(deps, cwd, options);
}

/** Commits exactly the given paths (relative to cwd); undefined when they hold no change. */
export async function commitPaths(
  deps: GitDeps,
  cwd: string,
  paths: readonly string[],
  options: CommitOptions,
): Promise<string | undefined> {
  if (paths.length === 0) return undefined;
  await runGit(deps, ['add', '--all', '--', ...paths], { cwd });
  return commitStaged(deps, cwd, options, paths);
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
  const stat: DiffStat = { files: [], insertions: 0, deletions: 0 };
  for (const entry of result.stdout.split('\0')) {
    const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(entry);
    if (!match) continue;
    const [, added = '-', removed = '-', path = ''] = match;
    stat.files.push(path);
    if (added !== '-') stat.insertions += Number(added);
    if (removed !== '-') stat.deletions += Number(removed);
  }
  return stat;
}
