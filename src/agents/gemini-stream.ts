// Gemini CLI's `--output-format stream-json` read as it arrives: one JSON event per line (init,
// message, tool_use, tool_result, error, result). The CLI echoes the whole prompt back as the first
// user message; that line is dropped here, so a 1 MB prompt is not kept twice, and what remains is
// small enough to parse once the call has ended.
import { readLines } from './json-lines.js';
import { compactInput, trackRepeats, type RepeatedToolCall } from './tool-calls.js';

export interface GeminiStreamReader {
  /** Feeds a chunk of stdout; returns what a person would read of it (text and tool calls). */
  push(chunk: string): string;
  /** Every line but the echoed prompt, for parseGeminiResult (call once the output has ended). */
  output(): string;
  /** Runs of the same tool call, at least REPEAT_THRESHOLD long, in order (once the output ended). */
  repeated(): RepeatedToolCall[];
}

interface StreamEvent {
  type?: unknown;
  role?: unknown;
  content?: unknown;
  tool_name?: unknown;
  parameters?: unknown;
  status?: unknown;
  error?: { message?: unknown } | undefined;
}

function parseEvent(line: string): StreamEvent | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A reader for one call's stdout. */
export function readGeminiStream(): GeminiStreamReader {
  const kept: string[] = [];
  const repeats = trackRepeats();
  // Text arrives in pieces (`delta`): a tool call shown after it starts on a line of its own.
  let midLine = false;
  const newline = () => (midLine ? ((midLine = false), '\n') : '');

  const line = (text: string): string => {
    const trimmed = text.trim();
    if (trimmed === '') return '';
    const event = parseEvent(trimmed);
    if (event?.type === 'message' && event.role === 'user') return '';
    kept.push(trimmed);
    if (event === undefined) return `${newline()}${trimmed}\n`;
    if (event.type === 'message' && typeof event.content === 'string') {
      midLine = !event.content.endsWith('\n');
      return event.content;
    }
    if (event.type === 'tool_use' && typeof event.tool_name === 'string') {
      repeats.call(event.tool_name, JSON.stringify(event.parameters ?? {}) ?? '{}');
      return `${newline()}[${event.tool_name}] ${compactInput(event.parameters)}\n`;
    }
    if (event.type === 'tool_result' && event.status === 'error') {
      const message = typeof event.error?.message === 'string' ? event.error.message : 'failed';
      return `${newline()}  (tool error: ${message})\n`;
    }
    if (event.type === 'result') return newline();
    return '';
  };

  const lines = readLines(line);
  // The output ended: a last line without its newline is whole.
  const flush = () => void lines.end();

  return {
    push: (chunk) => lines.push(chunk),
    output() {
      flush();
      return kept.join('\n');
    },
    repeated() {
      flush();
      return repeats.repeated();
    },
  };
}
