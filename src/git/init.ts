// A new repository with everything in its directory as the first commit (used by `mmm demo`).
import { gitOut, runGit, type GitDeps } from './run.js';

export interface InitRepositoryOptions {
  /** Default `main`. */
  branch?: string;
  /** Message of the first commit. */
  message: string;
  /**
   * Used as the repository's own identity when git has none configured, so a fresh machine
   * can still commit.
   */
  fallbackIdentity: { name: string; email: string };
}

/** `git init` in `dir`, commit all of its files, and return the new HEAD. */
export async function initRepository(
  deps: GitDeps,
  dir: string,
  options: InitRepositoryOptions,
): Promise<string> {
  await runGit(deps, ['init', '--quiet', '--initial-branch', options.branch ?? 'main'], {
    cwd: dir,
  });
  const email = await runGit(deps, ['config', 'user.email'], { cwd: dir, allowFailure: true });
  if (email.exitCode !== 0 || email.stdout.trim() === '') {
    await runGit(deps, ['config', 'user.name', options.fallbackIdentity.name], { cwd: dir });
    await runGit(deps, ['config', 'user.email', options.fallbackIdentity.email], { cwd: dir });
  }
  // A signing setup that asks for a passphrase would stall a scratch repository's commits.
  await runGit(deps, ['config', 'commit.gpgsign', 'false'], { cwd: dir });
  await runGit(deps, ['add', '--all'], { cwd: dir });
  await runGit(deps, ['commit', '--quiet', '--message', options.message], { cwd: dir });
  return gitOut(deps, ['rev-parse', 'HEAD'], { cwd: dir });
}

/** `git log --oneline` of HEAD, newest first. */
export async function onelineLog(deps: GitDeps, dir: string): Promise<string> {
  return gitOut(deps, ['log', '--oneline', '--no-decorate', '--no-color'], { cwd: dir });
}
