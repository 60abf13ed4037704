import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerSink, openLedger, type Ledger } from '../../../src/ledger/index.js';
import { makeRunEvents } from '../../helpers/make-events.js';

let root: string;
let reader: Ledger | undefined;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mmm-sink-'));
});
afterEach(() => {
  reader?.close();
  reader = undefined;
  rmSync(root, { recursive: true, force: true });
});

/** What another process would see right now. */
const recorded = (runId: string) => {
  reader ??= openLedger(root, { readonly: true });
  return reader.eventsAfter(runId).length;
};

describe('the ledger sink', () => {
  it('buffers events and writes them at each checkpoint: a state change, a try started or ended', () => {
    const { sink, close } = createLedgerSink(openLedger(root), { flushIntervalMs: 60_000 });
    const events = makeRunEvents({ runId: 'r1' });
    const types = events.map((e) => e.type);
    // run.started and iteration.started wait for the first try's intent, then go with it.
    sink(events[0]!);
    sink(events[1]!);
    expect(recorded('r1')).toBe(0);
    sink(events[2]!);
    expect(types[2]).toBe('step.started');
    expect(recorded('r1')).toBe(3);
    sink(events[3]!);
    expect(recorded('r1')).toBe(3);
    sink(events[4]!);
    expect(types[4]).toBe('step.finished');
    expect(recorded('r1')).toBe(5);
    for (const e of events.slice(5, -2)) sink(e);
    expect(recorded('r1')).toBe(types.lastIndexOf('step.finished') + 1);
    sink(events.at(-2)!);
    expect(types.at(-2)).toBe('run.state');
    expect(recorded('r1')).toBe(events.length - 1);
    sink(events.at(-1)!);
    expect(recorded('r1')).toBe(events.length);
    close();
  });

  it('writes the start of an agent call at once, with its conversation id', () => {
    const { sink, close } = createLedgerSink(openLedger(root), { flushIntervalMs: 60_000 });
    const [runStarted, , stepStarted] = makeRunEvents({ runId: 'r2' });
    if (stepStarted?.type !== 'step.started') throw new Error('expected a step.started');
    sink(runStarted!);
    sink(stepStarted);
    expect(recorded('r2')).toBe(2);
    const { headBefore: _, type: __, ...ref } = stepStarted;
    sink({
      ...ref,
      type: 'agent.started',
      agent: 'claude',
      conversationId: 'c-1',
      continues: undefined,
    });
    expect(reader?.eventsAfter('r2').at(-1)?.event).toMatchObject({
      type: 'agent.started',
      conversationId: 'c-1',
    });
    close();
  });

  it('writes a full batch at once, and what is left on flush or close', () => {
    const { sink, flush, close } = createLedgerSink(openLedger(root), {
      flushIntervalMs: 60_000,
      maxBatch: 2,
    });
    const events = makeRunEvents({ runId: 'r1' });
    sink(events[0]!);
    expect(recorded('r1')).toBe(0);
    sink(events[1]!);
    expect(recorded('r1')).toBe(2);
    sink(events[3]!);
    expect(recorded('r1')).toBe(2);
    flush();
    expect(recorded('r1')).toBe(3);
    sink(events[5]!);
    close();
    expect(recorded('r1')).toBe(4);
    sink(events[6]!);
    expect(recorded('r1')).toBe(4);
  });

  it('flushes on its timer while a run is still going', async () => {
    const { sink, close } = createLedgerSink(openLedger(root), { flushIntervalMs: 10 });
    sink(makeRunEvents({ runId: 'r1' })[0]!);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorded('r1')).toBe(1);
    close();
  });

  it('reports a failed write and keeps the run going', () => {
    const ledger = openLedger(root);
    const errors: unknown[] = [];
    const { sink, close } = createLedgerSink(ledger, { onError: (e) => errors.push(e) });
    ledger.close();
    expect(() => {
      for (const e of makeRunEvents({ runId: 'r1' })) sink(e);
    }).not.toThrow();
    close();
    expect(errors.length).toBeGreaterThan(0);
    expect(String((errors.at(-1) as Error).message)).toMatch(/events were not recorded/);
  });
});
