// The worktree pool's settings: .mmm/pool.yml, then MMM_POOL_SIZE and MMM_POOL_KEEP over it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPoolConfig } from '../../../src/sessions/pool-config.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A repository root whose .mmm/pool.yml holds `text` (none when undefined). */
function root(text?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-pool-config-'));
  dirs.push(dir);
  if (text !== undefined) {
    mkdirSync(join(dir, '.mmm'));
    writeFileSync(join(dir, '.mmm', 'pool.yml'), text);
  }
  return dir;
}

describe('the worktree pool settings', () => {
  it('are two trees keeping nothing without a file or variables, or with an empty file', () => {
    expect(readPoolConfig({}, root())).toEqual({ size: 2, keep: [] });
    expect(readPoolConfig({}, root(''))).toEqual({ size: 2, keep: [] });
    expect(readPoolConfig({ MMM_POOL_SIZE: '' }, root())).toEqual({ size: 2, keep: [] });
  });

  it('read the file, and the variables over it', () => {
    const dir = root('size: 5\nkeep: [" node_modules ", .venv]\n');
    expect(readPoolConfig({}, dir)).toEqual({ size: 5, keep: ['node_modules', '.venv'] });
    expect(readPoolConfig({ MMM_POOL_SIZE: '0', MMM_POOL_KEEP: ' build , ,dist' }, dir)).toEqual({
      size: 0,
      keep: ['build', 'dist'],
    });
    expect(readPoolConfig({ MMM_POOL_KEEP: '' }, dir).keep).toEqual([]);
    expect(readPoolConfig({ MMM_POOL_SIZE: '100' }, dir).size).toBe(100);
  });

  it('refuse a size that is not a whole number from 0 to 100, naming where it is', () => {
    for (const bad of ['101', '-1', '1e1', '0x2', ' 3', '2.5', 'two']) {
      expect(() => readPoolConfig({ MMM_POOL_SIZE: bad }, root())).toThrow(
        expect.objectContaining({
          exitCode: 2,
          message: `MMM_POOL_SIZE is ${JSON.stringify(bad)}; the worktree pool's size is a whole number from 0 to 100`,
          hint: 'set it to 0 to turn the pool off, or to 2 (the default)',
        }),
      );
    }
    const dir = root('size: 2.5\n');
    expect(() => readPoolConfig({}, dir)).toThrow(
      `size in ${join(dir, '.mmm', 'pool.yml')} is 2.5; the worktree pool's size is a whole number`,
    );
    expect(() => readPoolConfig({}, root('size: "3"\n'))).not.toThrow();
  });

  it('refuse a keep list that is not a list of names, or a pattern that names no cache', () => {
    for (const text of ['keep: node_modules\n', 'keep: [1]\n', 'keep: ["  "]\n']) {
      const dir = root(text);
      expect(() => readPoolConfig({}, dir)).toThrow(
        expect.objectContaining({
          exitCode: 2,
          message: `keep in ${join(dir, '.mmm', 'pool.yml')} must be a list of path patterns, such as [node_modules]`,
          hint: 'write one ignored directory or pattern per entry, or leave it out to keep nothing',
        }),
      );
    }
    for (const bare of ['*', '**/', '!*']) {
      expect(() => readPoolConfig({ MMM_POOL_KEEP: `node_modules,${bare}` }, root())).toThrow(
        expect.objectContaining({
          exitCode: 2,
          message: `MMM_POOL_KEEP holds ${JSON.stringify(bare)}, which names no cache: it would keep every ignored file (.env, build output) from one session to the next`,
          hint: 'name each cache directory, such as node_modules or .venv',
        }),
      );
    }
  });

  it('refuse a file that is not YAML, not a mapping, or has unknown keys', () => {
    const cases: [string, string, string][] = [
      ['size: [\n', 'is not valid YAML: ', 'fix it, or delete it to use the defaults'],
      [
        '- 1\n',
        'must be a mapping with size: and keep:',
        'for example: size: 2 and keep: [node_modules], each on its own line',
      ],
      [
        '7\n',
        'must be a mapping with size: and keep:',
        'for example: size: 2 and keep: [node_modules], each on its own line',
      ],
      [
        'size: 1\nsise: 2\nkeeps: []\n',
        'has unknown key(s): sise, keeps',
        'the file knows size: and keep: only',
      ],
    ];
    for (const [text, said, hint] of cases) {
      const dir = root(text);
      const path = join(dir, '.mmm', 'pool.yml');
      expect(() => readPoolConfig({}, dir)).toThrow(
        expect.objectContaining({
          exitCode: 2,
          message: expect.stringContaining(`${path} ${said}`),
          hint,
        }),
      );
    }
  });

  it('refuse a file that cannot be read (exit 3), and take a file named .mmm as no settings', () => {
    const dir = root();
    mkdirSync(join(dir, '.mmm', 'pool.yml'), { recursive: true });
    expect(() => readPoolConfig({}, dir)).toThrow(
      expect.objectContaining({
        exitCode: 3,
        message: expect.stringContaining(`cannot read ${join(dir, '.mmm', 'pool.yml')}: `),
        hint: 'make it a readable file, or remove it to use the defaults',
      }),
    );
    const file = root();
    writeFileSync(join(file, '.mmm'), 'not a directory');
    expect(readPoolConfig({}, file)).toEqual({ size: 2, keep: [] });
  });
});
