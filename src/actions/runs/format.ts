// Plain-text building blocks for `mmm runs`: tables, times, durations, costs.

import { formatElapsed } from '../../infra/format.js';

export interface Column {
  header: string;
  /** Numbers read better aligned to the right. */
  align?: 'left' | 'right';
}

/** A table with a header row, columns two spaces apart, no trailing spaces. */
export function renderTable(columns: readonly Column[], rows: readonly string[][]): string {
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return c.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n') + '\n';
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local time, to the minute (or second): `2025-03-01 10:00`. */
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

/** Time taken; `-` when nothing was recorded. */
export function formatDuration(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '-' : formatElapsed(ms);
}

/** Dollars as reported; `-` when nothing was reported. */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '-';
  return usd > 0 && usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 8) : '-';
}

export function oneLine(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
