import { describe, expect, it } from 'vitest';
import { newRunId } from '../../../src/engine/run-id.js';

describe('run ids', () => {
  it('are 16 lowercase hex digits that sort by creation time', () => {
    const early = newRunId(new Date('2026-01-01T00:00:00Z'));
    const late = newRunId(new Date('2026-01-01T00:00:01Z'));
    expect(early).toMatch(/^[0-9a-f]{16}$/);
    expect(early < late).toBe(true);
  });

  it('stay unique and ordered when made in the same millisecond', () => {
    const at = new Date('2027-05-05T05:05:05Z');
    const ids = Array.from({ length: 50 }, () => newRunId(at));
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort()).toEqual(ids);
  });
});
