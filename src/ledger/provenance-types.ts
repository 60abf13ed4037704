// The provenance manifest: what made a run's commits, committed beside them under
// `.mmm/provenance/<run>.json`. Described for other tools by schemas/provenance.schema.json.
import type { RunStatus, StepStatus, StopReason } from '../events.js';

export const PROVENANCE_FORMAT = 'mmm-provenance/1';

/** One commit the run made (or the agent made during it). */
export interface ProvenanceCommit {
  sha: string;
  iteration: number;
  step: string;
  stepId: string | null;
  attempt: number;
  message: string;
  byAgent: boolean;
  files: string[];
  insertions: number;
  deletions: number;
}

/** The result of one try of one step (handlers and the until check included). */
export interface ProvenanceStep {
  iteration: number;
  stepIndex: number;
  stepId: string | null;
  label: string;
  kind: 'claude' | 'shell';
  role: 'step' | 'on_failure' | 'on_success' | 'until';
  attempt: number;
  status: StepStatus;
  exitCode: number | null;
  durationMs: number | null;
  skipReason: string | null;
  headBefore: string | null;
  headAfter: string | null;
  agentCalls: number;
  costUsd: number | null;
}

/** A verification (shell) step's outcome, kept as evidence. */
export interface ProvenanceGate {
  iteration: number;
  stepIndex: number;
  stepId: string | null;
  label: string;
  role: ProvenanceStep['role'];
  attempt: number;
  status: StepStatus;
  exitCode: number | null;
  /** SHA-256 of the captured output when it was passed inline; null otherwise. */
  outputSha256: string | null;
  outputBytes: number | null;
}

/** A decision at a step's gate (docs/gates.md): who let its commits land, or refused them. */
export interface ProvenanceDecision {
  iteration: number;
  stepIndex: number;
  stepId: string | null;
  label: string;
  gate: 'auto' | 'ack' | 'approve';
  /** n of refs/mmm/<run>/proposals/<n>; null for an auto gate. */
  proposal: number | null;
  decision: 'approved' | 'rejected';
  /** `Name <email>` of who decided, or what decided by itself (`mmm (auto gate)`). */
  by: string;
  decidedAt: string;
  comment: string | null;
  retry: boolean;
  base: string;
  commit: string;
  landed: boolean;
}

/** Everything recorded about where a run's changes came from. */
export interface ProvenanceManifest {
  format: typeof PROVENANCE_FORMAT;
  run: {
    id: string;
    startedAt: string | null;
    session: string | null;
    branch: string | null;
    baseCommit: string | null;
    args: string[];
    item: string | null;
    /** Present when the manifest was built after the run finished. */
    finishedAt?: string;
    status?: RunStatus;
    reason?: StopReason;
    exitCode?: number;
  };
  playbook: { path: string | null; hash: string | null; name: string | null };
  mmm: { version: string | null };
  agent: { tool: string | null; version: string | null; models: string[] };
  commits: ProvenanceCommit[];
  steps: ProvenanceStep[];
  gates: ProvenanceGate[];
  /** The decisions at the run's step gates, in order; absent from manifests of older mmm. */
  decisions?: ProvenanceDecision[];
  totals: {
    agentCalls: number;
    /** Sum of costs the agents reported; null when none reported a cost. */
    costUsd: number | null;
    inputTokens: number;
    outputTokens: number;
    cacheCreationInputTokens: number;
    cacheReadInputTokens: number;
    commits: number;
    steps: { ok: number; failed: number; skipped: number };
  };
}

/** Facts the events do not carry. */
export interface ProvenanceExtra {
  agentVersion?: string;
  /** The agent tool configured, for runs that made no agent call. */
  agentTool?: string;
}
