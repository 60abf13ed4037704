// The only module that imports execa: every child process of mmm starts here.
import { createWriteStream, type WriteStream } from 'node:fs';
import { execa } from 'execa';

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
}

export interface ExecResult {
  /** null when the process was killed by a signal. */
  exitCode: number | null;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived (bounded like the others). */
  all: string;
  /** Total bytes the process wrote on stdout and stderr. */
  outputBytes: number;
  /** Set when output passed maxInlineBytes and was written whole to spillPath. */
  spilledTo: string | undefined;
  /** True when output was cut because it passed the limit and there was no spillPath. */
  truncated: boolean;
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

const DEFAULT_INLINE = 4 * 1024 * 1024;
const KILL_GRACE_MS = 2000;

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

export const exec: Exec = async (file, args, options) => {
  const started = Date.now();
  const limit = options.maxInlineBytes ?? DEFAULT_INLINE;
  let stdout = '';
  let stderr = '';
  let all = '';
  let bytes = 0;
  let spill: WriteStream | undefined;
  let spilledTo: string | undefined;
  let truncated = false;
  let timedOut = false;
  let aborted = false;

  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: true,
    input: options.input,
    stdin: options.input === undefined ? 'ignore' : 'pipe',
    buffer: false,
    reject: false,
    // Own process group, so a timeout or Ctrl-C can kill grandchildren too.
    detached: true,
    stripFinalNewline: false,
    encoding: 'utf8',
  });

  const onChunk = (stream: 'stdout' | 'stderr') => (data: Buffer | string) => {
    const chunk = typeof data === 'string' ? data : data.toString('utf8');
    const size = Buffer.byteLength(chunk);
    bytes += size;
    options.onOutput?.(chunk, stream);
    if (spill) {
      spill.write(chunk);
      return;
    }
    if (bytes > limit) {
      if (options.spillPath) {
        spill = createWriteStream(options.spillPath);
        spilledTo = options.spillPath;
        spill.write(all);
        spill.write(chunk);
      } else {
        truncated = true;
      }
      return;
    }
    all += chunk;
    if (stream === 'stdout') stdout += chunk;
    else stderr += chunk;
  };
  child.stdout?.on('data', onChunk('stdout'));
  child.stderr?.on('data', onChunk('stderr'));

  const stop = () => {
    killTree(child.pid, 'SIGTERM');
    setTimeout(() => killTree(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
  };
  const timer =
    options.timeoutMs !== undefined
      ? setTimeout(() => {
          timedOut = true;
          stop();
        }, options.timeoutMs)
      : undefined;
  const onAbort = () => {
    aborted = true;
    stop();
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const result = await child;
  if (timer) clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  // A finished leader can leave grandchildren behind in its group when we killed it.
  if (timedOut || aborted) killTree(child.pid, 'SIGKILL');
  if (spill) {
    const s = spill;
    await new Promise<void>((resolve) => s.end(resolve));
  }

  const failedToStart = result.exitCode === undefined && result.signal === undefined;
  return {
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? undefined,
    stdout,
    stderr,
    all,
    outputBytes: bytes,
    spilledTo,
    truncated,
    timedOut,
    aborted,
    durationMs: Date.now() - started,
    spawnError: failedToStart ? (result.shortMessage ?? 'failed to start') : undefined,
  };
};
