// What the ledger gives back to readers (`mmm runs`, export). Paths are relative to the repository
// root unless they lie outside it.
import type { Gate, MmmEvent, RunState, StateReason, StepRef, StopReason } from '../events.js';
import type { ConversationRecord } from './conversations.js';

export interface StepCounts {
  ok: number;
  failed: number;
  skipped: number;
}

/** Token totals as the agents reported them. */
export interface TokenTotals {
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
}

/** One row of `runs`, with counts taken from the steps table while the run is in progress. */
export interface RunRecord {
  id: string;
  /** The shortest prefix (at least 8 characters) that tells every recorded run apart. */
  shortId: string;
  playbook: string | null;
  playbookHash: string | null;
  playbookName: string | null;
  args: string[];
  arg: string | null;
  item: string | null;
  maxIterations: number | null;
  /** The `--max-cost` limit the run was started with, in dollars; null without one. */
  maxCostUsd: number | null;
  mmmVersion: string | null;
  session: string | null;
  cwd: string | null;
  baseCommit: string | null;
  branch: string | null;
  /** The run's state (docs/ledger.md, Run states). */
  status: RunState;
  /**
   * The try in flight when the run left `running`: the one a crash or an interruption cut short,
   * or a budget stop ended during an agent call. Null otherwise.
   */
  inFlight: StepRef | null;
  /** Why the run entered its state (`approval` or `ack` for a run paused at a gate). */
  stateReason: StateReason | null;
  /** The `--gate` the run was started with; null without one. */
  gate: Gate | null;
  /** The `--agent TOOL[:MODEL]` the run was started with; null without one. */
  agent: string | null;
  exitCode: number | null;
  reason: StopReason | null;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  iterations: number;
  steps: StepCounts;
  commits: number;
  agentCalls: number;
  /** Sum of the costs the agents reported; null when none reported any. */
  costUsd: number | null;
  tokens: TokenTotals;
  lastEventAt: string | null;
}

export interface IterationRecord {
  iteration: number;
  of: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  commits: number | null;
}

/** A step (or handler, or until check) within one iteration, over all its attempts. */
export interface StepRecord {
  iteration: number;
  stepIndex: number;
  role: string;
  stepId: string | null;
  label: string;
  kind: string;
  status: string;
  skipReason: string | null;
  attempts: number;
  exitCode: number | null;
  durationMs: number;
  commits: number;
  filesChanged: number;
  linesAdded: number;
  linesRemoved: number;
  agentCalls: number;
  costUsd: number | null;
}

/** One try of a step. */
export interface AttemptRecord extends Omit<StepRecord, 'attempts' | 'durationMs'> {
  attempt: number;
  error: string | null;
  durationMs: number | null;
  headBefore: string | null;
  headAfter: string | null;
  outputId: number | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface CommitRecord {
  sha: string;
  iteration: number;
  stepIndex: number;
  role: string;
  attempt: number;
  stepId: string | null;
  label: string;
  message: string;
  byAgent: boolean;
  files: string[];
  linesAdded: number;
  linesRemoved: number;
  at: string;
}

/** A policy rule a step's change broke (`policy_violations`). */
export interface ViolationRecord {
  iteration: number;
  stepIndex: number;
  role: string;
  attempt: number;
  stepId: string | null;
  label: string;
  rule: string;
  /** `block` (the change was kept off the branch) or `warn` (it landed). */
  severity: string;
  /** `playbook` or `repository` (.mmm/policy.yml). */
  origin: string;
  message: string;
  paths: string[];
  /** For secrets: file, line and secretlint rule of each one found; never the secret. */
  findings: { path: string; line: number; ruleId: string; messageId: string }[] | null;
  /** Where a blocked change was saved. */
  savedRef: string | null;
  at: string;
}

/** One agent call, with the prompt as sent and the response as received. */
export interface AgentCallRecord {
  seq: number;
  iteration: number;
  stepIndex: number;
  role: string;
  attempt: number;
  stepId: string | null;
  label: string;
  agent: string;
  model: string | null;
  prompt: string;
  response: string;
  ok: boolean;
  error: string | null;
  sessionId: string | null;
  costUsd: number | null;
  /** `reported` (by the agent), `priced` (by mmm from the tokens), `not reported`; null in older runs. */
  costSource: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheCreationInputTokens: number | null;
  cacheReadInputTokens: number | null;
  numTurns: number | null;
  durationMs: number;
  at: string;
}

/** A captured output: inline `content`, or a file at `path` with its hash. */
export interface OutputRecord {
  id: number;
  iteration: number;
  stepIndex: number;
  role: string;
  attempt: number;
  label: string;
  content: string | null;
  path: string | null;
  sha256: string | null;
  sizeBytes: number;
  at: string;
}

export interface ArtifactRecord {
  path: string;
  sha256: string;
  sizeBytes: number | null;
  recordedAt: string;
}

/** An event as recorded, with its place in the run's stream. */
export interface StoredEvent {
  seq: number;
  event: MmmEvent;
}

/** Everything `mmm runs show` prints. */
export interface RunDetail {
  run: RunRecord;
  iterations: IterationRecord[];
  steps: StepRecord[];
  attempts: AttemptRecord[];
  commits: CommitRecord[];
  artifacts: ArtifactRecord[];
  violations: ViolationRecord[];
  /** Every agent call with the conversation it was in, in the order they started. */
  conversations: ConversationRecord[];
}

/** The whole record of one run as one JSON document (`mmm runs export`). */
export interface RunExport extends RunDetail {
  format: 'mmm-run-export';
  version: 1;
  agentCalls: AgentCallRecord[];
  /** Outputs kept in files are read back into `content` when the file is still there. */
  outputs: (OutputRecord & { missing?: boolean })[];
  events: StoredEvent[];
}
