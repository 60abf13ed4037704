// Stopping a running program: on a time limit or an abort, SIGTERM first, then SIGKILL.
const KILL_GRACE_MS = 2000;

/** Sends `kill` SIGTERM now and SIGKILL after a grace, for what ignored the first. */
export function stopGracefully(kill: (signal: NodeJS.Signals) => void): void {
  kill('SIGTERM');
  setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS).unref();
}

export interface StopWatch {
  /** Whether the time limit passed, or the signal aborted, before dispose(). */
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** The program is done: stop watching. */
  dispose(): void;
}

/** Calls `stop` once, when `timeoutMs` passes or `signal` aborts (at once if it already has). */
export function watchForStop(
  options: { timeoutMs?: number | undefined; signal?: AbortSignal | undefined },
  stop: () => void,
): StopWatch {
  const watch = { timedOut: false, aborted: false, dispose };
  const timer =
    options.timeoutMs !== undefined
      ? setTimeout(() => {
          watch.timedOut = true;
          stop();
        }, options.timeoutMs)
      : undefined;
  const onAbort = () => {
    watch.aborted = true;
    stop();
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  function dispose() {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  return watch;
}
