// What mmm ui asks git about commits (the patch itself is commit.ts's patchText).
import { runGit, type GitDeps } from './run.js';

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
