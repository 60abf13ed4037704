// Cuts streamed output chunks into whole lines, per source, so lines from a step are never split.
// An unfinished line keeps only its last KEPT characters: a step printing megabytes without a
// newline costs time in proportion to what it prints, not to the square of it.

export interface LineSplitter {
  push(source: string, chunk: string): void;
  /** Emit what is left of unfinished lines (at the end of a step or of the run). */
  flush(): void;
}

/** Characters of an unfinished line kept for display. */
export const KEPT = 8192;

interface Unfinished {
  text: string;
  /** Characters dropped from the front of the line. */
  dropped: number;
}

function keep(held: Unfinished, text: string): Unfinished {
  const all = held.text + text;
  if (all.length <= KEPT) return { text: all, dropped: held.dropped };
  return { text: all.slice(all.length - KEPT), dropped: held.dropped + all.length - KEPT };
}

function shown(held: Unfinished): string {
  const text = held.text.replace(/\r$/, '');
  return held.dropped === 0 ? text : `[… ${String(held.dropped)} characters not shown …]${text}`;
}

export function createLineSplitter(emit: (source: string, line: string) => void): LineSplitter {
  const partial = new Map<string, Unfinished>();
  return {
    push(source, chunk) {
      const held = partial.get(source) ?? { text: '', dropped: 0 };
      const lines = chunk.split('\n');
      const rest = lines.pop() ?? '';
      if (lines.length === 0) {
        partial.set(source, keep(held, rest));
        return;
      }
      const [first = '', ...others] = lines;
      emit(source, shown(keep(held, first)));
      for (const line of others) emit(source, line.replace(/\r$/, ''));
      partial.set(source, keep({ text: '', dropped: 0 }, rest));
    },
    flush() {
      for (const [source, rest] of partial) {
        if (rest.text !== '' || rest.dropped > 0) emit(source, shown(rest));
      }
      partial.clear();
    },
  };
}
