// A small seeded random source, so that a trial's choices (playbook, sizes, kill delay) come back
// the same from the same seed.

/** mulberry32: 32 bits of state, good enough to pick among a few choices. */
export function makeRng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** A whole number from min to max, both included. */
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** A fresh stream for one part of a trial, so adding a draw elsewhere leaves it alone. */
    fork: () => makeRng(Math.floor(next() * 4294967296)),
  };
}
