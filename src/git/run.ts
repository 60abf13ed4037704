// The one door to the git binary. Everything in src/git goes through runGit.
import { dirname, isAbsolute } from 'node:path';
import { CannotWriteError, PreconditionError, type WriteProblem } from '../errors.js';
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

  /** What git said, its error output or else its output, trimmed. */
  get said(): string {
    return (this.result.stderr || this.result.stdout).trim();
  }

  /**
   * `git <command> exited with <code>: <what git said>`, the command named by `name` or else by
   * the first argument after any `-c <setting>`.
   */
  exited(name?: string): string {
    let at = 0;
    while (this.args[at] === '-c') at += 2;
    const said = this.said;
    return `git ${name ?? this.args[at] ?? ''} exited with ${String(this.result.exitCode)}${said ? `: ${said}` : ''}`;
  }
}

export interface RunGitOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** Return the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
  /** Output kept in memory; past it, output is dropped (exec's default when unset). */
  maxInlineBytes?: number;
}

const LOCK_PATTERN =
  /\.lock': File exists|Unable to create '.*\.lock'|cannot lock ref|could not lock config file/i;
const LOCK_RETRIES = 12;
/**
 * Lock failures no wait will help: a ref that cannot be made for a name in the way (`mmm` against
 * `mmm/x`), and a ref that moved since it was read (`is at X but expected Y`).
 */
const WAITING_WONT_HELP = /exists; cannot create|is at [0-9a-f]+ but expected [0-9a-f]+/;

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
        // History as stored, which a push sends: a replace ref (git replace --graft) could make
        // a dropped commit look kept, or hide a commit's content from the policy.
        GIT_NO_REPLACE_OBJECTS: '1',
        ...(deps.pin && { GIT_DIR: deps.pin.gitDir, GIT_WORK_TREE: deps.pin.workTree }),
        ...options.env,
      },
      input: options.input,
      signal: deps.signal,
      ...(options.maxInlineBytes !== undefined && { maxInlineBytes: options.maxInlineBytes }),
    });
    if (result.spawnError) throw new GitCommandError(args, result);
    if (result.exitCode === 0) return result;
    if (
      attempt < LOCK_RETRIES &&
      LOCK_PATTERN.test(result.stderr) &&
      !WAITING_WONT_HELP.test(result.stderr)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1) + Math.random() * 50));
      continue;
    }
    // A full or read-only disk is the user's to fix whatever git was doing, even where the
    // caller would read the exit code as an answer.
    const cannotWrite = explainGitWrite(args, result, options.cwd);
    if (cannotWrite) throw cannotWrite;
    const filter = explainGitFilter(args, result);
    if (filter) throw filter;
    if (options.allowFailure) return result;
    throw new GitCommandError(args, result);
  }
}

const FILTER_FAILED =
  /(?:clean|smudge) filter '([^']+)' failed|external filter '([^']+)' failed|subprocess '([^']+)' failed/;

/**
 * A filter git had to run (filter.<name>.required) that failed, Git LFS without git-lfs
 * installed the usual case: the user's to fix (exit 3), in git's words.
 */
function explainGitFilter(
  args: readonly string[],
  result: ExecResult,
): PreconditionError | undefined {
  const match = FILTER_FAILED.exec(result.stderr);
  if (!match) return undefined;
  const filter = match[1] ?? match[2] ?? match[3] ?? '';
  const said = result.stderr.trim().split('\n').slice(0, 3).join('; ');
  return new PreconditionError(
    `git could not run the ${filter} filter the repository requires (git ${subcommand(args)}): ${said}`,
    {
      cause: new GitCommandError(args, result),
      hint: /lfs/.test(filter)
        ? 'install Git LFS (https://git-lfs.com) and run git lfs install, then run mmm again'
        : 'install the program the filter runs (git config --get-regexp "^filter\\." shows it), then run mmm again',
    },
  );
}

const DISK_FULL = /No space left on device|Out of diskspace|Disk quota exceeded/i;
const READ_ONLY =
  /Read-only file system|(?:unable|could not|cannot) (?:create|write|open).*Permission denied/i;
// Git's own words for a write it could not finish; it does not always add the system's reason.
// ("failed to write commit object" is not among them: git says it when signing fails too.)
const WRITE_FAILED =
  /unable to write (?:file|loose object|new index|sha1|new_index)|unable to create temporary|write error|short write/i;

function writeProblem(stderr: string): WriteProblem | undefined {
  if (DISK_FULL.test(stderr)) return 'full';
  if (READ_ONLY.test(stderr)) return 'read-only';
  if (WRITE_FAILED.test(stderr)) return 'unknown';
  return undefined;
}

/** The git subcommand, past any `-c name=value` settings. */
function subcommand(args: readonly string[]): string {
  let i = 0;
  while (args[i] === '-c') i += 2;
  return args[i] ?? '';
}

/**
 * A git failure to write for lack of space or permission, as the user's to fix (exit 3): names
 * the directory (the one git quoted, else the one the command was writing to) and what to do.
 * Undefined for any other failure.
 */
export function explainGitWrite(
  args: readonly string[],
  result: ExecResult,
  cwd: string,
): CannotWriteError | undefined {
  const problem = writeProblem(result.stderr);
  if (problem === undefined) return undefined;
  const quoted = /'(\/[^']+)'/.exec(result.stderr)?.[1];
  const target = args.find((a) => isAbsolute(a));
  const path = quoted ? dirname(quoted) : target ? dirname(target) : cwd;
  const said = result.stderr.trim().split('\n').slice(0, 3).join('; ');
  return new CannotWriteError(path, problem, `git ${subcommand(args)} failed: ${said}`, {
    cause: new GitCommandError(args, result),
  });
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
