// Reading the line-per-event JSON that agent CLIs print (`--stream-json`, `--output-format json`),
// leniently: a line that is not a JSON object (a warning, a login prompt) is skipped, not an error.
import { compactInput } from './tool-calls.js';
import type { AgentLimit } from './types.js';

/** One parsed event: a JSON object with its fields unknown. */
export type JsonEvent = Record<string, unknown>;

/** Every line of `text` that is a JSON object, in order. */
export function readJsonLines(text: string): JsonEvent[] {
  const events: JsonEvent[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        events.push(parsed as JsonEvent);
      }
    } catch {
      // Not JSON after all: text the CLI printed among its events.
    }
  }
  return events;
}

export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const obj = (v: unknown): JsonEvent | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonEvent) : undefined;

/** The strings among `values`, each once, in the order first seen (models named by events). */
export function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}

/** The last event whose `type` is `type`. */
export function lastOfType(events: JsonEvent[], type: string): JsonEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]?.type === type) return events[i];
  }
  return undefined;
}

const RATE_LIMIT = /\b429\b|rate[ _-]?limit|too many requests/i;
const OVERLOADED = /\b(?:503|529)\b|overloaded|service unavailable/i;
const USAGE_LIMIT = /usage limit|quota (?:exceeded|reached)|quota_exceeded/i;

/**
 * A limit that lifts by itself, read from a CLI's error words (or the HTTP status it names) when
 * the CLI has no field of its own for it. No reset time: these CLIs do not print one.
 */
export function limitFromWords(said: string, status?: number): AgentLimit | undefined {
  if (USAGE_LIMIT.test(said)) return { kind: 'usage_limit', resetsAt: undefined };
  if (status === 429 || RATE_LIMIT.test(said)) return { kind: 'rate_limit', resetsAt: undefined };
  if (status === 503 || status === 529 || OVERLOADED.test(said)) {
    return { kind: 'overloaded', resetsAt: undefined };
  }
  return undefined;
}

/**
 * A reader of stdout as it arrives that turns each whole line into what a person would read of it
 * (`-v`): `show` renders an event ('' to hide it); a line that is not JSON is shown as it is.
 */
export function showJsonLines(show: (event: JsonEvent) => string): (chunk: string) => string {
  const lines = readLines((line) => {
    const trimmed = line.trim();
    if (trimmed === '') return '';
    const [event] = readJsonLines(trimmed);
    return event ? show(event) : `${trimmed}\n`;
  });
  return (chunk) => lines.push(chunk);
}

/** Whole lines out of output that arrives in chunks. */
export interface LineReader {
  /** Feeds a chunk; each line it completes goes to the line function, and what they return is joined. */
  push(chunk: string): string;
  /** The output ended: a last line without its newline is whole, and goes to the line function. */
  end(): string;
}

/** A LineReader that hands each line (without its newline) to `line`. */
export function readLines(line: (text: string) => string): LineReader {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      return lines.map(line).join('');
    },
    end() {
      if (pending.trim() === '') return '';
      const rest = pending;
      pending = '';
      return line(rest);
    },
  };
}

/** A tool call as `-v` shows it: `[name] {input}`, the input cut to 200 characters. */
export function showToolCall(name: string, input: unknown): string {
  return `[${name}] ${compactInput(input)}\n`;
}
