// The engine's public shapes: what a caller passes in and what a run gives back.
import type { AgentAdapter } from '../agents/types.js';
import type { Exec } from '../infra/exec.js';
import type { AgentChoice, Playbook, StepValues } from '../playbook/model.js';
import type {
  EventSink,
  Gate,
  MmmEvent,
  Proposal,
  RunStatus,
  StopReason,
  StepRef,
} from '../events.js';

/** What the engine needs from the outside world; tests pass their own. */
export interface EngineDeps {
  exec: Exec;
  /** The adapter for `agent.tool`; may throw a UsageError for an unknown tool. */
  getAgent(tool: string): AgentAdapter;
  now(): Date;
  /** Waits `ms` or until the signal aborts (the pause on a limit); real timers when left out. */
  sleep?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
  /** The environment steps and agents start from (playbook and step env are added on top). */
  env: NodeJS.ProcessEnv;
}

/** A decision on a proposal (docs/gates.md). */
export interface GateVerdict {
  decision: 'approved' | 'rejected';
  /** `Name <email>`, or what decided by itself (`mmm (ack window passed)`). */
  by: string;
  decidedAt: string;
  comment: string | undefined;
  /** A rejection that runs the step again, `comment` given to it as feedback. */
  retry: boolean;
}

/** Where decisions on a run's proposals are kept (the ledger); a waiting ack gate polls it. */
export interface GateDecisions {
  /** The decision on the run's proposal n; undefined while it is pending. */
  decision(runId: string, proposal: number): GateVerdict | undefined;
  /** Records `verdict` when the proposal is still pending; false when it was decided before. */
  decide(runId: string, proposal: number, verdict: GateVerdict): boolean;
}

/** One commit a run made or kept. */
export interface RunCommit {
  commit: string;
  message: string;
  /** True when the agent made the commit itself. */
  byAgent: boolean;
  /** The step it belongs to; undefined for the provenance commit made at the end. */
  step: StepRef | undefined;
}

/** How a run stands when it ends; passed to `beforeFinish`. */
export interface RunState {
  runId: string;
  playbook: Playbook;
  cwd: string;
  session: string | undefined;
  baseCommit: string;
  branch: string | undefined;
  startedAt: Date;
  status: RunStatus;
  reason: StopReason;
  iterations: number;
  commits: RunCommit[];
  costUsd: number;
  agentCalls: number;
  /** The agent CLI the run used, as its preflight found it; undefined without agent steps. */
  agent: { tool: string; version: string | undefined } | undefined;
}

/**
 * Where a resumed run goes on, and what it had done before, as the ledger recorded it. Steps
 * before the starting point are not run again: their values and totals are given back.
 */
export interface ResumeFrom {
  /** The state the run is resumed from. */
  from: 'crashed' | 'interrupted' | 'stopped' | 'paused';
  iteration: number;
  /** The step to run first (0-based); the number of steps when only the until check was left. */
  stepIndex: number;
  /** The commit the tree is reset to (after saving what is in it) before that step runs. */
  startAt: string;
  /** The commit the run started from, as recorded. */
  baseCommit: string;
  /** `${id.…}` values of the steps that finished, by id, and `${shell.output}`. */
  steps: Record<string, StepValues>;
  lastShellOutput: string | undefined;
  /** Steps by how they ended, and what the agents cost, before the resume. */
  totals: { ok: number; failed: number; skipped: number; costUsd: number; agentCalls: number };
  /** The commits the run made before the resume. */
  commits: RunCommit[];
  /** The highest n of the run's refs/mmm/<run>/<kind>-<n>: new refs take the next numbers. */
  savedRefs: number;
  /** The playbook file changed since the run started, and the run goes on with the new one. */
  playbookChanged: boolean;
  /**
   * A run paused at a gate: its proposal, and the decision on it (undefined while an ack window
   * still runs). `stepIndex` is then the gated step.
   */
  gate?: { proposal: Proposal; verdict: GateVerdict | undefined } | undefined;
  /** The agent call the run was in when it stopped, when it never got its answer. */
  cutOffConversation?: CutOffConversation | undefined;
  /** The untracked files git ignored where the run started (RunSetup.ignored), kept out still. */
  ignoredAtStart?: string[] | undefined;
}

/** An agent call a crash or an interruption cut off, and the conversation it was in. */
export interface CutOffConversation {
  iteration: number;
  stepIndex: number;
  role: StepRef['role'];
  conversationId: string;
}

/** One run of a playbook in one working tree. */
export interface RunOptions {
  playbook: Playbook;
  /**
   * The playbook's path as the run records it: relative to the root of the run's repository when
   * the file is in it, else absolute. Default: the path it was loaded from.
   */
  playbookPath?: string | undefined;
  /** The working tree the steps run in and commit to (the repository root, or a session's worktree). */
  cwd: string;
  runId: string;
  /** The worktree session's name, when the run belongs to one. */
  session?: string | undefined;
  /** Overrides the playbook's max_iterations (`-n`). */
  maxIterations?: number | undefined;
  /** All `--args` values of the invocation, for the record. */
  args?: string[] | undefined;
  /** `$ARG` for this run. */
  arg?: string | undefined;
  /** `${item}` for this run (`--map`). */
  item?: string | undefined;
  /** A cost cap on top of the playbook's budget (`--max-cost`). */
  maxCostUsd?: number | undefined;
  /** `--gate`: the gate of every step, over the steps' and the playbook's own. */
  gate?: Gate | undefined;
  /** `--agent`: the tool (and model) of every claude step that names none of its own. */
  agent?: AgentChoice | undefined;
  /** Where decisions on proposals are read and written; without it an ack gate only waits. */
  gates?: GateDecisions | undefined;
  /** How often a waiting ack gate looks for a decision, in ms (default 500). */
  gatePollMs?: number | undefined;
  /** Continue a recorded run (`mmm resume`) instead of starting one: `runId` is that run's. */
  resume?: ResumeFrom | undefined;
  /** Where output too large to keep in memory is written, e.g. `<repo>/.mmm/runs/<runId>`. */
  outputDir: string;
  /** Output larger than this is spilled to a file and `${id.output}` holds its path. Default 64 KiB. */
  maxInlineOutputBytes?: number | undefined;
  signal: AbortSignal;
  interruptedBy(): 'SIGINT' | 'SIGTERM' | undefined;
  sink: EventSink;
  /** Live output of steps and agents, labelled by step (for --verbose). */
  onOutput?: ((label: string, chunk: string, stream: 'stdout' | 'stderr') => void) | undefined;
  /**
   * Called once at the end of a run that made commits (unless interrupted). Paths it returns,
   * relative to cwd, are committed as `mmm(<playbook>): provenance`.
   */
  beforeFinish?: ((state: RunState) => Promise<string[] | undefined>) | undefined;
  /**
   * Run git's automatic maintenance once at the end of a run that committed (default true). A
   * caller running many sessions of one repository turns it off and runs it once itself.
   */
  autoMaintenance?: boolean | undefined;
}

type RunFinished = Extract<MmmEvent, { type: 'run.finished' }>;

/** What run.finished said, plus the commits themselves and where the run started. */
export type RunSummary = Omit<RunFinished, 'type' | 'at' | 'commits'> & {
  commits: RunCommit[];
  baseCommit: string;
  /** HEAD of cwd when the run ended. */
  head: string;
};
