// `codex exec --json` read as it arrives: one JSON event per line (thread.started, turn.started,
// item.started / item.completed, turn.completed with the tokens, error, turn.failed). Only the
// lines the result needs are kept, so a long session costs no memory beyond its longest line.
import { readLines } from './json-lines.js';
import { trackRepeats, type RepeatedToolCall } from './tool-calls.js';

export interface CodexStreamReader {
  /** Feeds a chunk of stdout; returns what a person would read of it (text, commands, errors). */
  push(chunk: string): string;
  /** The lines parseCodexResult needs, in order (call once the output has ended). */
  keptLines(): string;
  /** Commands run 3 or more times in a row, in order (once the output has ended). */
  repeated(): RepeatedToolCall[];
}

/** Error events kept: the last ones say why a turn failed. */
const KEEP_ERRORS = 5;

interface Item {
  type?: unknown;
  text?: unknown;
  command?: unknown;
  changes?: unknown;
  message?: unknown;
}

interface CodexEvent {
  type?: unknown;
  item?: Item;
  message?: unknown;
}

function parseLine(line: string): CodexEvent | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null ? v : undefined;
  } catch {
    return undefined;
  }
}

function show(event: CodexEvent): string {
  const item = event.item;
  if (event.type === 'error' && typeof event.message === 'string')
    return `codex: ${event.message}\n`;
  if (!item) return '';
  if (event.type === 'item.started' && item.type === 'command_execution') {
    return `[shell] ${String(item.command)}\n`;
  }
  if (event.type !== 'item.completed') return '';
  if (item.type === 'agent_message' && typeof item.text === 'string') return `${item.text}\n`;
  if (item.type === 'file_change' && Array.isArray(item.changes)) {
    const paths = item.changes.map((c) => String((c as { path?: unknown }).path));
    return `[edit] ${paths.join(', ')}\n`;
  }
  return '';
}

/** A reader for one call's stdout. */
export function readCodexStream(): CodexStreamReader {
  let thread: string | undefined;
  let lastMessage: string | undefined;
  const turns: string[] = [];
  const errors: string[] = [];
  const repeats = trackRepeats();
  const take = (line: string): string => {
    const event = parseLine(line.trim());
    if (!event) return '';
    switch (event.type) {
      case 'thread.started':
        thread = line;
        break;
      case 'turn.completed':
        turns.push(line);
        break;
      case 'turn.failed':
      case 'error':
        errors.push(line);
        if (errors.length > KEEP_ERRORS) errors.shift();
        break;
      case 'item.completed':
        if (event.item?.type === 'agent_message') lastMessage = line;
        if (event.item?.type === 'command_execution') {
          repeats.call('shell', String(event.item.command));
        }
        break;
      default:
        break;
    }
    return show(event);
  };
  const lines = readLines(take);
  return {
    push: (chunk) => lines.push(chunk),
    keptLines() {
      lines.end();
      return [thread, lastMessage, ...turns, ...errors].filter(Boolean).join('\n');
    },
    repeated: () => repeats.repeated(),
  };
}
