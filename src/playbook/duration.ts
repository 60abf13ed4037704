// Durations in playbooks: a number of seconds, or a string of units in order (1h30m, 90s, 500ms).

/** The string form, shared with the schema's `duration` pattern (a test keeps them in step). */
export const DURATION_PATTERN = '^(?=.*[1-9])(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$';

const durationRe = new RegExp(DURATION_PATTERN);
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** What a user can write, shown in every duration error. */
export const DURATION_HINT =
  'use a number of seconds (90) or a string like 90s, 20m, 1h, 1h30m or 500ms';

/**
 * Milliseconds for a playbook duration, or undefined when it is not one.
 * Zero and negative durations are not durations: a zero timeout would kill every step.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : undefined;
  }
  if (typeof value !== 'string' || !durationRe.test(value)) return undefined;
  let total = 0;
  for (const match of value.matchAll(/(\d+)(ms|h|m|s)/g)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
  }
  return total;
}
