// The one event stream of a run: it feeds the terminal reporter, `--json` NDJSON and the ledger.
// Nothing is reported that is not an event, and every event is recorded.

import type { AgentLimit, AgentUsage, RepeatedToolCall } from './agents/types.js';

/** Why a run paused: the agent call ended on a limit that lifts by itself. */
export type PauseReason = AgentLimit['kind'];

export type StepStatus = 'ok' | 'failed' | 'skipped';

/** Where an agent call's cost came from (docs/prices.md). */
export type CostSource = 'reported' | 'priced' | 'not reported';
/** `paused`: the run ended its process waiting at a gate (docs/gates.md). */
export type RunStatus = 'completed' | 'failed' | 'interrupted' | 'stopped' | 'paused';
/** Why a run stopped iterating. */
export type StopReason =
  | 'max_iterations'
  | 'no_changes'
  | 'until_passed'
  | 'step_failed'
  | 'budget'
  | 'policy'
  | 'not_converging'
  | 'interrupted'
  | 'error'
  | 'approval'
  | 'ack'
  | 'rejected';

/**
 * Where a run stands in the ledger. The engine moves its own run to `running` (and to `paused`
 * while it waits for an agent's limit to lift) and, at the end, to one of `done`, `failed`,
 * `stopped` or `interrupted`; `crashed` is set by a later mmm command
 * that finds the run's process gone without an end recorded.
 */
export type RunState =
  'running' | 'paused' | 'interrupted' | 'crashed' | 'failed' | 'stopped' | 'done';
/**
 * Why a run entered its state: a stop reason, `started`, `resumed` (mmm resume), `process_gone`
 * (crashed), `limit` (paused on an agent's limit), `wait_over` (running again after the pause),
 * `approval` and `ack` (paused at a gate), `approved` (running again after a gate let the step's
 * commits land) or `retry` (a rejected step runs again with the reviewer's reason).
 */
export type StateReason =
  | StopReason
  | 'started'
  | 'resumed'
  | 'process_gone'
  | 'limit'
  | 'wait_over'
  | 'approved'
  | 'retry';

/** A step's gate (docs/gates.md). */
export type Gate = 'auto' | 'ack' | 'approve';

/** The change a gated step proposes: its commits, held on a ref until a decision. */
export interface Proposal {
  gate: Gate;
  /** n of `refs/mmm/<run>/proposals/<n>`; counts the run's proposals from 1. */
  proposal: number;
  ref: string;
  /** Where the step started: the run's branch stays here until the proposal lands. */
  base: string;
  /** The step's last commit, which the ref holds. */
  commit: string;
  files: string[];
  insertions: number;
  deletions: number;
  /** For an ack gate: when it lands unless rejected first (ISO-8601). */
  ackUntil: string | undefined;
}

interface Base {
  runId: string;
  /** ISO-8601 time the event was made. */
  at: string;
}

/** Which step (and which try of it) an event is about. */
export interface StepRef {
  iteration: number;
  stepIndex: number;
  stepId: string | undefined;
  label: string;
  kind: 'claude' | 'shell';
  /** Set for handler steps and the until check. */
  role: 'step' | 'on_failure' | 'on_success' | 'until';
  attempt: number;
}

/** What a run was started with: the same in run.started and, for a resumed run, run.resumed. */
export interface RunSetup {
  playbook: string;
  playbookHash: string;
  playbookName: string;
  /** The playbook's text, kept so that a resume can say what changed in the file since. */
  playbookSource: string;
  cwd: string;
  session: string | undefined;
  baseCommit: string;
  branch: string | undefined;
  args: string[];
  arg: string | undefined;
  item: string | undefined;
  maxIterations: number;
  /** `--max-cost`, when given. */
  maxCostUsd: number | undefined;
  /** `--gate`, when given: the gate of every step of the run. */
  gate?: Gate | undefined;
  /** `--agent TOOL[:MODEL]`, when given: the agent of every step that names none of its own. */
  agent?: string | undefined;
  mmmVersion: string;
  /**
   * The untracked files git ignored where the run started (a directory ignored as a whole as one
   * entry ending in `/`): the user's, never committed nor removed by the run (git/kept-files.ts).
   * A resumed run adds those ignored where it resumed. A name that is not UTF-8 is quoted as git
   * quotes it (`"secret-\351"`), as is one that begins with a double quote.
   */
  ignored?: string[] | undefined;
}

