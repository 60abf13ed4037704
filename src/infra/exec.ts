// Child processes started from Node itself: the resident shells (resident-shell.ts) and every call
// they do not take start here.
import { spawn, type ChildProcess } from 'node:child_process';
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

/** Kill a detached child's whole process group: first SIGTERM, then SIGKILL after a grace. */
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

interface Exit {
  exitCode: number | null;
  signal: string | undefined;
  spawnError: string | undefined;
}

/**
 * Starts the process with node's own spawn. A run starts several processes per step (the step's
 * shell, then git); a wrapper library was measured adding ~0.9 ms of CPU per process on top of
 * the ~1.1 ms the spawn itself costs, for nothing used here: output, limits, timeouts and
 * killing the process group are all handled below.
 */
function start(
  file: string,
  args: readonly string[],
  options: ExecOptions,
): { child: ChildProcess | undefined; exited: Promise<Exit> } {
  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      cwd: options.cwd,
      // Node leaves out variables whose value is undefined, which is how one is removed.
      env: { ...process.env, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      // Own process group, so a timeout or Ctrl-C can kill grandchildren too.
      detached: true,
    });
  } catch (error) {
    // Arguments node refuses outright (a NUL byte, say) are a failure to start, like ENOENT.
    const spawnError = error instanceof Error ? error.message : String(error);
    return {
      child: undefined,
      exited: Promise.resolve({ exitCode: null, signal: undefined, spawnError }),
    };
  }
  const started = child;
  const exited = new Promise<Exit>((resolve) => {
    started.on('error', (error) => {
      // Without a pid it never started (ENOENT, EACCES, a missing cwd); later errors are
      // failed kills of a process that is going anyway.
      if (started.pid === undefined) {
        resolve({ exitCode: null, signal: undefined, spawnError: error.message });
      }
    });
    // 'close' comes after the output pipes are drained, so no output is lost.
    started.once('close', (code, signal) => {
      resolve({ exitCode: code, signal: signal ?? undefined, spawnError: undefined });
    });
  });
  if (started.stdin) {
    // A process that exits without reading its input must not fail the write.
    started.stdin.on('error', () => undefined);
    started.stdin.end(options.input);
  }
  return { child: started, exited };
}

export const exec: Exec = async (file, args, options) => {
  const started = Date.now();
  const { child, exited } = start(file, args, options);
  const output = collectOutput({
    maxInlineBytes: options.maxInlineBytes ?? DEFAULT_INLINE,
    spillPath: options.spillPath,
    onOutput: options.onOutput,
    from: [child?.stdout, child?.stderr],
  });
  // Bytes, decoded by the collector: it keeps output that is not UTF-8 as it was.
  child?.stdout?.on('data', (chunk: Buffer) => output.add(chunk, 'stdout'));
  child?.stderr?.on('data', (chunk: Buffer) => output.add(chunk, 'stderr'));
  const watch = watchForStop(options, () =>
    stopGracefully((signal) => killTree(child?.pid, signal)),
  );

  let settle: NodeJS.Timeout | undefined;
  if (options.settleAfterExitMs !== undefined && child) {
    const leader = child;
    leader.once('exit', () => {
      settle = setTimeout(() => {
        // The program is done; what it started and left holding the pipes goes, and the output
        // collected so far is the call's.
        killTree(leader.pid, 'SIGTERM');
        leader.stdout?.destroy();
        leader.stderr?.destroy();
      }, options.settleAfterExitMs);
    });
  }

  const result = await exited;
  clearTimeout(settle);
  watch.dispose();
  // A finished leader can leave grandchildren behind in its group when we killed it.
  if (watch.timedOut || watch.aborted) killTree(child?.pid, 'SIGKILL');

  return {
    exitCode: result.exitCode,
    signal: result.signal,
    ...(await output.finish()),
    timedOut: watch.timedOut,
    aborted: watch.aborted,
    durationMs: Date.now() - started,
    spawnError: result.spawnError,
  };
};
