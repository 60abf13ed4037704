// Run ids: 16 lowercase hex digits, time-ordered (11 for the millisecond, 5 random), so they sort
// by start time and can be abbreviated like git hashes.
import { randomInt } from 'node:crypto';

let last = { ms: 0, rand: 0 };

export function newRunId(now: Date = new Date()): string {
  let ms = now.getTime();
  let rand = randomInt(0, 0x80000);
  // Two ids made in the same millisecond by this process still sort in order of creation.
  if (ms <= last.ms) {
    ms = last.ms;
    rand = last.rand + 1;
    if (rand > 0xfffff) {
      ms += 1;
      rand = 0;
    }
  }
  last = { ms, rand };
  return ms.toString(16).padStart(11, '0').slice(-11) + rand.toString(16).padStart(5, '0');
}