export type MmmEvent =
  | (Base & RunSetup & { type: 'run.started' })
  | (Base &
      RunSetup & {
        type: 'run.resumed';
        /** The state the run was in. */
        from: 'crashed' | 'interrupted' | 'stopped' | 'paused';
        /** Where it goes on: this iteration, this step (its index in `steps:`, 0-based). */
        iteration: number;
        atStepIndex: number;
        /** The step's label; `until` when only the iteration's until check was left. */
        label: string;
        /** The commit the resumed step starts from. */
        headAt: string;
        /** Where the work the dead step had left in the tree was saved, if it left any. */
        savedRef: string | undefined;
        /** True when resumed with a playbook file that changed since the run started (--force). */
        playbookChanged: boolean;
      })
  | (Base & {
      type: 'run.state';
      state: RunState;
      reason: StateReason;
      message: string | undefined;
      /** The try that was in flight when the run left `running` (cut short or never finished). */
      step: StepRef | undefined;
    })
  | (Base & { type: 'iteration.started'; iteration: number; of: number })
  | (Base & StepRef & { type: 'step.started'; headBefore: string })
  | (Base & StepRef & { type: 'step.skipped'; reason: string })
  | (Base &
      StepRef & {
        /**
         * An agent call is about to start: written before the agent CLI runs, so that a run killed
         * mid-call still has the id of the conversation the call was in.
         */
        type: 'agent.started';
        agent: string;
        /** The id of the conversation the call starts, chosen by mmm. */
        conversationId: string;
        /** The cut-off conversation this call continues (agent.resume_conversation), if any. */
        continues: string | undefined;
      })
  | (Base &
      StepRef & {
        /**
         * Files the user had, ignored where the run started, that the ignore rules as the step
         * left them no longer cover (it rewrote a tracked .gitignore): left out of the step's
         * commit, and in the tree as they were.
         */
        type: 'step.kept_out';
        paths: string[];
      })
  | (Base &
      StepRef & {
        /**
         * A call that was to continue a cut-off conversation found that the agent no longer has it;
         * a new conversation is started instead.
         */
        type: 'agent.conversation_missing';
        agent: string;
        /** The conversation that could not be continued. */
        conversationId: string;
        /** What the agent said. */
        message: string;
      })
  | (Base &
      StepRef & {
        type: 'agent.call';
        agent: string;
        model: string | undefined;
        prompt: string;
        response: string;
        ok: boolean;
        error: string | undefined;
        /** The conversation id the agent reported (Claude Code's session_id). */
        sessionId: string | undefined;
        /** The conversation id mmm chose for the call (see agent.started); absent in older runs. */
        conversationId?: string | undefined;
        /** The call was cut off by an interruption (Ctrl-C, SIGTERM) before the agent answered. */
        interrupted?: boolean | undefined;
        /** As the agent reported it, or priced by mmm from the tokens: see costSource. */
        costUsd: number | undefined;
        /**
         * `reported` by the agent, `priced` by mmm from its tokens and the price table (an
         * estimate), or `not reported`; absent in older runs.
         */
        costSource?: CostSource | undefined;
        /** Set on the first call of a run whose tokens could not be priced: why, and what to do. */
        unpriced?: string | undefined;
        usage: AgentUsage | undefined;
        numTurns: number | undefined;
        durationMs: number;
        /** Tools the agent called with one input 3 or more times in a row (absent: none). */
        repeatedToolCalls?: RepeatedToolCall[] | undefined;
      })
  | (Base &
      StepRef & {
        /**
         * A call failed for a reason not the work's (`reason`: usage limit, overloaded, rate limit,
         * not logged in, crashed, could not start): the same call goes to the next agent of the
         * step's agent.fallback. `from` and `to` are `tool` or `tool:model`.
         */
        type: 'agent.fallback';
        from: string;
        to: string;
        reason: string;
        /** What the passed-over agent said. */
        message: string;
      })
  | (Base &
      StepRef & {
        type: 'step.finished';
        status: 'ok' | 'failed';
        exitCode: number | null;
        durationMs: number;
        error: string | undefined;
        /** Captured output (inline), or undefined when spilled to outputFile. */
        output: string | undefined;
        outputFile: string | undefined;
        outputBytes: number;
        /** The step's named outputs (`outputs:` file patterns) as later steps see them. */
        named?: Record<string, string> | undefined;
        /** Why the policy blocked the try (`${<id>.violation}`), when it did. */
        violation?: string | undefined;
        headBefore: string;
        headAfter: string;
      })
  | (Base &
      StepRef & {
        type: 'step.committed';
        commit: string;
        message: string;
        /** True when the agent made this commit itself. */
        byAgent: boolean;
        files: string[];
        insertions: number;
        deletions: number;
      })
  | (Base &
      StepRef & {
        /**
         * The step's fix loop failed the same way `repeats` tries in a row and gave up with
         * `unspent` tries left (on_failure.stop_on_repeat).
         */
        type: 'step.not_converging';
        signature: string;
        repeats: number;
        /**
         * `repeat`: the same failure signature `repeats` tries in a row; `growing`: fix after fix
         * made the change larger while the failures reported did not fall.
         */
        trigger: 'repeat' | 'growing';
        unspent: number;
        /** The escalation packet, Markdown: the goal, each try, what changed between them. */
        packet: string;
        /** Where the packet was written (`<outputDir>/escalation.md`); undefined if it could not be. */
        path: string | undefined;
      })
  | (Base &
      StepRef & {
        /** An agent call ended on a limit: the run waits, then makes the same call again. */
        type: 'run.paused';
        reason: PauseReason;
        /** ISO-8601 time the call will be made again. */
        until: string;
        /** 1 for the first pause of this call, then 2, 3, ... */
        pause: number;
        /** What the agent said. */
        message: string;
      })
  | (Base &
      StepRef & {
        type: 'run.continued';
        reason: PauseReason;
        pause: number;
        /** How long the run waited. */
        waitedMs: number;
      })
  | (Base &
      StepRef & {
        /**
         * A step's change broke a policy rule: with severity `block` nothing of it was committed
         * (it was saved to `savedRef`), with `warn` it was committed all the same.
         */
        type: 'policy.violation';
        rule: string;
        severity: 'block' | 'warn' | 'approve';
        /** `playbook` (its policy, the step's, the default protected paths) or `repository` (.mmm/policy.yml). */
        origin: 'playbook' | 'repository';
        /** What is wrong, in one line; it names where a secret is, never the secret. */
        message: string;
        paths: string[];
        /** For `secrets`: each finding's file, line and secretlint rule. */
        findings: { path: string; line: number; ruleId: string; messageId: string }[] | undefined;
        savedRef: string | undefined;
      })
  | (Base & StepRef & Proposal & { type: 'gate.proposed' })
  | (Base &
      StepRef & {
        /** A gate's decision: automatic (auto, an ack window that passed) or a person's. */
        type: 'gate.decided';
        gate: Gate;
        /** The proposal decided; undefined for an auto gate, which makes none. */
        proposal: number | undefined;
        decision: 'approved' | 'rejected';
        /** `Name <email>` of whoever decided, or `mmm (auto gate)`, `mmm (ack window passed)`. */
        by: string;
        /** When the decision was made (ISO-8601). */
        decidedAt: string;
        comment: string | undefined;
        /** A rejection that runs the step again, its reason given to the step as feedback. */
        retry: boolean;
        base: string;
        commit: string;
        /** True when the step's commits are now on the run's branch. */
        landed: boolean;
      })
  | (Base & { type: 'iteration.finished'; iteration: number; commits: number })
  | (Base & {
      type: 'run.finished';
      status: RunStatus;
      exitCode: number;
      reason: StopReason;
      message: string | undefined;
      iterations: number;
      /** Top-level steps by how they ended (a try the test-fix loop made good is not a failure). */
      steps: { ok: number; failed: number; skipped: number };
      commits: number;
      costUsd: number;
      agentCalls: number;
      durationMs: number;
    });

export type MmmEventType = MmmEvent['type'];

/** Anything that wants the stream: reporters, the ledger, tests. */
export type EventSink = (event: MmmEvent) => void;
