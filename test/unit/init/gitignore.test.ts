import { describe, expect, it } from 'vitest';
import { MMM_IGNORES, mergeIgnoreLines } from '../../../src/actions/init/gitignore.js';

describe('mergeIgnoreLines', () => {
  it('creates content for a missing file', () =>
    expect(mergeIgnoreLines(undefined, MMM_IGNORES).content).toBe(
      '# mmm: local run ledger and run files\n.mmm/mmm.db*\n.mmm/runs/\n',
    ));
  it('appends after existing content and keeps it', () =>
    expect(mergeIgnoreLines('node_modules/\n', ['.mmm/runs/']).content).toBe(
      'node_modules/\n# mmm: local run ledger and run files\n.mmm/runs/\n',
    ));
  it('adds the missing newline before appending', () =>
    expect(mergeIgnoreLines('dist', ['.mmm/runs/']).content).toBe(
      'dist\n# mmm: local run ledger and run files\n.mmm/runs/\n',
    ));
  it('adds only lines that are absent', () =>
    expect(mergeIgnoreLines('.mmm/runs/\n', MMM_IGNORES).added).toEqual(['.mmm/mmm.db*']));
  it('treats a leading slash as the same pattern', () =>
    expect(mergeIgnoreLines('/.mmm/mmm.db*\n/.mmm/runs/\n', MMM_IGNORES).added).toEqual([]));
  it('returns the text unchanged when nothing is missing', () =>
    expect(mergeIgnoreLines('x\n.mmm/mmm.db*\n.mmm/runs/', MMM_IGNORES).content).toBe(
      'x\n.mmm/mmm.db*\n.mmm/runs/',
    ));
  it('counts a line with trailing spaces, not one with leading spaces, as git reads them', () =>
    expect(mergeIgnoreLines('.mmm/runs/  \r\n  .mmm/mmm.db*\r\n', MMM_IGNORES).added).toEqual([
      '.mmm/mmm.db*',
    ]));
  it('keeps CRLF line endings', () =>
    expect(mergeIgnoreLines('a\r\n', ['b']).content).toBe(
      'a\r\n# mmm: local run ledger and run files\r\nb\r\n',
    ));
});
