// Adds mmm's private files to a .gitignore without touching what is already there.
import { ignoreFilePattern } from '../../git/exclude.js';

/** The run ledger (with its WAL files) and per-run scratch files: local state, never committed. */
export const MMM_IGNORES = ['.mmm/mmm.db*', '.mmm/runs/'] as const;

export interface IgnoreMerge {
  /** The new file text; equal to the input when nothing was added. */
  content: string;
  added: string[];
}

const normalize = (line: string) => ignoreFilePattern(line).replace(/^\//, '');

/**
 * Appends the lines the file lacks (a leading `/` counts as the same pattern), keeping the
 * existing text, its line endings and a trailing newline.
 */
export function mergeIgnoreLines(
  existing: string | undefined,
  lines: readonly string[],
): IgnoreMerge {
  const text = existing ?? '';
  const present = new Set(text.split(/\r?\n/).map(normalize));
  const added = lines.filter((line) => !present.has(normalize(line)));
  if (added.length === 0) return { content: text, added };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const separator = text === '' || text.endsWith('\n') ? '' : eol;
  const block = ['# mmm: local run ledger and run files', ...added].join(eol);
  return { content: `${text}${separator}${block}${eol}`, added };
}
