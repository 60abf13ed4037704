import type { Exec } from '../infra/exec.js';
import type { RepeatedToolCall } from './tool-calls.js';

export type { RepeatedToolCall } from './tool-calls.js';

/** One call to an agent CLI, as the engine asks for it. */
export interface AgentRequest {
  /** Sent on the agent CLI's standard input, never as an argument (no size limit there). */
  prompt: string;
  cwd: string;
  model?: string | undefined;
  permissionMode?: string | undefined;
  allowedTools?: string[] | undefined;
  disallowedTools?: string[] | undefined;
  maxTurns?: number | undefined;
  /** Remaining budget, passed down where the agent supports it. */
  maxBudgetUsd?: number | undefined;
  appendSystemPrompt?: string | undefined;
  /**
   * The id of the conversation this call starts, chosen by mmm so that it is on record before the
   * CLI runs (Claude Code's `--session-id`). Must be a UUID never used before.
   */
  conversationId?: string | undefined;
  /**
   * An earlier conversation this call continues (Claude Code's `--resume`): the agent gets its
   * messages back, and the call is recorded under `conversationId`, leaving the earlier one as it was.
   */
  continueConversation?: string | undefined;
  timeoutMs?: number | undefined;
  env?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
  onOutput?: ((chunk: string, stream: 'stdout' | 'stderr') => void) | undefined;
}

export interface AgentUsage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

/** A limit a call ended on that lifts by itself, so the same call can be made again later. */
export interface AgentLimit {
  /** 429 (rate limit), 529 (overloaded), or a subscription's usage limit. */
  kind: 'rate_limit' | 'overloaded' | 'usage_limit';
  /** When the limit lifts, when the agent said. */
  resetsAt: Date | undefined;
}

/** What one agent call produced, as the agent itself reported it. Nothing here is estimated. */
export interface AgentResult {
  ok: boolean;
  /** The agent's final text (Claude Code's `result`). */
  text: string;
  /** Why the call failed, in the agent's own words where it gave any. */
  error: string | undefined;
  /**
   * The agent ended the call itself because the spending limit it was given (the budget left,
   * passed down as maxBudgetUsd) was reached: a budget stop, not a failure of the step.
   */
  budgetReached: boolean;
  /** Set when the call failed on a rate limit, an overload or a usage limit. */
  limit: AgentLimit | undefined;
  /**
   * Set when the call failed for a reason that is not the work's, other than a limit: `not logged
   * in`, `crashed` (the CLI ended without an answer) or `could not start`; another agent may try.
   */
  unavailable?: string | undefined;
  sessionId: string | undefined;
  /**
   * The call was asked to continue a conversation (continueConversation) the agent does not have
   * (never kept, or deleted since): nothing ran.
   */
  conversationMissing: boolean;
  costUsd: number | undefined;
  usage: AgentUsage | undefined;
  numTurns: number | undefined;
  /** Models the agent reported using (Claude Code's modelUsage keys). */
  models: string[];
  permissionDenials: unknown[];
  /**
   * Tools the agent called with the same input REPEAT_THRESHOLD or more times in a row: an agent
   * going in circles. Empty when the CLI reports no tool calls.
   */
  repeatedToolCalls: RepeatedToolCall[];
  exitCode: number | null;
  durationMs: number;
  timedOut: boolean;
  aborted: boolean;
  /** The agent's stdout as received (bounded by exec). */
  raw: string;
  stderr: string;
}

/** What an agent CLI says of its credentials. */
export interface AuthStatus {
  loggedIn: boolean | undefined;
  /** How, or why not, in the CLI's terms (`api_key from ANTHROPIC_API_KEY`, `none`). */
  detail: string;
}

export interface AgentInfo {
  /** Absolute path or command name of the binary that will run. */
  bin: string;
  version: string | undefined;
}

/**
 * Which of the playbook's agent settings a CLI can honour. A setting it cannot is an invalid
 * playbook for that tool (exit 2), never silently dropped.
 */
export interface AgentSettingsSupport {
  /** The `permission_mode` values it takes (mapped to its own terms); empty: none at all. */
  permissionModes: readonly string[];
  allowedTools: boolean;
  disallowedTools: boolean;
  maxTurns: boolean;
  appendSystemPrompt: boolean;
  /** `resume_conversation`: a conversation id chosen by mmm before the call, continued later. */
  resumeConversation: boolean;
}

/** One adapter per agent CLI. buildArgs and parseResult are pure; run spawns the process. */
export interface AgentAdapter {
  readonly name: string;
  readonly supports: AgentSettingsSupport;
  /**
   * `native`: the CLI itself expands a prompt `/name args` from `.claude/commands/name.md` (Claude
   * Code). `mmm`: mmm expands it before the call, so the CLI gets the command's text.
   */
  readonly slashCommands: 'native' | 'mmm';
  buildArgs(request: AgentRequest): string[];
  /** `now` resolves a reset time the agent names by the clock ("resets 4pm"). */
  parseResult(stdout: string, stderr: string, exitCode: number | null, now?: Date): AgentResult;
  /**
   * Whether the CLI looks logged in, asked of the CLI itself without a model call (nothing is
   * spent). `undefined` when it cannot tell.
   */
  authStatus(deps: { exec: Exec; env: NodeJS.ProcessEnv; cwd: string }): Promise<AuthStatus>;
  /** Checks the CLI is installed before the first step runs; throws PreconditionError if not. */
  preflight(deps: { exec: Exec; env: NodeJS.ProcessEnv; cwd: string }): Promise<AgentInfo>;
  run(request: AgentRequest, deps: { exec: Exec; env: NodeJS.ProcessEnv }): Promise<AgentResult>;
}
