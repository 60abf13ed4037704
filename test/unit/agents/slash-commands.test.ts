import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  expandSlashCommand,
  fillCommand,
  splitArguments,
} from '../../../src/agents/slash-commands.js';

describe('slash commands written out for agents without them', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mmm-slash-'));
    mkdirSync(join(dir, '.claude', 'commands', 'team'), { recursive: true });
    writeFileSync(
      join(dir, '.claude', 'commands', 'mmm-fix.md'),
      '---\ndescription: Fix a test\nargument-hint: <file>\n---\nFix $0 (all: $ARGUMENTS; second: $ARGUMENTS[1]).\n',
    );
    writeFileSync(join(dir, '.claude', 'commands', 'team', 'review.md'), 'Review $ARGUMENTS.\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the prompt with the command text, front matter dropped and arguments in place', async () => {
    expect(await expandSlashCommand('/mmm-fix "src/a b.ts" now', dir)).toEqual({
      prompt: 'Fix src/a b.ts (all: "src/a b.ts" now; second: now).\n',
      command: 'mmm-fix',
    });
  });

  it('reads a namespaced command from its folder', async () => {
    expect(await expandSlashCommand('/team:review the login', dir)).toMatchObject({
      prompt: 'Review the login.\n',
    });
  });

  it('leaves a prompt that is not a command as it is, paths included', async () => {
    for (const prompt of ['Fix the tests', '/tmp/log.txt shows a failure', '']) {
      expect(await expandSlashCommand(prompt, dir)).toEqual({ prompt });
    }
  });

  it('names the file it looked for when the command is not there', async () => {
    const got = await expandSlashCommand('/mmm-missing x', dir);
    expect(got).toHaveProperty('error');
    expect('error' in got && got.error).toContain('.claude/commands/mmm-missing.md');
    expect('error' in got && got.error).toContain('mmm init');
  });

  it('splits arguments as a shell does and leaves missing positions empty', () => {
    expect(splitArguments(`a "b c" 'd e' f\\ g ""`)).toEqual(['a', 'b c', 'd e', 'f g', '']);
    expect(fillCommand('[$0][$3]', 'one')).toBe('[one][]');
  });
});
