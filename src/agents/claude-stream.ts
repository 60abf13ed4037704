// Claude Code's `--output-format stream-json` read as it arrives: one JSON event per line, the
// result object last. Only what mmm needs is kept (the result line, the tool calls in a row), so a
// long conversation costs no memory beyond its longest line, and the idle watchdog sees every event.

/** A tool the agent called with the same input several times in a row. */
export interface RepeatedToolCall {
  tool: string;
  /** The input, as compact JSON, cut to 200 characters. */
  input: string;
  /** How many times in a row. */
  times: number;
}

/** Calls in a row with one input that make a repetition worth reporting. */
export const REPEAT_THRESHOLD = 3;
const INPUT_CHARS = 200;

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

function compact(input: unknown): string {
  const text = JSON.stringify(input ?? {}) ?? '{}';
  return text.length > INPUT_CHARS ? `${text.slice(0, INPUT_CHARS - 1)}…` : text;
}

/** A reader for one call's stdout. */
export function readClaudeStream(): ClaudeStreamReader {
  let pending = '';
  let result: string | undefined;
  const repeated: RepeatedToolCall[] = [];
  // The run of identical calls going on: its key (tool and whole input) and length.
  let run: { key: string; tool: string; input: string; times: number } | undefined;
  const endRun = () => {
    if (run && run.times >= REPEAT_THRESHOLD) {
      repeated.push({ tool: run.tool, input: run.input, times: run.times });
    }
    run = undefined;
  };

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
      const key = `${block.name}\n${JSON.stringify(block.input ?? {})}`;
      if (run?.key === key) run.times++;
      else {
        endRun();
        run = { key, tool: block.name, input: compact(block.input), times: 1 };
      }
      shown += `[${block.name}] ${compact(block.input)}\n`;
    }
    return shown;
  };

  // The output ended: a last line without its newline is whole.
  const flush = () => {
    if (pending.trim() === '') return;
    const rest = pending;
    pending = '';
    line(rest);
  };

  return {
    push(chunk) {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      return lines.map(line).join('');
    },
    resultLine() {
      flush();
      return result;
    },
    repeated() {
      flush();
      const ended = [...repeated];
      if (run && run.times >= REPEAT_THRESHOLD) {
        ended.push({ tool: run.tool, input: run.input, times: run.times });
      }
      return ended;
    },
  };
}
