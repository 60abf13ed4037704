import { describe, expect, it } from 'vitest';
import { languageOf, parseDiff, renderDiff } from '../../../src/ui/diff.js';

const PATCH = [
  'diff --git a/src/a.ts b/src/a.ts',
  'index 1111111..2222222 100644',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,3 +1,4 @@',
  ' /* a comment',
  '-   over two lines */',
  '+   over three',
  '+   lines */',
  ' export const a = 1;',
  '\\ No newline at end of file',
  'diff --git a/logo.png b/logo.png',
  'Binary files a/logo.png and b/logo.png differ',
  '',
].join('\n');

describe('parseDiff', () => {
  it('numbers the old and new lines of each hunk, and marks binary files', () => {
    const [ts, png] = parseDiff(PATCH);
    expect(ts?.path).toBe('src/a.ts');
    expect(ts?.hunks[0]?.lines.map((l) => [l.kind, l.oldNo, l.newNo])).toEqual([
      ['ctx', 1, 1],
      ['del', 2, null],
      ['add', null, 2],
      ['add', null, 3],
      ['ctx', 3, 4],
      ['note', null, null],
    ]);
    expect(png?.binary).toBe(true);
  });
});

describe('languageOf', () => {
  it("names highlight.js's language from the extension, or none", () => {
    expect(languageOf('src/a.ts')).toBe('ts');
    expect(languageOf('x/y.py')).toBe('py');
    expect(languageOf('Makefile')).toBe('makefile');
    expect(languageOf('notes.unknownext')).toBeUndefined();
  });
});

describe('renderDiff', () => {
  it('highlights each side of a hunk as one block, so a comment over lines stays a comment', () => {
    const out = renderDiff(PATCH, false).__html;
    const added = [...out.matchAll(/<tr class="d-add">.*?<code class="hljs">(.*?)<\/code>/gs)].map(
      (m) => m[1],
    );
    expect(added).toEqual([
      '<span class="hljs-comment">   over three</span>',
      '<span class="hljs-comment">   lines */</span>',
    ]);
    expect(out).toContain('<span class="hljs-keyword">export</span>');
    expect(out).toContain('Binary file.');
  });

  it('escapes what it does not highlight, and says when the diff was cut', () => {
    const patch = 'diff --git a/x.unknownext b/x.unknownext\n@@ -0,0 +1 @@\n+<script>\u001b[2J\n';
    const out = renderDiff(patch, true).__html;
    expect(out).toContain('&lt;script&gt;^[[2J');
    expect(out).not.toContain('<script>');
    expect(out).toContain('longer than shown here');
    expect(renderDiff('', false).__html).toContain('No changes.');
  });
});
