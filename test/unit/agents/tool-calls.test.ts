import { describe, expect, it } from 'vitest';
import { readLines } from '../../../src/agents/json-lines.js';
import { compactInput, trackRepeats } from '../../../src/agents/tool-calls.js';

describe('trackRepeats', () => {
  it('reports runs of 3 or more identical calls, in order, the last one included', () => {
    const repeats = trackRepeats();
    for (const input of ['a', 'a', 'a', 'b', 'a', 'a', 'c', 'c', 'c', 'c'])
      repeats.call('t', input);
    repeats.call('u', 'c');
    expect(repeats.repeated()).toEqual([
      { tool: 't', input: 'a', times: 3 },
      { tool: 't', input: 'c', times: 4 },
    ]);
    repeats.call('u', 'c');
    repeats.call('u', 'c');
    expect(repeats.repeated().at(-1)).toEqual({ tool: 'u', input: 'c', times: 3 });
  });

  it('tells calls apart by their whole input but reports it cut to 200 characters', () => {
    const repeats = trackRepeats();
    const long = 'x'.repeat(300);
    for (let i = 0; i < 3; i++) repeats.call('t', long);
    repeats.call('t', `${long}y`);
    const [run] = repeats.repeated();
    expect(run?.times).toBe(3);
    expect(run?.input).toHaveLength(200);
    expect(run?.input.endsWith('…')).toBe(true);
    expect(compactInput({ a: 1 })).toBe('{"a":1}');
  });
});

describe('readLines', () => {
  it('hands over whole lines as they complete, and the last one at the end', () => {
    const lines = readLines((line) => `<${line}>`);
    expect(lines.push('one\ntw')).toBe('<one>');
    expect(lines.push('o\nthr')).toBe('<two>');
    expect(lines.end()).toBe('<thr>');
    expect(lines.end()).toBe('');
  });
});
