// How numbers, times, commits and tables are written wherever a person reads them: the one place,
// so that the engine's messages, the reporters, `mmm runs` and `mmm worktree` agree.
import { showControls } from './control-chars.js';

/** A limit or setting, as people write them: "20m", "1m 30s", "2.5s", "800ms". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].filter(Boolean).join(' ');
}

/** Time taken, in columns that line up: "850ms", "1.2s", "2m 05s", "1h 02m"; `-` when unknown. */
export function formatElapsed(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes}m ${String(totalSeconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** "42s", "7m", "3h", "12d": how long ago. */
export function formatAge(fromIso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local time, to the minute (or second): `2025-03-01 10:00`; `-` when unknown. */
export function formatTime(iso: string | null, seconds = false): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
  return `${date} ${time}${seconds ? `:${pad2(d.getSeconds())}` : ''}`;
}

/** `HH:MM:SS` local time, for event lines. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Dollars to the cent, or to four decimals below a cent so a small call still shows; `-` when none was reported. */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '-';
  return usd > 0 && usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** A commit as git abbreviates it by default; `-` when there is none. */
export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : '-';
}

/** A text on one line, cut with an ellipsis past `max` characters. */
export function oneLine(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The last few non-blank lines of an output, for an error message. */
export function tailLines(text: string, lines = 8, max = 1000): string {
  const kept = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-lines)
    .join('\n');
  return kept.length > max ? `...${kept.slice(-max)}` : kept;
}

export interface Column {
  header: string;
  /** Numbers read better aligned to the right. */
  align?: 'left' | 'right';
}

/**
 * A table with a header row, columns two spaces apart, no trailing spaces. Cells are shown with
 * their control characters visible (a file name can hold an escape or a line break), one line each.
 */
export function formatTable(
  columns: readonly (Column | string)[],
  given: readonly string[][],
): string {
  const rows = given.map((r) =>
    r.map((cell) => showControls(cell).replace(/\n/g, '^J').replace(/\t/g, '^I')),
  );
  const cols = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  const widths = cols.map((c, i) =>
    Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cols
      .map((c, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return c.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(cols.map((c) => c.header)), ...rows.map(line)].join('\n') + '\n';
}
