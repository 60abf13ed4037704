// Claude Code's `--output-format stream-json` read as it arrives: one JSON event per line, the
// result object last. Only what mmm needs is kept (the result line, the tool calls in a row), so a
// long conversation costs no memory beyond its longest line, and the idle watchdog sees every event.

import { readLines } from './json-lines.js';
import { compactInput, trackRepeats, type RepeatedToolCall } from './tool-calls.js';

export interface ClaudeStreamReader {
  /** Feeds a chunk of stdout; returns what a person would read of it (text and tool calls). */
  push(chunk: string): string;
  /** The last result object's line, when one came (call once the output has ended). */
  resultLine(): string | undefined;
  /** Runs of the same tool call, at least REPEAT_THRESHOLD long, in order (once the output ended). */
  repeated(): RepeatedToolCall[];
}

interface ContentBlock {
  type?: unknown;
  text?: unknown;
  name?: unknown;
  input?: unknown;
}

function contentOf(event: unknown): ContentBlock[] {
  if (typeof event !== 'object' || event === null) return [];
  const e = event as { type?: unknown; message?: { content?: unknown } };
  if (e.type !== 'assistant' || !Array.isArray(e.message?.content)) return [];
  return e.message.content.filter((b): b is ContentBlock => typeof b === 'object' && b !== null);
}

function isResult(event: unknown): boolean {
  return (
    typeof event === 'object' && event !== null && (event as { type?: unknown }).type === 'result'
  );
}

/** A reader for one call's stdout. */
export function readClaudeStream(): ClaudeStreamReader {
  let result: string | undefined;
  const repeats = trackRepeats();

  const line = (text: string): string => {
    const trimmed = text.trim();
    if (!trimmed.startsWith('{')) return trimmed === '' ? '' : `${trimmed}\n`;
    let event: unknown;
    try {
      event = JSON.parse(trimmed);
    } catch {
      return `${trimmed}\n`;
    }
    if (isResult(event)) {
      result = trimmed;
      return '';
    }
    let shown = '';
    for (const block of contentOf(event)) {
      if (block.type === 'text' && typeof block.text === 'string') shown += `${block.text}\n`;
      if (block.type !== 'tool_use' || typeof block.name !== 'string') continue;
      repeats.call(block.name, JSON.stringify(block.input ?? {}) ?? '{}');
      shown += `[${block.name}] ${compactInput(block.input)}\n`;
    }
    return shown;
  };

  const lines = readLines(line);
  // The output ended: a last line without its newline is whole.
  const flush = () => void lines.end();

  return {
    push: (chunk) => lines.push(chunk),
    resultLine() {
      flush();
      return result;
    },
    repeated() {
      flush();
      return repeats.repeated();
    },
  };
}
