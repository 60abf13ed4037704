/** Exit codes, one table for the whole tool (README and `mmm --help` show the same). */
export const ExitCode = {
  ok: 0,
  stepFailed: 1,
  invalidInput: 2,
  precondition: 3,
  needsAttention: 4,
  awaitingApproval: 5,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface MmmErrorOptions {
  cause?: unknown;
  /** What the user can do next, printed under the message. */
  hint?: string;
}

/** Base of every error a user is meant to see: carries its exit code and an optional hint. */
export class MmmError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  constructor(message: string, exitCode: number, options: MmmErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** Bad command-line usage or an invalid playbook (exit 2). */
export class UsageError extends MmmError {
  constructor(message: string, options: MmmErrorOptions = {}) {
    super(message, ExitCode.invalidInput, options);
  }
}

/** One problem found in a playbook, positioned at the offending node. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/** A playbook that failed to load or validate; holds every problem found (exit 2). */
export class PlaybookError extends MmmError {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'), ExitCode.invalidInput);
    this.problems = problems;
  }
}

/** Something the run needs is missing: not a git repository, a dirty tree, no agent CLI (exit 3). */
export class PreconditionError extends MmmError {
  constructor(message: string, options: MmmErrorOptions = {}) {
    super(message, ExitCode.precondition, options);
  }
}

/** The run stopped and needs a person: budget reached, merge conflict, approval pending (exit 4). */
export class AttentionError extends MmmError {
  constructor(message: string, options: MmmErrorOptions = {}) {
    super(message, ExitCode.needsAttention, options);
  }
}

/** A step failed and the workflow could not go on (exit 1). */
export class StepFailedError extends MmmError {
  constructor(message: string, options: MmmErrorOptions = {}) {
    super(message, ExitCode.stepFailed, options);
  }
}

/** The run was interrupted by SIGINT (130) or SIGTERM (143). */
export class InterruptedError extends MmmError {
  readonly signal: 'SIGINT' | 'SIGTERM';
  constructor(signal: 'SIGINT' | 'SIGTERM') {
    super(
      `interrupted by ${signal}`,
      signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated,
    );
    this.signal = signal;
  }
}

/** Why a write was refused, as far as the system said. */
export type WriteProblem = 'full' | 'read-only' | 'unknown';

/**
 * A file could not be written because of where it lives: the disk is full, or the directory is
 * read-only (exit 3). Names the directory and what to do about it.
 */
export class CannotWriteError extends PreconditionError {
  readonly path: string;
  readonly problem: WriteProblem;
  /** What failed, in the words of whatever refused the write. */
  readonly detail: string;
  constructor(path: string, problem: WriteProblem, detail: string, options: MmmErrorOptions = {}) {
    const what =
      problem === 'full'
        ? `no space left on the disk holding ${path}`
        : problem === 'read-only'
          ? `${path} is not writable`
          : `could not write under ${path}`;
    const fix =
      problem === 'full'
        ? `free space on the disk holding ${path} (df -h shows it), then run mmm again`
        : problem === 'read-only'
          ? `make ${path} writable (when it is MMM_HOME or under it, MMM_HOME can name another directory), then run mmm again`
          : `the disk holding ${path} may be full or read-only: free space on it (df -h shows it) or make it writable, then run mmm again`;
    super(`${what}: ${detail}`, {
      ...options,
      hint: options.hint === undefined ? fix : `${fix}; ${options.hint}`,
    });
    this.path = path;
    this.problem = problem;
    this.detail = detail;
  }
}
