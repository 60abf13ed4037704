import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import {
  cookSettings,
  parseMaxCost,
  parseMaxIterations,
} from '../../../src/actions/cook/options.js';

describe('mmm cook flag values', () => {
  it('--max-cost takes plain dollars and cents, with or without a $', () => {
    expect(parseMaxCost('2.50')).toBe(2.5);
    expect(parseMaxCost('$3')).toBe(3);
    expect(parseMaxCost('0')).toBe(0);
    expect(parseMaxCost('.5')).toBe(0.5);
    expect(parseMaxCost(undefined)).toBeUndefined();
  });

  it('--max-cost refuses what is not a plain amount (exit 2)', () => {
    for (const bad of ['', 'abc', '-1', '0x10', '1e3', '1e999', 'Infinity', '2.']) {
      expect(() => parseMaxCost(bad)).toThrow(UsageError);
    }
  });

  it('-n takes whole numbers of 1 or more only', () => {
    expect(parseMaxIterations('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', '0x10', '1e2', 'many']) {
      expect(() => parseMaxIterations(bad)).toThrow(UsageError);
    }
  });

  it('--quiet with --verbose is a usage error', () => {
    expect(() => cookSettings({ quiet: true, verbose: true })).toThrow('--quiet and --verbose');
  });
});
