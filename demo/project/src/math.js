// Small arithmetic helpers. The sum below is deliberately wrong: the demo's tests catch it and
// the fix step repairs it.
export function add(a, b) {
  return a - b;
}
