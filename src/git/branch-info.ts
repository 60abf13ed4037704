// Repository facts `mmm init` records: where the repository starts and which branch is the default.
import { runGit, type GitDeps } from './run.js';

/** The top directory of the git work tree containing `cwd`, or undefined outside a repository. */
export async function findWorkTreeRoot(deps: GitDeps, cwd: string): Promise<string | undefined> {
  const result = await runGit(deps, ['rev-parse', '--show-toplevel'], { cwd, allowFailure: true });
  const root = result.stdout.trim();
  return result.exitCode === 0 && root !== '' ? root : undefined;
}

/**
 * The branch work is meant to land on: the remote's default (origin/HEAD) when the clone knows
 * it, else the branch checked out now (even before the first commit), else `main`.
 */
export async function detectDefaultBranch(deps: GitDeps, cwd: string): Promise<string> {
  const remote = await runGit(
    deps,
    ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'],
    { cwd, allowFailure: true },
  );
  const remoteName = remote.stdout.trim();
  if (remote.exitCode === 0 && remoteName.startsWith('origin/')) {
    return remoteName.slice('origin/'.length);
  }
  const current = await runGit(deps, ['symbolic-ref', '--quiet', '--short', 'HEAD'], {
    cwd,
    allowFailure: true,
  });
  const currentName = current.stdout.trim();
  return current.exitCode === 0 && currentName !== '' ? currentName : 'main';
}
