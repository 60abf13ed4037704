import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/playbook/index.js';
import { SCHEMA_PATH } from '../../../src/playbook/schema.js';

describe('parseDuration', () => {
  it.each([
    [90, 90_000],
    [0.5, 500],
    ['90s', 90_000],
    ['20m', 1_200_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['2m30s', 150_000],
    ['1h0m5s250ms', 3_605_250],
  ])('%j is %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([0, -5, '0s', '', '5 minutes', '30m1h', '1.5h', '10', 'h', '1d', '10S', null, true, [1]])(
    '%j is not a duration',
    (input) => {
      expect(parseDuration(input)).toBeUndefined();
    },
  );

  it('accepts exactly the strings the schema accepts, so editors and mmm agree', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as {
      definitions: { duration: { pattern: string } };
    };
    const pattern = new RegExp(schema.definitions.duration.pattern);
    for (const s of ['90s', '1h30m', '500ms', '0s', '30m1h', '5 minutes', '', '1h1m1s1ms', '00m']) {
      expect(pattern.test(s), s).toBe(parseDuration(s) !== undefined);
    }
  });
});
