// Small async helpers to hand events from the engine's stream to listr2 tasks that await them.

export interface AsyncQueue<T> {
  push(value: T): void;
  /** The next value, waiting for it when none is queued. */
  next(): Promise<T>;
}

export function createQueue<T>(): AsyncQueue<T> {
  const items: T[] = [];
  const waiters: ((value: T) => void)[] = [];
  return {
    push(value) {
      const waiter = waiters.shift();
      if (waiter) waiter(value);
      else items.push(value);
    },
    next() {
      if (items.length > 0) return Promise.resolve(items.shift() as T);
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}

export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

export function createDeferred(): Deferred {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
