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

describe('the arguments of a slash command, one by one', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['a', ['a']],
    ['  a  b  ', ['a', 'b']],
    ['a\tb\nc', ['a', 'b', 'c']],
    ['"a \\"q\\" b"', ['a "q" b']],
    ["'a \\' b", ['a \\', 'b']],
    ['"x\\\\y"', ['x\\y']],
    ['"end\\', ['end\\']],
    ['trailing\\', ['trailing\\']],
    ['\\ lead', [' lead']],
    ["''", ['']],
    ['a"b c"d', ['ab cd']],
    ['"unclosed arg', ['unclosed arg']],
  ])('%j is %j', (text, args) => {
    expect(splitArguments(text)).toEqual(args);
  });
});

describe('a command filled with its arguments', () => {
  it('numbers positions from 0, with two digits too, and $ARGUMENTS is the text as written', () => {
    const args = Array.from({ length: 12 }, (_, i) => `a${i}`).join(' ');
    expect(fillCommand('$10 $ARGUMENTS[11] $1', args)).toBe('a10 a11 a1');
    expect(fillCommand('[$ARGUMENTS]', '  "x  y"  z')).toBe('[  "x  y"  z]');
  });

  it('drops front matter only at the very start, closed on a line of its own', () => {
    expect(fillCommand('---\na: 1\n---   \nbody $0', 'x')).toBe('body x');
    expect(fillCommand('---\r\na: 1\r\n---\r\nbody', '')).toBe('body');
    expect(fillCommand('---\na: 1\n---', '')).toBe('');
    expect(fillCommand('intro\n---\na: 1\n---\nbody', '')).toBe('intro\n---\na: 1\n---\nbody');
    expect(fillCommand('---\na: 1\n--- not closed\nbody', '')).toBe(
      '---\na: 1\n--- not closed\nbody',
    );
  });
});

describe('a command file that cannot be read', () => {
  it('is named with the reason, apart from one that is not there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmm-slash-'));
    try {
      mkdirSync(join(dir, '.claude', 'commands', 'dir.md'), { recursive: true });
      writeFileSync(join(dir, '.claude', 'commands', 'file'), 'x');
      const isDir = await expandSlashCommand('/dir', dir);
      expect(isDir).toEqual({
        error:
          "the prompt starts with the slash command /dir, but .claude/commands/dir.md could not be read (EISDIR); run `mmm init` to install mmm's commands and commit them, or write the prompt out",
      });
      const underFile = await expandSlashCommand('/file:x  args here ', dir);
      expect(underFile).toEqual({
        error:
          "the prompt starts with the slash command /file:x, but there is no .claude/commands/file/x.md in the working tree; run `mmm init` to install mmm's commands and commit them, or write the prompt out",
      });
      writeFileSync(join(dir, '.claude', 'commands', 'ok.md'), '<$ARGUMENTS>');
      expect(await expandSlashCommand('/ok   two words  ', dir)).toEqual({
        prompt: '<two words>',
        command: 'ok',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
