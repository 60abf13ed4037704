import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatCost,
  formatElapsed,
  formatTable,
  shortSha,
} from '../../../src/infra/format.js';

describe('how mmm writes numbers for a person', () => {
  it('aligns columns and leaves no trailing spaces', () => {
    expect(formatTable(['A', 'BB', 'C'], [['long', 'x', 'end']])).toBe(
      'A     BB  C\nlong  x   end\n',
    );
    expect(
      formatTable(
        [{ header: 'N', align: 'right' }, 'X'],
        [
          ['7', 'a'],
          ['12', 'b'],
        ],
      ),
    ).toBe(' N  X\n 7  a\n12  b\n');
  });

  it('ages and durations read at a glance', () => {
    const now = new Date('2025-01-02T00:00:00Z');
    expect(formatAge('2025-01-01T23:59:30Z', now)).toBe('30s');
    expect(formatAge('2025-01-01T22:00:00Z', now)).toBe('2h');
    expect(formatAge('2024-12-29T00:00:00Z', now)).toBe('4d');
    expect(formatElapsed(850)).toBe('850ms');
    expect(formatElapsed(12_340)).toBe('12.3s');
    expect(formatElapsed(245_000)).toBe('4m 05s');
    expect(formatElapsed(null)).toBe('-');
  });

  it('writes costs to the cent (four decimals below one) and commits as git abbreviates them', () => {
    expect(formatCost(0.0012)).toBe('$0.0012');
    expect(formatCost(0.75)).toBe('$0.75');
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(undefined)).toBe('-');
    expect(shortSha('0123456789abcdef')).toBe('0123456');
    expect(shortSha(undefined)).toBe('-');
  });
});
