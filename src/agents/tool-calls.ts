// Tool calls as mmm reports them: the input cut short for a person to read, and runs of the same
// call in a row (an agent going round in circles), tracked the same way for every agent's events.

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

/** `text` cut to 200 characters, the last one an ellipsis when cut. */
export function cutInput(text: string): string {
  return text.length > INPUT_CHARS ? `${text.slice(0, INPUT_CHARS - 1)}…` : text;
}

/** A tool call's input as compact JSON, cut to 200 characters. */
export function compactInput(input: unknown): string {
  return cutInput(JSON.stringify(input ?? {}) ?? '{}');
}

export interface RepeatTracker {
  /** Records one call: `input` is its whole input as text (two calls are the same when both match). */
  call(tool: string, input: string): void;
  /** Runs of the same call, at least REPEAT_THRESHOLD long, in order, the one going on included. */
  repeated(): RepeatedToolCall[];
}

/** Counts calls in a row with the same tool and input. */
export function trackRepeats(): RepeatTracker {
  const ended: RepeatedToolCall[] = [];
  let run: { tool: string; input: string; times: number } | undefined;
  const report = (r: typeof run): RepeatedToolCall[] =>
    r && r.times >= REPEAT_THRESHOLD
      ? [{ tool: r.tool, input: cutInput(r.input), times: r.times }]
      : [];
  return {
    call(tool, input) {
      if (run?.tool === tool && run.input === input) {
        run.times++;
        return;
      }
      ended.push(...report(run));
      run = { tool, input, times: 1 };
    },
    repeated: () => [...ended, ...report(run)],
  };
}
