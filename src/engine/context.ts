// The mutable state one run carries from step to step.
import type { AgentAdapter } from '../agents/types.js';
import type { GitDeps } from '../git/run.js';
import { head } from '../git/repo.js';
import { ignoreFiles, ignoreRulesText, type IgnoreFiles } from '../git/ignore-rules.js';
import type { BytePath } from '../git/quoted-path.js';
import type { UndoRules } from '../git/save.js';
import type { Playbook, PolicyRules, VarContext } from '../playbook/model.js';
import type { MmmEvent, StepRef } from '../events.js';
import type { CutOffConversation, EngineDeps, RunCommit, RunOptions } from './types.js';
import type { PriceTable } from '../playbook/prices-file.js';
import { DEFAULT_PRICES } from './prices.js';

type WithoutBase<E> = E extends unknown ? Omit<E, 'runId' | 'at'> : never;
/** An event as the engine builds it; `emit` adds the run id and the time. */
export type EventInput = WithoutBase<MmmEvent>;

export interface RunTotals {
  ok: number;
  failed: number;
  skipped: number;
  costUsd: number;
  agentCalls: number;
}

export interface RunContext {
  options: RunOptions;
  deps: EngineDeps;
  /**
   * Git runs without the abort signal: saving and committing must finish even after Ctrl-C. It
   * is pinned to the run's tree (git/pin.ts).
   */
  git: GitDeps;
  playbook: Playbook;
  cwd: string;
  vars: VarContext;
  totals: RunTotals;
  commits: RunCommit[];
  startedAt: Date;
  /** The agent CLIs the run's claude steps may call, by tool, each preflighted. */
  agents: ReadonlyMap<string, AgentAdapter>;
  /** Counts saved refs so each gets its own name. */
  savedRefs: number;
  /**
   * The ref HEAD was attached to when the run started (`refs/heads/main`), undefined when it was
   * detached. Every step must leave HEAD there: the run's commits go on this branch only.
   */
  headRef: string | undefined;
  /** The last try cut short by an interruption or the budget: the step in flight when it ended. */
  cutShort: StepRef | undefined;
  /** The rules of the repository's `.mmm/policy.yml` as the run started, if it has one. */
  repoPolicy: PolicyRules | undefined;
  /** A reviewer's reason for rejecting a step that now runs again (docs/gates.md). */
  feedback: { iteration: number; stepIndex: number; text: string } | undefined;
  /**
   * A resumed run's cut-off agent conversation, until the first agent call of its step, which
   * continues it when agent.resume_conversation is on for that call's step.
   */
  cutOffConversation: CutOffConversation | undefined;
  /**
   * A step whose change broke a policy rule of severity `approve`: its gate is `approve`
   * whatever the playbook says, with these rules named as the reason.
   */
  policyApproval: { iteration: number; stepIndex: number; rules: string[] } | undefined;
  /** What tokens cost, for the calls whose agent reports no cost (engine/prices.ts). */
  prices: PriceTable;
  /** Why some calls' tokens could not be priced, each said once in a run. */
  unpricedSaid: Set<string>;
  emit(event: EventInput): void;
  /**
   * The commit HEAD was at when mmm last read or moved it, while nothing else can have moved it
   * since: forgotten before a step's command or agent runs and before mmm changes HEAD itself,
   * so a read of HEAD between two of mmm's own git commands does not start git again.
   */
  headSeen: string | undefined;
  /** Where the repository keeps its ignore rules outside the tree; found before the first try. */
  ignoreFiles: IgnoreFiles | undefined;
  /**
   * Those rules as they were before the try in flight, and the user's ignored files as they were
   * where the run started: undoing the try reads the rules and keeps the files, whatever the step
   * did to the rules (git/ignore-rules.ts). Undefined before the first try.
   */
  ignoredBefore: UndoRules | undefined;
  /**
   * The untracked files git ignored where the run started (the tree was clean then: they are the
   * user's), read before anything runs (runPlaybook); no step commit takes one in
   * (git/kept-files.ts).
   */
  ignoredAtStart: ReadonlySet<BytePath>;
}

export function createContext(
  options: RunOptions,
  deps: EngineDeps,
  git: GitDeps,
  agents: ReadonlyMap<string, AgentAdapter>,
  headRef: string | undefined,
  repoPolicy?: PolicyRules,
  prices: PriceTable = DEFAULT_PRICES,
): RunContext {
  return {
    options,
    deps,
    git,
    playbook: options.playbook,
    cwd: options.cwd,
    vars: {
      steps: {},
      lastShellOutput: undefined,
      arg: options.arg,
      item: options.item,
      iteration: 0,
      env: { ...deps.env },
    },
    totals: { ok: 0, failed: 0, skipped: 0, costUsd: 0, agentCalls: 0 },
    commits: [],
    startedAt: deps.now(),
    agents,
    savedRefs: 0,
    headRef,
    cutShort: undefined,
    repoPolicy,
    feedback: undefined,
    cutOffConversation: undefined,
    policyApproval: undefined,
    prices,
    unpricedSaid: new Set(),
    headSeen: undefined,
    ignoreFiles: undefined,
    ignoredBefore: undefined,
    ignoredAtStart: new Set(),
    emit(event) {
      const full = { ...event, runId: options.runId, at: deps.now().toISOString() };
      options.sink(full);
    },
  };
}

/**
 * Reads the ignore rules outside the tree as they are before a try (or before a resumed run's
 * tree is put back), to go with the user's ignored files (RunContext.ignoredBefore).
 */
export async function noteIgnoreRules(ctx: RunContext): Promise<void> {
  ctx.ignoreFiles ??= await ignoreFiles(ctx.git, ctx.cwd, ctx.deps.env);
  ctx.ignoredBefore = { rules: ignoreRulesText(ctx.ignoreFiles), keep: ctx.ignoredAtStart };
}

/** The commit HEAD is at: as last seen (see RunContext.headSeen), else read from git. */
export async function headNow(ctx: RunContext): Promise<string> {
  ctx.headSeen ??= await head(ctx.git, ctx.cwd);
  return ctx.headSeen;
}

/** True once SIGINT/SIGTERM (or the caller) aborted the run. */
export function isInterrupted(ctx: RunContext): boolean {
  return ctx.options.signal.aborted;
}

/**
 * A reviewer's reason for rejecting the previous try of this step, when it runs again for it
 * (`mmm reject --retry`); undefined otherwise.
 */
export function gateFeedback(ctx: RunContext, step: { index: number }): string | undefined {
  const fb = ctx.feedback;
  const same = fb && fb.iteration === ctx.vars.iteration && fb.stepIndex === step.index;
  return same ? fb.text : undefined;
}
