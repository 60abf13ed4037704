// Is the process that wrote a lock or started a run still that process? A pid alone does not say:
// once the process is gone, the system may give its pid to another. On Linux the kernel also tells
// when a process started (/proc/<pid>/stat), which a reused pid does not share.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** A process as it can be recognised later: its pid, and where known when it started. */
export interface ProcessMark {
  pid: number;
  /** Start time in clock ticks since boot (Linux); undefined where the system does not say. */
  start?: number | undefined;
  host: string;
}

/** The start time of `pid` in clock ticks since boot, or undefined (not Linux, or no such process). */
export function processStart(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2, the command name, is in parentheses and may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Field 22 of the whole line is the 20th after the name.
  const start = Number(fields[19]);
  return Number.isFinite(start) ? start : undefined;
}

/** This process, as others will recognise it. */
export function thisProcess(): ProcessMark {
  return { pid: process.pid, start: processStart(process.pid), host: hostname() };
}

/** Whether a process with this pid exists now (one of another user's counts). */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the marked process may still be running. A process on another machine (a checkout on
 * a shared disk) cannot be asked, so it counts as running. A pid now held by a process that
 * started at another time is a reused pid: the marked process is gone.
 */
export function isRunning(mark: ProcessMark): boolean {
  if (mark.host !== hostname()) return true;
  if (!Number.isInteger(mark.pid) || mark.pid <= 0 || !pidExists(mark.pid)) return false;
  if (mark.start === undefined) return true;
  const now = processStart(mark.pid);
  return now === undefined || now === mark.start;
}
