// Flag values of `mmm runs`, checked: the same plain decimal numbers `mmm cook -n` takes.
import { UsageError } from '../../errors.js';
import { parseMaxIterations } from '../cook/options.js';

/** `value` as a whole number of 1 or more written in plain digits (no 0x10, 1e3, 1.5), else null. */
function wholeNumber(value: string): number | null {
  try {
    return parseMaxIterations(value) ?? null;
  } catch (error) {
    if (error instanceof UsageError) return null;
    throw error;
  }
}

/** `-n 5` → 5; `-n 0` → undefined (all runs). */
export function parseLimit(value: string): number | undefined {
  if (/^\s*0+\s*$/.test(value)) return undefined;
  const n = wholeNumber(value);
  if (n === null) {
    throw new UsageError(`-n/--limit must be a whole number of runs (0 for all), not "${value}"`);
  }
  return n;
}

/** An hour: a slower poll would look stuck, and setTimeout fires at once past 2^31 - 1 ms. */
export const MAX_INTERVAL_MS = 3_600_000;

/** `--interval 250` → 250 (ms). */
export function parseInterval(value: string): number {
  const n = wholeNumber(value);
  if (n === null || n > MAX_INTERVAL_MS) {
    throw new UsageError(
      `--interval must be a whole number of milliseconds from 1 to ${MAX_INTERVAL_MS}, not "${value}"`,
    );
  }
  return n;
}
