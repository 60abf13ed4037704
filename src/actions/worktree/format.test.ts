import { describe, expect, it } from 'vitest';
import { formatElapsed as formatDuration } from '../../infra/format.js';
import { formatAge, formatTable } from './format.js';

describe('worktree output formatting', () => {
  it('aligns columns and leaves the last one unpadded', () => {
    expect(formatTable(['A', 'BB', 'C'], [['long', 'x', 'end']])).toBe(
      'A     BB  C\nlong  x   end\n',
    );
  });

  it('ages and durations read at a glance', () => {
    const now = new Date('2025-01-02T00:00:00Z');
    expect(formatAge('2025-01-01T23:59:30Z', now)).toBe('30s');
    expect(formatAge('2025-01-01T22:00:00Z', now)).toBe('2h');
    expect(formatAge('2024-12-29T00:00:00Z', now)).toBe('4d');
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_340)).toBe('12.3s');
    expect(formatDuration(245_000)).toBe('4m 05s');
  });
});
