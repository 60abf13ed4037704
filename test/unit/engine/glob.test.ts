import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchFiles, newestMatch } from '../../../src/engine/glob.js';

function tree(files: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-glob-'));
  for (const [path, mtime] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), path);
    utimesSync(join(dir, path), mtime, mtime);
  }
  return dir;
}

describe('output file patterns', () => {
  const dir = tree({
    'specs/temp/a.md': 1000,
    'specs/temp/b.md': 3000,
    'specs/temp/c.txt': 5000,
    'specs/deep/x/y.md': 4000,
    'README.md': 2000,
  });

  it('matches * and ? within a segment and ** across directories', async () => {
    expect((await matchFiles(dir, 'specs/temp/*.md')).sort()).toEqual([
      'specs/temp/a.md',
      'specs/temp/b.md',
    ]);
    expect(await matchFiles(dir, 'specs/temp/?.txt')).toEqual(['specs/temp/c.txt']);
    expect((await matchFiles(dir, 'specs/**/*.md')).sort()).toEqual([
      'specs/deep/x/y.md',
      'specs/temp/a.md',
      'specs/temp/b.md',
    ]);
  });

  it('picks the most recently modified match, or nothing', async () => {
    expect(await newestMatch(dir, 'specs/temp/*.md')).toBe('specs/temp/b.md');
    expect(await newestMatch(dir, '**/*.md')).toBe('specs/deep/x/y.md');
    expect(await newestMatch(dir, 'nothing/*.md')).toBeUndefined();
  });
});
