// Recognising, in what the Codex CLI says when a turn fails, a limit that lifts by itself: a
// ChatGPT plan's usage limit (with the time it resets), a rate limit (HTTP 429 after the CLI's own
// retries) or a model at capacity. Pure: `now` is passed in.
import type { AgentLimit } from './types.js';

/** "You’ve hit your usage limit. … Try again at 5:12 AM." (the CLI writes a curly apostrophe). */
const USAGE_LIMIT = /you['’]ve hit your usage limit/i;
/** Limits that lift only when someone pays or raises them: waiting would be in vain. */
const NOT_WAITABLE =
  /out of credits|spend cap|quota exceeded|insufficient_quota|upgrade to plus: https/i;
const RATE_LIMIT = /\b429\b|too many requests|rate limit/i;
const OVERLOADED =
  /at capacity|\b(?:503|529)\b|overloaded|experiencing high demand|service unavailable/i;
/**
 * The reset time as the CLI prints it, in the local time of the machine it runs on: `5:12 AM`
 * today, or `Dec 9th, 2026 5:12 AM` for a later day.
 */
const TRY_AGAIN =
  /try again at (?:(?<month>[A-Z][a-z]{2}) (?<day>\d{1,2})(?:st|nd|rd|th)?, (?<year>\d{4}) )?(?<hour>\d{1,2}):(?<minute>\d{2})\s*(?<ampm>[AP]M)/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The reset time a usage-limit message names, in this machine's time zone; undefined if none. */
export function parseCodexResetTime(text: string, now: Date): Date | undefined {
  const g = TRY_AGAIN.exec(text)?.groups;
  if (!g?.hour || !g.minute || !g.ampm) return undefined;
  const hour12 = Number(g.hour);
  const minute = Number(g.minute);
  if (hour12 < 1 || hour12 > 12 || minute > 59) return undefined;
  const hour = (hour12 % 12) + (g.ampm.toUpperCase() === 'PM' ? 12 : 0);
  if (g.month && g.day && g.year) {
    const month = MONTHS.indexOf(g.month.toLowerCase());
    if (month < 0) return undefined;
    return new Date(Number(g.year), month, Number(g.day), hour, minute);
  }
  const at = new Date(now.getFullYear(), now.getMonth(), now.getDate(), hour, minute);
  // A time of day already past by more than a minute is tomorrow's.
  if (at.getTime() < now.getTime() - 60_000) at.setDate(at.getDate() + 1);
  return at;
}

/** The limit a failed turn ended on, from the CLI's message; undefined for any other failure. */
export function detectCodexLimit(said: string, now: Date): AgentLimit | undefined {
  if (NOT_WAITABLE.test(said)) return undefined;
  if (USAGE_LIMIT.test(said))
    return { kind: 'usage_limit', resetsAt: parseCodexResetTime(said, now) };
  if (RATE_LIMIT.test(said)) return { kind: 'rate_limit', resetsAt: undefined };
  if (OVERLOADED.test(said)) return { kind: 'overloaded', resetsAt: undefined };
  return undefined;
}
