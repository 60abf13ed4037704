// agent.idle_timeout: an agent call that prints nothing and changes no file for that long is
// stopped. Claude Code prints its result only at the end, so for it the working tree is the
// only sign of life; the tree is judged by a fingerprint of `git status` every few seconds.
import { treeFingerprint } from '../git/activity.js';
import type { GitDeps } from '../git/run.js';

/** How often the tree is looked at: often enough to be fair, never more than every 15 s. */
export function watchInterval(idleMs: number): number {
  return Math.max(50, Math.min(Math.floor(idleMs / 4), 15_000));
}

export interface Watchdog {
  /** Aborts when the parent does, or when the call went quiet for too long. */
  signal: AbortSignal;
  /** The call showed a sign of life (it printed something). */
  touch(): void;
  /** True once the watchdog stopped the call. */
  fired(): boolean;
  stop(): void;
}

/**
 * Watches one agent call. Without `idleMs` it only passes the parent's abort on. Real time, not
 * the engine's clock: it measures a live process.
 */
export function startWatchdog(
  git: GitDeps,
  cwd: string,
  idleMs: number | undefined,
  parent: AbortSignal,
): Watchdog {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (parent.aborted) onAbort();
  parent.addEventListener('abort', onAbort, { once: true });
  let fired = false;
  let last = Date.now();
  let fingerprint: string | undefined;
  let looking = false;
  const look = async () => {
    if (looking || idleMs === undefined) return;
    looking = true;
    try {
      const now = await treeFingerprint(git, cwd).catch(() => fingerprint);
      if (now !== fingerprint) {
        // The first look only sets the baseline, which the call's start already counts as life.
        if (fingerprint !== undefined) last = Date.now();
        fingerprint = now;
      }
      if (Date.now() - last >= idleMs && !controller.signal.aborted) {
        fired = true;
        controller.abort();
      }
    } finally {
      looking = false;
    }
  };
  const timer =
    idleMs === undefined ? undefined : setInterval(() => void look(), watchInterval(idleMs));
  if (idleMs !== undefined) void look();
  return {
    signal: controller.signal,
    touch: () => (last = Date.now()),
    fired: () => fired,
    stop() {
      clearInterval(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}
