// The patch between two commits, for people to read (mmm ui).
import { runGit, type GitDeps } from './run.js';

/** The unified diff from `from` to `to`, cut at `maxBytes` (`cut` says so). */
export async function diffPatch(
  deps: GitDeps,
  cwd: string,
  from: string,
  to: string,
  maxBytes: number,
): Promise<{ text: string; cut: boolean }> {
  const result = await runGit(
    deps,
    ['diff', '--patch', '--no-color', '--no-ext-diff', '--no-renames', from, to, '--'],
    { cwd, maxInlineBytes: maxBytes },
  );
  return { text: result.stdout, cut: result.truncated };
}

/** True when `rev` names a commit in the repository. */
export async function commitExists(deps: GitDeps, cwd: string, rev: string): Promise<boolean> {
  const result = await runGit(deps, ['cat-file', '-e', `${rev}^{commit}`], {
    cwd,
    allowFailure: true,
  });
  return result.exitCode === 0;
}

/** The newest commit of any ref that changed `path`, or undefined when none did. */
export async function lastCommitTouching(
  deps: GitDeps,
  cwd: string,
  path: string,
): Promise<string | undefined> {
  const result = await runGit(deps, ['log', '--all', '-1', '--format=%H', '--', path], {
    cwd,
    allowFailure: true,
  });
  const sha = result.stdout.trim();
  return result.exitCode === 0 && sha !== '' ? sha : undefined;
}
