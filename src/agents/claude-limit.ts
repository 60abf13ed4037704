// Recognising, in Claude Code's result object, a call that ended on a limit that lifts by itself:
// a rate limit or overload of the API (HTTP 429 / 529, after the CLI's own retries), or a
// subscription's usage limit, whose message names the time it resets. Pure: `now` is passed in.
import type { AgentLimit } from './types.js';

/**
 * A subscription's usage limit, in the wordings Claude Code has used: "You've hit your limit ·
 * resets 4pm (Europe/London)" and "You've hit your weekly limit · resets Apr 23 at 4pm (UTC)"
 * (2.x), "Claude usage limit reached. Your limit will reset at 5pm (Europe/Warsaw)." and
 * "Claude AI usage limit reached|1762952400" (1.0.x), "5-hour limit reached ∙ resets 3am".
 * A spend limit is left out: it lifts only when someone raises it.
 */
const USAGE_LIMIT =
  /you['’]ve (?:hit|reached) your\b[^·∙|.\n]*\blimit|usage limit reached|\blimit reached\s*[·∙]\s*resets/i;
const NOT_WAITABLE = /spend limit|add funds|out of usage credits|seat type/i;
/** Older CLIs append the reset as seconds since the epoch: `...limit reached|1762952400`. */
const EPOCH = /\|(\d{9,11})\b/;
const RESETS =
  /\bresets?\s+(?:at\s+)?(?:(?<month>[A-Z][a-z]{2})\s+(?<day>\d{1,2})(?:,\s*(?<year>\d{4}))?(?:,|\s+at)?\s+)?(?<hour>\d{1,2})(?::(?<minute>\d{2}))?\s*(?<ampm>[ap]\.?m\.?)(?:\s*\((?<zone>[^)\s]+)\))?/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The wall clock in `zone` at `at`, as if it were UTC (throws RangeError for an unknown zone). */
function wallClock(at: Date, zone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
}

/** The instant when the wall clock in `zone` shows `wall` (a UTC-encoded wall time). */
function fromWallClock(wall: number, zone: string | undefined): number {
  let guess = wall;
  // Twice: the offset at the first guess may differ from the offset at the answer (DST).
  for (let i = 0; i < 2; i++) guess = wall - (wallClock(new Date(guess), zone) - guess);
  return guess;
}

/**
 * The reset time a limit message names, resolved against `now`: the next such time in the time
 * zone it names (the machine's own when it names none). Undefined when it names none, or one
 * that cannot be read.
 */
export function parseResetTime(text: string, now: Date): Date | undefined {
  const epoch = EPOCH.exec(text);
  if (epoch?.[1]) return new Date(Number(epoch[1]) * 1000);
  const g = RESETS.exec(text)?.groups;
  if (!g?.hour) return undefined;
  let hour = Number(g.hour);
  const minute = Number(g.minute ?? 0);
  if (hour < 1 || hour > 12 || minute > 59) return undefined;
  const pm = g.ampm?.toLowerCase().startsWith('p') ?? false;
  hour = (hour % 12) + (pm ? 12 : 0);
  const zone = g.zone;
  try {
    const today = new Date(wallClock(now, zone));
    const month = g.month ? MONTHS.indexOf(g.month.toLowerCase()) : today.getUTCMonth();
    if (month < 0) return undefined;
    const day = g.day ? Number(g.day) : today.getUTCDate();
    const year = g.year ? Number(g.year) : today.getUTCFullYear();
    const atYear = (y: number) => fromWallClock(Date.UTC(y, month, day, hour, minute), zone);
    let at = atYear(year);
    // "4pm" said an hour or more ago means tomorrow's.
    if (!g.month && at <= now.getTime() - HOUR_MS) at += DAY_MS;
    // A date without a year is the first of last year's, this year's and next year's that is not
    // more than 30 days past: "Dec 20" read on Jan 15 is the one 26 days ago, not next December.
    if (g.month && !g.year) {
      at =
        [year - 1, year, year + 1].map(atYear).find((t) => t >= now.getTime() - 30 * DAY_MS) ?? at;
    }
    return new Date(at);
  } catch {
    // An unknown time zone: the limit is still a limit, waited out by backing off.
    return undefined;
  }
}

/** Old CLIs without api_error_status still said the status in the text. */
const STATUS_IN_TEXT = /^API Error:\s*(?:Request rejected\s*\()?(429|529)\b/i;

/**
 * The limit a failed call ended on, or undefined when it failed for another reason. `said` is the
 * result text; `apiStatus` the result object's `api_error_status`.
 */
export function detectLimit(
  said: string,
  apiStatus: number | undefined,
  now: Date,
): AgentLimit | undefined {
  if (NOT_WAITABLE.test(said)) return undefined;
  if (USAGE_LIMIT.test(said)) {
    return { kind: 'usage_limit', resetsAt: parseResetTime(said, now) };
  }
  const status = apiStatus ?? Number(STATUS_IN_TEXT.exec(said.trim())?.[1]);
  if (status === 429) return { kind: 'rate_limit', resetsAt: undefined };
  if (status === 529 || /\boverloaded_error\b/.test(said)) {
    return { kind: 'overloaded', resetsAt: undefined };
  }
  return undefined;
}
