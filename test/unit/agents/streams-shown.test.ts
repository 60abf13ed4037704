// What `mmm -v` shows of an agent's output as it arrives, and what the readers keep of it for
// the result: Claude Code's stream-json and `codex exec --json`, fed in arbitrary chunks.
import { describe, expect, it } from 'vitest';
import { readClaudeStream } from '../../../src/agents/claude-stream.js';
import { readCodexStream } from '../../../src/agents/codex-stream.js';

const line = (event: unknown) => `${JSON.stringify(event)}\n`;

describe('Claude Code stream-json, as shown and kept', () => {
  const assistant = (...content: unknown[]) => line({ type: 'assistant', message: { content } });

  it('shows text and tool calls, and the lines that are not JSON as they are', () => {
    const reader = readClaudeStream();
    const shown = [
      reader.push('  a warning from the CLI  \n\n   \n'),
      reader.push('{"type":"system","subtype":"init"}\n'),
      reader.push(
        assistant(
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', name: 'Read', input: { file_path: 'a.ts' } },
          { type: 'tool_use', name: 7 },
          { type: 'text', text: 3 },
          { type: 'thinking', text: 'hidden' },
          null,
          'text',
        ),
      ),
      reader.push('{"type":"assistant","message":{"content":"not a list"}}\n'),
      reader.push('{"type":"user","message":{"content":[{"type":"text","text":"tool result"}]}}\n'),
      reader.push('{"broken\n'),
      reader.push('[1,2]\nnull\n"text"\n'),
    ].join('');
    expect(shown).toBe(
      'a warning from the CLI\nLooking.\n[Read] {"file_path":"a.ts"}\n{"broken\n[1,2]\nnull\n"text"\n',
    );
  });

  it('keeps the last result line, whole even without its newline, and shows none of it', () => {
    const reader = readClaudeStream();
    expect(reader.push('{"type":"result","result":"first"}\n')).toBe('');
    expect(reader.push('{"type":"result","result":"sec')).toBe('');
    expect(reader.push('ond"}')).toBe('');
    expect(reader.resultLine()).toBe('{"type":"result","result":"second"}');
    const none = readClaudeStream();
    none.push(assistant({ type: 'text', text: 'no result' }));
    expect(none.resultLine()).toBeUndefined();
  });

  it('counts the same tool call made three times in a row, its input as JSON', () => {
    const reader = readClaudeStream();
    for (let i = 0; i < 3; i++)
      reader.push(assistant({ type: 'tool_use', name: 'Bash', input: { command: 'ls' } }));
    reader.push(assistant({ type: 'tool_use', name: 'Grep' }));
    expect(reader.repeated()).toEqual([{ tool: 'Bash', input: '{"command":"ls"}', times: 3 }]);
  });
});

describe('codex exec --json, as shown and kept', () => {
  const item = (type: string, it: Record<string, unknown>) => line({ type, item: it });

  it('shows messages, commands, file edits and errors, nothing else', () => {
    const reader = readCodexStream();
    const shown = [
      reader.push(line({ type: 'thread.started', thread_id: 't1' })),
      reader.push(line({ type: 'turn.started' })),
      reader.push(item('item.started', { type: 'command_execution', command: 'npm test' })),
      reader.push(item('item.completed', { type: 'command_execution', command: 'npm test' })),
      reader.push(item('item.started', { type: 'agent_message', text: 'early' })),
      reader.push(item('item.completed', { type: 'agent_message', text: 'Done.' })),
      reader.push(item('item.completed', { type: 'agent_message', text: 5 })),
      reader.push(
        item('item.completed', {
          type: 'file_change',
          changes: [{ path: 'a.ts' }, { path: 'b.ts' }],
        }),
      ),
      reader.push(item('item.completed', { type: 'file_change', changes: 'x' })),
      reader.push(item('item.completed', { type: 'reasoning', text: 'hmm' })),
      reader.push(line({ type: 'error', message: 'Reconnecting... 1/5' })),
      reader.push(line({ type: 'error', message: 7 })),
      reader.push(line({ type: 'turn.completed', usage: { input_tokens: 1 } })),
      reader.push('not json\n[1]\nnull\n{"bad\n'),
    ].join('');
    expect(shown).toBe('[shell] npm test\nDone.\n[edit] a.ts, b.ts\ncodex: Reconnecting... 1/5\n');
  });

  it('keeps the thread, the last message, every turn and the last five errors, in that order', () => {
    const reader = readCodexStream();
    const thread = line({ type: 'thread.started', thread_id: 't1' });
    const first = item('item.completed', { type: 'agent_message', text: 'one' });
    const last = item('item.completed', { type: 'agent_message', text: 'two' });
    const turn = line({ type: 'turn.completed', usage: { input_tokens: 1 } });
    const errors = Array.from({ length: 7 }, (_, i) => line({ type: 'error', message: `e${i}` }));
    const failed = line({ type: 'turn.failed', error: { message: 'boom' } });
    reader.push(errors[0] ?? '');
    reader.push(turn + first + thread + last + turn);
    for (const e of errors.slice(1)) reader.push(e);
    reader.push(failed.trimEnd());
    const kept = reader.keptLines().split('\n');
    expect(kept).toEqual([
      thread.trim(),
      last.trim(),
      turn.trim(),
      turn.trim(),
      ...errors.slice(3).map((e) => e.trim()),
      failed.trim(),
    ]);
    expect(readCodexStream().keptLines()).toBe('');
  });

  it('counts a command run three times in a row', () => {
    const reader = readCodexStream();
    for (let i = 0; i < 3; i++)
      reader.push(item('item.completed', { type: 'command_execution', command: 'make' }));
    reader.push(item('item.completed', { type: 'agent_message', text: 'ok' }));
    reader.keptLines();
    expect(reader.repeated()).toMatchObject([{ tool: 'shell', times: 3 }]);
  });
});
