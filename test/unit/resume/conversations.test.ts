// Which agent call a resumed run continues, and how `mmm runs show` lists the calls, from events.
import { describe, expect, it } from 'vitest';
import { cutOffConversation } from '../../../src/actions/resume/plan.js';
import type { MmmEvent, StepRef } from '../../../src/events.js';
import { listConversations } from '../../../src/ledger/conversations.js';
import type { StoredEvent } from '../../../src/ledger/index.js';

const step = (stepIndex: number, extra: Partial<StepRef> = {}): StepRef => ({
  iteration: 1,
  stepIndex,
  stepId: undefined,
  label: `step ${stepIndex + 1}`,
  kind: 'claude',
  role: 'step',
  attempt: 1,
  ...extra,
});
const base = { runId: 'r', at: '2025-03-01T10:00:00.000Z' };
const started = (ref: StepRef, id: string, continues?: string): MmmEvent => ({
  ...base,
  type: 'agent.started',
  ...ref,
  agent: 'claude',
  conversationId: id,
  continues,
});
const answered = (ref: StepRef, id: string, extra: { ok?: boolean; interrupted?: boolean } = {}) =>
  ({
    ...base,
    type: 'agent.call',
    ...ref,
    agent: 'claude',
    model: undefined,
    prompt: 'p',
    response: '',
    ok: extra.ok ?? true,
    error: undefined,
    sessionId: extra.interrupted ? undefined : id,
    conversationId: id,
    interrupted: extra.interrupted,
    costUsd: undefined,
    usage: undefined,
    numTurns: undefined,
    durationMs: 1,
  }) satisfies MmmEvent;
const stored = (...events: MmmEvent[]): StoredEvent[] =>
  events.map((event, i) => ({ seq: i + 1, event }));
const at = { iteration: 1, stepIndex: 1 };

describe('cutOffConversation', () => {
  it('is the last call of the step that was killed before it answered', () =>
    expect(
      cutOffConversation(
        stored(started(step(0), 'a'), answered(step(0), 'a'), started(step(1), 'b')),
        at,
      ),
    ).toEqual({ iteration: 1, stepIndex: 1, role: 'step', conversationId: 'b' }));

  it('is a call Ctrl-C interrupted, in the role it had', () =>
    expect(
      cutOffConversation(
        stored(
          started(step(1), 'b'),
          answered(step(1), 'b', { ok: false }),
          started(step(1, { role: 'on_failure' }), 'c'),
          answered(step(1, { role: 'on_failure' }), 'c', { ok: false, interrupted: true }),
        ),
        at,
      ),
    ).toMatchObject({ role: 'on_failure', conversationId: 'c' }));

  it('is nothing when the call answered, or when it belongs to another step', () => {
    expect(
      cutOffConversation(stored(started(step(1), 'b'), answered(step(1), 'b', { ok: false })), at),
    ).toBeUndefined();
    expect(cutOffConversation(stored(started(step(0), 'a')), at)).toBeUndefined();
    expect(cutOffConversation(stored(started(step(1, { iteration: 2 }), 'a')), at)).toBeUndefined();
  });
});

describe('listConversations', () => {
  it('pairs each start with its end, and says which calls never ended', () =>
    expect(
      listConversations(
        stored(
          started(step(0), 'a'),
          answered(step(0), 'a'),
          started(step(1), 'b'),
          started(step(1), 'c', 'b'),
          {
            ...base,
            type: 'agent.conversation_missing',
            ...step(1),
            agent: 'claude',
            conversationId: 'b',
            message: 'gone',
          },
          started(step(1), 'd'),
          answered(step(1), 'd', { ok: false, interrupted: true }),
        ),
      ).map((c) => [c.conversationId, c.outcome, c.continues]),
    ).toEqual([
      ['a', 'ok', null],
      ['b', 'no answer', null],
      ['c', 'conversation missing', 'b'],
      ['d', 'interrupted', null],
    ]));

  it('lists calls recorded before mmm chose conversation ids by the id the agent reported', () => {
    const old = { ...answered(step(0), 'x'), conversationId: undefined, interrupted: undefined };
    expect(listConversations(stored(old))).toMatchObject([
      { conversationId: 'x', sessionId: 'x', outcome: 'ok' },
    ]);
  });
});
