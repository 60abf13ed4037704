// The one place mmm starts a child process: steps, agents and git alike. execa starts the process,
// reports how it ended and waits for its output to end; what it does not do is here, on top: the
// process group killed on a time limit or an abort, output spilled to a file with backpressure
// (output.ts), and an end to a call whose program left something holding its pipes.
import { execa, type Result } from 'execa';
import { collectOutput, type CollectedOutput } from './output.js';
import { stopGracefully, watchForStop } from './stop.js';

export interface ExecOptions {
  cwd: string;
  /** Added to (not replacing) the parent's environment; `undefined` values remove a variable. */
  env?: Record<string, string | undefined>;
  input?: string;
  /** Kill the whole process tree after this many milliseconds. */
  timeoutMs?: number;
  /** Abort kills the whole process tree. */
  signal?: AbortSignal;
  /** Called with each chunk as it arrives (for --verbose streaming). */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /**
   * Keep at most this many bytes of stdout+stderr in memory; beyond it everything (from the
   * start) goes to `spillPath` and the in-memory copy stops growing. Default: 4 MiB.
   */
  maxInlineBytes?: number;
  /** Where output is spilled past maxInlineBytes. Without it, output past the limit is dropped. */
  spillPath?: string;
  /**
   * Once the program itself has exited, wait at most this long for its output to end; then stop
   * what it left running in its process group and finish. Without it, the call lasts until every
   * process holding the output pipes has closed them (a background server can hold them for good).
   */
  settleAfterExitMs?: number;
}

export interface ExecResult extends CollectedOutput {
  /** null when the process was killed by a signal. */
  exitCode: number | null;
  signal: string | undefined;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError: string | undefined;
}

export type Exec = (
  file: string,
  args: readonly string[],
  options: ExecOptions,
) => Promise<ExecResult>;

/** Output kept in memory per call when the caller sets no limit. */
export const DEFAULT_INLINE = 4 * 1024 * 1024;

/**
 * Signals the child's whole process group. execa (like node) signals the child alone, and the
 * grandchildren a step started would keep running and keep its pipes open.
 */
function killTree(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Why the program did not start, in the words of node's spawn (ENOENT, EACCES, a bad cwd). */
function startError(result: Result): string {
  const cause: unknown = (result as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : (result.shortMessage ?? 'it did not start');
}

/** What exec returns for a call that never started. */
async function notStarted(spawnError: string): Promise<ExecResult> {
  const nothing = await collectOutput({ maxInlineBytes: 0, from: [] }).finish();
  return {
    exitCode: null,
    signal: undefined,
    ...nothing,
    timedOut: false,
    aborted: false,
    durationMs: 0,
    spawnError,
  };
}

function start(file: string, args: readonly string[], options: ExecOptions) {
  return execa(file, args, {
    cwd: options.cwd,
    // Node leaves out variables whose value is undefined, which is how one is removed.
    env: options.env,
    extendEnv: true,
    ...(options.input === undefined ? { stdin: 'ignore' } : { input: options.input }),
    // Read below as it arrives, into memory up to a limit and then into a file, never whole.
    buffer: false,
    reject: false,
    // Own process group, so a time limit or Ctrl-C can kill grandchildren too.
    detached: true,
    // NODE_DEBUG=execa would otherwise print every command on mmm's stderr.
    verbose: 'none',
  });
}

export const exec: Exec = async (file, args, options) => {
  let child: ReturnType<typeof start>;
  try {
    child = start(file, args, options);
  } catch (error) {
    // Arguments refused outright (a NUL byte, say) are a failure to start, like ENOENT.
    return notStarted(error instanceof Error ? error.message : String(error));
  }
  const output = collectOutput({
    maxInlineBytes: options.maxInlineBytes ?? DEFAULT_INLINE,
    spillPath: options.spillPath,
    onOutput: options.onOutput,
    from: [child.stdout, child.stderr],
  });
  // Bytes, decoded by the collector: it keeps output that is not UTF-8 as it was.
  child.stdout.on('data', (chunk: Buffer) => output.add(chunk, 'stdout'));
  child.stderr.on('data', (chunk: Buffer) => output.add(chunk, 'stderr'));
  const watch = watchForStop(options, () =>
    stopGracefully((signal) => killTree(child.pid, signal)),
  );

  let settle: NodeJS.Timeout | undefined;
  const { settleAfterExitMs } = options;
  if (settleAfterExitMs !== undefined) {
    child.once('exit', () => {
      settle = setTimeout(() => {
        // The program is done; what it started and left holding the pipes goes, and the output
        // collected so far is the call's.
        killTree(child.pid, 'SIGTERM');
        child.stdout.destroy();
        child.stderr.destroy();
      }, settleAfterExitMs);
    });
  }

  const result = await child;
  clearTimeout(settle);
  watch.dispose();
  // A finished leader can leave grandchildren behind in its group when we killed it.
  if (watch.timedOut || watch.aborted) killTree(child.pid, 'SIGKILL');

  return {
    exitCode: result.exitCode ?? null,
    signal: result.signal,
    ...(await output.finish()),
    timedOut: watch.timedOut,
    aborted: watch.aborted,
    durationMs: Math.round(result.durationMs),
    spawnError: child.pid === undefined ? startError(result) : undefined,
  };
};

/**
 * Runs a command line of the user's own (such as $EDITOR, which may carry arguments: `code
 * --wait`) through sh with `args` after it, on the terminal mmm has: the person uses it, mmm waits.
 * Returns its exit code, or the reason it could not start.
 */
export async function runOnTerminal(
  commandLine: string,
  args: string[],
  cwd: string,
): Promise<{ exitCode: number | undefined; error?: string }> {
  const result = await execa('sh', ['-c', `${commandLine} "$@"`, 'sh', ...args], {
    cwd,
    stdio: 'inherit',
    reject: false,
    verbose: 'none',
  });
  if (result.failed && result.exitCode === undefined) {
    return { exitCode: undefined, error: result.shortMessage };
  }
  return { exitCode: result.exitCode };
}
