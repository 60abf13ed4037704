// Run ids abbreviate like git hashes: any unique prefix names a run.
import { UsageError } from '../errors.js';

/** Shortest abbreviation length (at least `min`) that keeps every id in the set unique. */
export function abbreviationLength(ids: readonly string[], min = 8): number {
  const sorted = [...ids].sort();
  let length = min;
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] ?? '';
    const b = sorted[i] ?? '';
    let common = 0;
    while (common < a.length && a[common] === b[common]) common++;
    length = Math.max(length, common + 1);
  }
  return length;
}

const MAX_LISTED = 10;

/**
 * The one id that `query` names: itself when it is a full id, else the only id starting with it.
 * An ambiguous prefix lists the candidates; an unknown one says how to list runs. Both exit 2.
 */
export function resolveRunPrefix(query: string, candidates: readonly string[]): string {
  if (query === '') throw new UsageError('a run id is required');
  if (candidates.includes(query)) return query;
  const matches = candidates.filter((id) => id.startsWith(query)).sort();
  if (matches.length === 1) return matches[0] ?? query;
  if (matches.length === 0) {
    throw new UsageError(`no run matches '${query}'`, { hint: 'mmm runs lists the recorded runs' });
  }
  const listed = matches.slice(0, MAX_LISTED).map((id) => `  ${id}`);
  if (matches.length > MAX_LISTED) listed.push(`  … and ${matches.length - MAX_LISTED} more`);
  throw new UsageError(`run id '${query}' is ambiguous; it matches:\n${listed.join('\n')}`, {
    hint: 'give more characters of the id',
  });
}
