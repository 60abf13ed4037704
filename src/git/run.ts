// The one door to the git binary. Everything in src/git goes through runGit.
import { PreconditionError } from '../errors.js';
import type { Exec, ExecResult } from '../infra/exec.js';

export interface GitDeps {
  exec: Exec;
  signal?: AbortSignal | undefined;
  /**
   * Pins every git command to one working tree and its git dir (GIT_DIR, GIT_WORK_TREE), so that
   * git never looks for a repository itself: a tree that lost its .git cannot send git on to an
   * enclosing repository. See pin.ts.
   */
  pin?: { gitDir: string; workTree: string } | undefined;
}

export class GitCommandError extends Error {
  readonly result: ExecResult;
  readonly args: readonly string[];
  constructor(args: readonly string[], result: ExecResult) {
    const detail = (result.stderr || result.stdout).trim();
    super(`git ${args.join(' ')} failed (exit ${String(result.exitCode)}): ${detail}`);
    this.name = 'GitCommandError';
    this.args = args;
    this.result = result;
  }
}

export interface RunGitOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** Return the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
}

const LOCK_PATTERN =
  /\.lock': File exists|Unable to create '.*\.lock'|cannot lock ref|could not lock config file/i;
const LOCK_RETRIES = 12;

/**
 * Runs git. Parallel sessions on one repository contend for git's lock files; such failures are
 * retried with a growing pause instead of being reported.
 */
export async function runGit(
  deps: GitDeps,
  args: readonly string[],
  options: RunGitOptions,
): Promise<ExecResult> {
  for (let attempt = 0; ; attempt++) {
    const result = await deps.exec('git', args, {
      cwd: options.cwd,
      env: {
        GIT_TERMINAL_PROMPT: '0',
        LC_ALL: 'C',
        ...(deps.pin && { GIT_DIR: deps.pin.gitDir, GIT_WORK_TREE: deps.pin.workTree }),
        ...options.env,
      },
      input: options.input,
      signal: deps.signal,
    });
    if (result.spawnError) throw new GitCommandError(args, result);
    if (result.exitCode === 0) return result;
    if (attempt < LOCK_RETRIES && LOCK_PATTERN.test(result.stderr)) {
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1) + Math.random() * 50));
      continue;
    }
    if (options.allowFailure) return result;
    throw new GitCommandError(args, result);
  }
}

/**
 * A git failure on a lock file that stayed taken through every retry, as the user's to fix (exit
 * 3): another git is running there, or one was killed and left its lock behind. Undefined for
 * any other error.
 */
export function explainGitLock(error: unknown): PreconditionError | undefined {
  if (!(error instanceof GitCommandError) || !LOCK_PATTERN.test(error.result.stderr)) {
    return undefined;
  }
  const lock = /'([^']+\.lock)'/.exec(error.result.stderr)?.[1];
  const said = error.result.stderr.trim().split('\n')[0] ?? '';
  return new PreconditionError(
    `git could not take its lock (git ${error.args.join(' ')}): ${said}`,
    {
      cause: error,
      hint: `another git may be working in this repository; if none is, a git that was killed left ${lock ?? 'a .lock file'} behind: remove it and run mmm again`,
    },
  );
}

/** runGit and return trimmed stdout. */
export async function gitOut(
  deps: GitDeps,
  args: readonly string[],
  options: RunGitOptions,
): Promise<string> {
  const result = await runGit(deps, args, options);
  return result.stdout.trim();
}
