// The ledger as an event sink. Events are buffered and written in batches, one transaction each,
// so recording never holds up a run: a short timer, a full batch, a checkpoint and close() flush.
import type { EventSink, MmmEvent, MmmEventType } from '../events.js';
import type { Ledger } from './open.js';

export interface LedgerSinkOptions {
  /** Flush this long after the first buffered event, in ms. Default 200. */
  flushIntervalMs?: number;
  /** Flush as soon as this many events are buffered. Default 256. */
  maxBatch?: number;
  /**
   * Told about a failed write (a locked or full disk). The events are kept and retried at the
   * next flush; after three failures in a row they are dropped and reported here.
   */
  onError?: (error: unknown) => void;
  /** Close the ledger too when the sink closes. Default true. */
  closeLedger?: boolean;
}

/** The event sink a run writes to, with explicit flush and close. */
export interface LedgerSink {
  sink: EventSink;
  /** Writes everything buffered now. Never throws; failures go to onError. */
  flush: () => void;
  /** Flushes, stops the timer and (by default) closes the ledger. Later events are ignored. */
  close: () => void;
}

const MAX_FAILURES = 3;

/**
 * Written at once, with everything before them: a run's state changes, and the checkpoints around
 * each try (its intent before it runs, its outcome after), and the start of each agent call (its
 * conversation id), so a run killed mid-step is on record up to the step and call it was in.
 */
const CHECKPOINTS: ReadonlySet<MmmEventType> = new Set([
  'run.state',
  'step.started',
  'agent.started',
  'step.finished',
  'run.finished',
  'gate.proposed',
  'gate.decided',
]);

export function createLedgerSink(ledger: Ledger, options: LedgerSinkOptions = {}): LedgerSink {
  const interval = options.flushIntervalMs ?? 200;
  const maxBatch = options.maxBatch ?? 256;
  const onError = options.onError ?? (() => undefined);
  let buffer: MmmEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    try {
      ledger.recordEvents(batch);
      failures = 0;
    } catch (error) {
      failures++;
      if (failures < MAX_FAILURES) {
        buffer = batch.concat(buffer);
        onError(error);
      } else {
        failures = 0;
        onError(new Error(`${batch.length} events were not recorded`, { cause: error }));
      }
    }
  };

  const sink: EventSink = (event) => {
    if (closed) return;
    buffer.push(event);
    if (CHECKPOINTS.has(event.type) || buffer.length >= maxBatch) {
      flush();
    } else if (!timer) {
      timer = setTimeout(flush, interval);
      // A pending flush must not keep the process alive; close() writes what is left.
      timer.unref();
    }
  };

  return {
    sink,
    flush,
    close: () => {
      if (closed) return;
      for (let i = 0; i < MAX_FAILURES && buffer.length > 0; i++) flush();
      closed = true;
      if (options.closeLedger ?? true) ledger.close();
    },
  };
}
