import { describe, expect, it } from 'vitest';
import { createLineSplitter, KEPT } from '../../../src/reporters/lines.js';

function collect() {
  const lines: [string, string][] = [];
  const splitter = createLineSplitter((source, line) => lines.push([source, line]));
  return { lines, splitter };
}

describe('cutting streamed output into lines', () => {
  it('joins a line split across chunks, per source, and drops a CR before the newline', () => {
    const { lines, splitter } = collect();
    splitter.push('a', 'one\ntw');
    splitter.push('b', 'other');
    splitter.push('a', 'o\r\nthree');
    splitter.flush();
    expect(lines).toEqual([
      ['a', 'one'],
      ['a', 'two'],
      ['a', 'three'],
      ['b', 'other'],
    ]);
  });

  it('shows 50 MB without a newline within two seconds, as its last characters', () => {
    const { lines, splitter } = collect();
    const chunk = 'x'.repeat(64 * 1024 - 1) + 'y';
    const started = Date.now();
    for (let i = 0; i < 800; i++) splitter.push('big', chunk);
    splitter.push('big', 'END\nnext');
    splitter.flush();
    expect(Date.now() - started).toBeLessThan(2000);
    const [first, second] = lines;
    expect(first?.[1]).toMatch(/^\[… \d+ characters not shown …\]x+yEND$/);
    expect(first?.[1].endsWith(`${'x'.repeat(KEPT - 5)}yEND`)).toBe(true);
    expect(first?.[1]).toContain(
      `[… ${String(800 * 64 * 1024 + 3 - KEPT)} characters not shown …]`,
    );
    expect(second).toEqual(['big', 'next']);
  });
});
