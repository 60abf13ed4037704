// A lock file that names its holder. It is written whole under a temporary name and linked into
// place, so no one ever sees it empty or half-written; a holder that is gone (killed, crashed, or
// its pid now someone else's) loses it to the next comer.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRunning, thisProcess, type ProcessMark } from './liveness.js';

/** Who holds a lock: the process, what it was asked to do, and since when. */
export interface LockHolder extends ProcessMark {
  /** The command it runs, as it describes itself (`mmm worktree merge --all`). */
  command: string;
  /** ISO-8601. */
  since: string;
}

export interface TakeLockOptions {
  path: string;
  /** What this process is doing, shown to whoever finds the lock taken. */
  command: string;
  /** How long to wait for a live holder before giving up. */
  waitMs: number;
  /** Called once, when the lock is found held and the wait begins. */
  onWait?: ((holder: LockHolder) => void) | undefined;
}

export type TakeLockResult =
  | { ok: true; release: () => void; waited: boolean }
  | { ok: false; holder: LockHolder; waitedMs: number };

const POLL_MS = 100;
// Each pass either takes the lock, waits, or removes a dead holder's lock: many passes of the
// last kind mean something keeps putting dead locks there.
const MAX_TAKEOVERS = 20;

function parseHolder(text: string): LockHolder | undefined {
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    if (typeof data.pid !== 'number' || typeof data.host !== 'string') return undefined;
    return {
      pid: data.pid,
      host: data.host,
      start: typeof data.start === 'number' ? data.start : undefined,
      command: typeof data.command === 'string' ? data.command : 'an mmm run',
      // Locks of earlier versions said startedAt.
      since: [data.since, data.startedAt].find((v) => typeof v === 'string') ?? 'an unknown time',
    };
  } catch {
    return undefined;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    // Gone, or its directory is (ENOTDIR: a step replaced .git with a file).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

function scratchName(path: string, what: string): string {
  return `${path}.${what}.${process.pid}.${randomBytes(4).toString('hex')}`;
}

/** Puts `text` at `path` unless something is there already; whole or not at all. */
function createWhole(path: string, text: string): boolean {
  const temp = scratchName(path, 'new');
  writeFileSync(temp, text);
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Removes the lock at `path` if it still reads `seen` (a dead holder's). It is moved aside first
 * and then looked at, so a lock another process took over in the meantime is put back, not lost.
 */
function removeIfUnchanged(path: string, seen: string): void {
  const aside = scratchName(path, 'stale');
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readText(aside) !== seen) linkSync(aside, path);
  } catch {
    // Someone holds the lock again already: theirs stands.
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * Takes the lock at `path`, waiting up to `waitMs` for a live holder to let go. A lock whose holder
 * is gone, or that cannot be read, is taken over. On success, returns the release (also run when
 * the process exits); otherwise the holder that kept it.
 */
export async function takeLock(options: TakeLockOptions): Promise<TakeLockResult> {
  const { path } = options;
  const me: LockHolder = { ...thisProcess(), command: options.command, since: '' };
  const started = Date.now();
  let waited = false;
  let takeovers = 0;
  for (;;) {
    me.since = new Date().toISOString();
    const text = `${JSON.stringify(me)}\n`;
    if (createWhole(path, text)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        // Only our own: never a lock another process took over after judging ours dead.
        if (readText(path) === text) rmSync(path, { force: true });
      };
      process.on('exit', release);
      return { ok: true, release, waited };
    }
    const seen = readText(path);
    if (seen === undefined) continue;
    const holder = parseHolder(seen);
    if (holder === undefined || !isRunning(holder)) {
      if (++takeovers > MAX_TAKEOVERS) {
        throw new Error(`could not take the lock ${path}: it keeps being left by gone processes`);
      }
      removeIfUnchanged(path, seen);
      continue;
    }
    const waitedMs = Date.now() - started;
    if (waitedMs >= options.waitMs) return { ok: false, holder, waitedMs };
    if (!waited) options.onWait?.(holder);
    waited = true;
    await sleep(Math.min(POLL_MS, options.waitMs - waitedMs));
  }
}
