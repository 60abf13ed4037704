import { describe, expect, it } from 'vitest';
import { readClaudeStream } from '../../../src/agents/claude-stream.js';

const tool = (name: string, input: unknown) =>
  JSON.stringify({
    type: 'assistant',
    message: { role: 'assistant', content: [{ type: 'tool_use', id: 't', name, input }] },
  });
const text = (words: string) =>
  JSON.stringify({ type: 'assistant', message: { content: [{ type: 'text', text: words }] } });
const result = JSON.stringify({ type: 'result', subtype: 'success', result: 'done' });
const init = JSON.stringify({ type: 'system', subtype: 'init', session_id: 's' });

describe('reading the stream of a claude call', () => {
  it('keeps the result line, whatever the chunks it came in', () => {
    const reader = readClaudeStream();
    const all = [init, text('hello'), result].join('\n');
    for (let i = 0; i < all.length; i += 7) reader.push(all.slice(i, i + 7));
    expect(reader.resultLine()).toBe(result);
  });

  it('shows text and tool calls as a person reads them, not the raw events', () => {
    const reader = readClaudeStream();
    const shown = reader.push(
      `${init}\n${text('Reading it.')}\n${tool('Read', { file_path: 'a.ts' })}\n${result}\n`,
    );
    expect(shown).toBe('Reading it.\n[Read] {"file_path":"a.ts"}\n');
  });

  it('reports a tool called with the same input 3 times in a row, not calls that alternate', () => {
    const reader = readClaudeStream();
    const read = tool('Read', { file_path: 'a.ts' });
    const test = tool('Bash', { command: 'npm test' });
    const edit = tool('Edit', { file_path: 'a.ts', old_string: 'x', new_string: 'y' });
    reader.push(
      [test, edit, test, edit, test, read, text('hmm'), read, read, read, result].join('\n'),
    );
    expect(reader.repeated()).toEqual([{ tool: 'Read', input: '{"file_path":"a.ts"}', times: 4 }]);
  });

  it('cuts a long input and tells runs of different inputs apart', () => {
    const reader = readClaudeStream();
    const big = { command: 'x'.repeat(500) };
    reader.push(
      [
        tool('Bash', big),
        tool('Bash', big),
        tool('Bash', big),
        tool('Bash', { command: 'y' }),
      ].join('\n'),
    );
    reader.push(`\n${tool('Bash', { command: 'y' })}\n${tool('Bash', { command: 'y' })}`);
    const found = reader.repeated();
    expect(found.map((r) => [r.tool, r.times])).toEqual([
      ['Bash', 3],
      ['Bash', 3],
    ]);
    expect(found[0]?.input).toHaveLength(200);
    expect(found[0]?.input.endsWith('…')).toBe(true);
  });

  it('takes a result object that came without a final newline, and lines that are not JSON', () => {
    const reader = readClaudeStream();
    expect(reader.push('not json\n{broken\n')).toBe('not json\n{broken\n');
    reader.push(result);
    expect(reader.resultLine()).toBe(result);
  });
});
