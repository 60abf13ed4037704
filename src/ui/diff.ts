// A unified diff from git, as HTML: one table per file, each line's code highlighted by highlight.js
// in the language of the file's extension. Each side of a hunk is highlighted as one block (so a
// comment or a string spanning lines is coloured right), then split back into lines.
import hljs from 'highlight.js/lib/common';
import { escapeHtml, html, neutralise, trusted, type Html } from './html.js';

interface DiffLine {
  kind: 'add' | 'del' | 'ctx' | 'note';
  text: string;
  oldNo: number | null;
  newNo: number | null;
}

interface DiffFile {
  path: string;
  header: string[];
  hunks: { header: string; lines: DiffLine[] }[];
  binary: boolean;
}

/** Splits `git diff` output into files and hunks. */
export function parseDiff(patch: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | undefined;
  let hunk: DiffFile['hunks'][number] | undefined;
  let oldNo = 0;
  let newNo = 0;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      const m = / b\/(.*)$/.exec(line);
      file = { path: m?.[1] ?? line.slice(11), header: [line], hunks: [], binary: false };
      files.push(file);
      hunk = undefined;
      continue;
    }
    if (!file) continue;
    const h = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (h) {
      oldNo = Number(h[1]);
      newNo = Number(h[2]);
      hunk = { header: line, lines: [] };
      file.hunks.push(hunk);
      continue;
    }
    if (!hunk) {
      if (line.startsWith('Binary files')) file.binary = true;
      file.header.push(line);
      continue;
    }
    const sign = line[0];
    const text = line.slice(1);
    if (sign === '+') hunk.lines.push({ kind: 'add', text, oldNo: null, newNo: newNo++ });
    else if (sign === '-') hunk.lines.push({ kind: 'del', text, oldNo: oldNo++, newNo: null });
    else if (sign === ' ') hunk.lines.push({ kind: 'ctx', text, oldNo: oldNo++, newNo: newNo++ });
    else if (sign === '\\') hunk.lines.push({ kind: 'note', text: line, oldNo: null, newNo: null });
  }
  return files;
}

/** highlight.js's name for the file's language, when it knows one. */
export function languageOf(path: string): string | undefined {
  const base = path.split('/').pop() ?? path;
  const ext = base.includes('.') ? (base.split('.').pop() ?? '') : base.toLowerCase();
  const byName: Record<string, string> = { Makefile: 'makefile', Dockerfile: 'dockerfile' };
  const name = byName[base] ?? ext;
  return hljs.getLanguage(name) ? name : undefined;
}

/**
 * Highlighted HTML cut into lines: a span open at a line's end is closed there and opened again on
 * the next line, so each line stands alone in its table cell.
 */
function highlightLines(lines: string[], language: string | undefined): string[] {
  if (!language) return lines.map((l) => escapeHtml(neutralise(l)));
  const value = hljs.highlight(lines.map(neutralise).join('\n'), {
    language,
    ignoreIllegals: true,
  }).value;
  const out: string[] = [];
  const open: string[] = [];
  let current = '';
  for (const token of value.split(/(<span[^>]*>|<\/span>|\n)/)) {
    if (token === '\n') {
      out.push(current + '</span>'.repeat(open.length));
      current = open.join('');
    } else if (token.startsWith('<span')) {
      open.push(token);
      current += token;
    } else if (token === '</span>') {
      open.pop();
      current += token;
    } else current += token;
  }
  out.push(current + '</span>'.repeat(open.length));
  return out;
}

function renderHunk(hunk: DiffFile['hunks'][number], language: string | undefined): Html[] {
  // The new side (context and added lines) and the old side (context and removed lines).
  const newSide = hunk.lines.filter((l) => l.kind === 'add' || l.kind === 'ctx');
  const oldSide = hunk.lines.filter((l) => l.kind === 'del');
  const newHtml = highlightLines(
    newSide.map((l) => l.text),
    language,
  );
  const oldHtml = highlightLines(
    oldSide.map((l) => l.text),
    language,
  );
  let n = 0;
  let o = 0;
  const rows = hunk.lines.map((line) => {
    const code =
      line.kind === 'note'
        ? escapeHtml(line.text)
        : line.kind === 'del'
          ? (oldHtml[o++] ?? '')
          : (newHtml[n++] ?? '');
    const sign = { add: '+', del: '-', ctx: ' ', note: '' }[line.kind];
    return html`<tr class="d-${line.kind}">
      <td class="ln">${line.oldNo ?? ''}</td>
      <td class="ln">${line.newNo ?? ''}</td>
      <td class="sg">${sign}</td>
      <td class="code"><code class="hljs">${trusted(code)}</code></td>
    </tr>`;
  });
  return [
    html`<tr class="d-hunk">
      <td colspan="4">${neutralise(hunk.header)}</td>
    </tr>`,
    ...rows,
  ];
}

/** The diff as HTML: a section per file with its path, then its hunks. */
export function renderDiff(patch: string, cut: boolean): Html {
  const files = parseDiff(patch);
  if (files.length === 0) return html`<p class="muted">No changes.</p>`;
  return html`${files.map((file) => {
    const language = languageOf(file.path);
    const body = file.binary
      ? html`<p class="muted">Binary file.</p>`
      : html`<div class="diff-scroll">
          <table class="diff">
            ${file.hunks.map((h) => renderHunk(h, language))}
          </table>
        </div>`;
    return html`<section class="diff-file">
      <h4>
        ${neutralise(file.path)}${language ? html` <small class="muted">${language}</small>` : ''}
      </h4>
      ${body}
    </section>`;
  })}${cut ? html`<p class="warn">The diff is longer than shown here; see it whole with git diff.</p>` : ''}`;
}
