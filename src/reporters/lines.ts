// Cuts streamed output chunks into whole lines, per source, so lines from a step are never split.

export interface LineSplitter {
  push(source: string, chunk: string): void;
  /** Emit what is left of unfinished lines (at the end of a step or of the run). */
  flush(): void;
}

export function createLineSplitter(emit: (source: string, line: string) => void): LineSplitter {
  const partial = new Map<string, string>();
  return {
    push(source, chunk) {
      const lines = ((partial.get(source) ?? '') + chunk).split('\n');
      partial.set(source, lines.pop() ?? '');
      for (const line of lines) emit(source, line.replace(/\r$/, ''));
    },
    flush() {
      for (const [source, rest] of partial) if (rest !== '') emit(source, rest);
      partial.clear();
    },
  };
}
