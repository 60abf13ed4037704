import { describe, expect, it } from 'vitest';
import { readGeminiStream } from '../../../src/agents/gemini-stream.js';

const ev = (o: object) => `${JSON.stringify(o)}\n`;
const write = (path: string) =>
  ev({ type: 'tool_use', tool_name: 'read_file', tool_id: path, parameters: { file_path: path } });

describe('readGeminiStream', () => {
  it('shows text and tool calls, not the echoed prompt, and drops the prompt from what it keeps', () => {
    const s = readGeminiStream();
    const prompt = 'x'.repeat(100_000);
    const shown = [
      ev({ type: 'init', session_id: 's' }),
      ev({ type: 'message', role: 'user', content: prompt }),
      ev({ type: 'message', role: 'assistant', content: 'Reading', delta: true }),
      write('a.ts'),
      ev({ type: 'result', status: 'success' }),
    ]
      // Cut mid-line, as pipes do.
      .join('')
      .match(/[\s\S]{1,7000}/g)!
      .map((chunk) => s.push(chunk))
      .join('');
    expect(shown).toBe('Reading\n[read_file] {"file_path":"a.ts"}\n');
    expect(s.output()).not.toContain(prompt);
    expect(s.output().split('\n')).toHaveLength(4);
  });

  it('reports the same call 3 times in a row, and not one broken by another call', () => {
    const s = readGeminiStream();
    s.push(write('a') + write('a') + write('b') + write('a') + write('a') + write('a'));
    expect(s.repeated()).toEqual([{ tool: 'read_file', input: '{"file_path":"a"}', times: 3 }]);
  });

  it('shows a refused tool call', () => {
    const s = readGeminiStream();
    const out = s.push(
      ev({
        type: 'tool_result',
        status: 'error',
        error: { type: 'tool_not_registered', message: 'Tool "write_file" not found.' },
      }),
    );
    expect(out).toBe('  (tool error: Tool "write_file" not found.)\n');
  });
});

describe('what -v shows of Gemini stream-json, piece by piece', () => {
  const ev = (event: unknown) => `${JSON.stringify(event)}\n`;

  it('joins text pieces, starts a tool call on a line of its own, and ends the text at the result', () => {
    const s = readGeminiStream();
    const shown = [
      s.push(ev({ type: 'init', model: 'gemini-x' })),
      s.push(ev({ type: 'message', role: 'user', content: 'the prompt, never shown' })),
      s.push(ev({ type: 'message', role: 'assistant', content: 'Look', delta: true })),
      s.push(ev({ type: 'message', role: 'assistant', content: 'ing.', delta: true })),
      s.push(ev({ type: 'tool_use', tool_name: 'read_file', parameters: { path: 'a.ts' } })),
      s.push(ev({ type: 'tool_result', status: 'error', error: { message: 'no such file' } })),
      s.push(ev({ type: 'tool_result', status: 'error' })),
      s.push(ev({ type: 'tool_result', status: 'success', output: 'x' })),
      s.push(ev({ type: 'tool_use', tool_name: 3 })),
      s.push(ev({ type: 'message', role: 'assistant', content: 'Done.\n' })),
      s.push(ev({ type: 'message', role: 'assistant', content: 4 })),
      s.push(ev({ type: 'message', role: 'assistant', content: 'Half' })),
      s.push('   \n'),
      s.push('plain words\n'),
      s.push(ev({ type: 'message', role: 'assistant', content: 'More' })),
      s.push(ev({ type: 'result', status: 'success' })),
      s.push(ev({ type: 'result', status: 'success' })),
    ].join('');
    expect(shown).toBe(
      'Looking.\n[read_file] {"path":"a.ts"}\n  (tool error: no such file)\n  (tool error: failed)\nDone.\nHalf\nplain words\nMore\n',
    );
  });

  it('keeps every line but the prompt for the result, the last even without its newline', () => {
    const s = readGeminiStream();
    s.push(ev({ type: 'message', role: 'user', content: 'prompt' }));
    s.push('   \nnot json\n');
    s.push('{"type":"result","status":"success"}');
    expect(s.output()).toBe('not json\n{"type":"result","status":"success"}');
  });
});
