// The agent calls of a run with the conversation each was in, read from its events: the id mmm
// chose is recorded as the call starts (agent.started), the outcome when it ends (agent.call).
import type { MmmEvent, StepRef } from '../events.js';
import type { StoredEvent } from './types.js';

/** How an agent call ended, as far as the record says. */
export type CallOutcome =
  /** The agent answered and the call succeeded, or failed. */
  | 'ok'
  | 'failed'
  /** Ctrl-C or SIGTERM stopped it before the agent answered. */
  | 'interrupted'
  /** Started, and no end recorded: the run was killed during it, or it is still going. */
  | 'no answer'
  /** It was to continue a conversation the agent no longer had: nothing ran. */
  | 'conversation missing';

/** One agent call and its conversation. */
export interface ConversationRecord extends StepRef {
  agent: string;
  /** The conversation id mmm chose for the call; for calls recorded before mmm chose ids, the one the agent reported. */
  conversationId: string | null;
  /** The cut-off conversation this call continued. */
  continues: string | null;
  /** The conversation id the agent reported, when it answered. */
  sessionId: string | null;
  outcome: CallOutcome;
}

const stepRef = (e: StepRef): StepRef => ({
  iteration: e.iteration,
  stepIndex: e.stepIndex,
  stepId: e.stepId,
  label: e.label,
  kind: e.kind,
  role: e.role,
  attempt: e.attempt,
});

type CallEnd = Extract<MmmEvent, { type: 'agent.call' }>;

function outcomeOf(e: CallEnd): CallOutcome {
  if (e.interrupted === true) return 'interrupted';
  return e.ok ? 'ok' : 'failed';
}

/** The run's agent calls in the order they started. A run makes one call at a time. */
export function listConversations(events: readonly StoredEvent[]): ConversationRecord[] {
  const calls: ConversationRecord[] = [];
  let open: ConversationRecord | undefined;
  for (const { event } of events) {
    if (event.type === 'agent.started') {
      open = {
        ...stepRef(event),
        agent: event.agent,
        conversationId: event.conversationId,
        continues: event.continues ?? null,
        sessionId: null,
        outcome: 'no answer',
      };
      calls.push(open);
    } else if (event.type === 'agent.conversation_missing') {
      if (open) open.outcome = 'conversation missing';
      open = undefined;
    } else if (event.type === 'agent.call') {
      if (open) {
        open.outcome = outcomeOf(event);
        open.sessionId = event.sessionId ?? null;
      } else {
        calls.push({
          ...stepRef(event),
          agent: event.agent,
          conversationId: event.conversationId ?? event.sessionId ?? null,
          continues: null,
          sessionId: event.sessionId ?? null,
          outcome: outcomeOf(event),
        });
      }
      open = undefined;
    }
  }
  return calls;
}
