// Whether two paths name the same place: the same text, or the same directory once symbolic links
// and `..` are resolved; a path that does not exist compared as it is written.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { samePath } from '../../../src/git/same-path.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A temporary directory holding the directories `a` and `b`, and `link`, a symbolic link to `a`. */
function places() {
  const top = mkdtempSync(join(tmpdir(), 'mmm-same-'));
  dirs.push(top);
  mkdirSync(join(top, 'a'));
  mkdirSync(join(top, 'b'));
  symlinkSync(join(top, 'a'), join(top, 'link'));
  return { top, a: join(top, 'a'), b: join(top, 'b'), link: join(top, 'link') };
}

describe('samePath', () => {
  it('is true for a symbolic link and its target, and for a path through ..', () => {
    const { a, b, link } = places();
    expect(samePath(link, a)).toBe(true);
    expect(samePath(a, join(b, '..', 'link'))).toBe(true);
  });

  it('is false for two different directories', () => {
    const { a, b, link } = places();
    expect(samePath(a, b)).toBe(false);
    expect(samePath(link, b)).toBe(false);
  });

  it('compares paths that do not exist as written', () => {
    const { top, a } = places();
    const gone = join(top, 'gone');
    expect(samePath(gone, gone)).toBe(true);
    expect(samePath(gone, join(top, 'other'))).toBe(false);
    expect(samePath(gone, a)).toBe(false);
  });
});
