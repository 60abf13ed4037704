// Gates (docs/gates.md): after a step succeeds, its commits land on the run's branch at once
// (auto), or are held on refs/mmm/<run>/proposals/<n> until a decision: a person's (approve), or
// the end of a window in which nobody rejected them (ack).
import { ExitCode } from '../errors.js';
import type { Gate, Proposal, StepRef } from '../events.js';
import { diffStat } from '../git/commit.js';
import { fastForwardTo, holdProposal, nextProposalNumber, proposalRef } from '../git/proposals.js';
import { head } from '../git/repo.js';
import { restoreTo } from '../git/save.js';
import { formatClock, shortSha } from '../infra/format.js';
import type { Step } from '../playbook/model.js';
import { stepRef } from './attempt.js';
import { headNow, isInterrupted, type RunContext } from './context.js';
import type { LoopEnd } from './iteration.js';
import { realSleep, type Sleep } from './limit-wait.js';
import type { GateVerdict } from './types.js';

/** How often a waiting ack gate looks for a rejection. */
const DEFAULT_POLL_MS = 500;

/** What follows a gate: the run goes on, ends here, or runs the rejected step again. */
export type GateOutcome = { kind: 'pass' } | { kind: 'end'; end: LoopEnd } | { kind: 'retry' };

/** The policy rules of severity `approve` the step's change broke in this iteration, if any. */
function heldByPolicy(ctx: RunContext, step: Step): string[] | undefined {
  const held = ctx.policyApproval;
  const same = held && held.iteration === ctx.vars.iteration && held.stepIndex === step.index;
  return same ? held.rules : undefined;
}

/**
 * The gate a step passes: `approve` when its change broke a policy rule of severity `approve`,
 * else `--gate`, else its own, else the playbook's.
 */
export function gateOf(ctx: RunContext, step: Step): Gate {
  if (heldByPolicy(ctx, step)) return 'approve';
  return ctx.options.gate ?? step.gate ?? ctx.playbook.gate;
}

const approveCommand = (ctx: RunContext) => `mmm approve ${ctx.options.runId}`;
const rejectCommand = (ctx: RunContext) => `mmm reject ${ctx.options.runId}`;

/** What a paused run says about its proposal: how to see it and how to decide. */
export function describeWaiting(ctx: RunContext, step: Step, p: Proposal): string {
  const diff = `git diff ${shortSha(p.base)} ${shortSha(p.commit)}`;
  const what = `step ${step.index + 1} (${step.label}) proposes ${shortSha(p.commit)} on ${p.ref}`;
  if (p.gate === 'ack') {
    return `${what}; it lands at ${formatClock(p.ackUntil ?? '')} unless rejected: ${rejectCommand(ctx)} [--reason ...] [--retry]; see it with: ${diff} (or mmm pending)`;
  }
  const rules = heldByPolicy(ctx, step);
  const why = rules
    ? ` (policy: ${rules.join(', ')} ${rules.length === 1 ? 'needs' : 'need'} approval)`
    : '';
  return `${what} and waits for approval${why}: ${approveCommand(ctx)} [--comment ...] or ${rejectCommand(ctx)} [--reason ...] [--retry]; see it with: ${diff} (or mmm pending)`;
}

/**
 * After a successful step that started at `base`: records an auto gate, or holds the step's
 * commits as a proposal (the branch goes back to `base`) and waits for, or pauses for, a decision.
 */
export async function passGate(ctx: RunContext, step: Step, base: string): Promise<GateOutcome> {
  const gate = gateOf(ctx, step);
  const now = await headNow(ctx);
  // Nothing was committed: there is nothing to decide.
  if (now === base) return { kind: 'pass' };
  const ref = stepRef(ctx, step, 'step', 1);
  if (gate === 'auto') {
    ctx.emit({
      type: 'gate.decided',
      ...ref,
      gate,
      proposal: undefined,
      decision: 'approved',
      by: 'mmm (auto gate)',
      decidedAt: ctx.deps.now().toISOString(),
      comment: undefined,
      retry: false,
      base,
      commit: now,
      landed: true,
    });
    return { kind: 'pass' };
  }
  // The gate holds the step's commits off the branch, and may wait while a person works: HEAD is
  // read again after it.
  ctx.headSeen = undefined;
  const n = await nextProposalNumber(ctx.git, ctx.cwd, ctx.options.runId);
  const name = proposalRef(ctx.options.runId, n);
  await holdProposal(ctx.git, ctx.cwd, name, now);
  const stat = await diffStat(ctx.git, ctx.cwd, base, now);
  // The proposal is safe on its ref: the branch goes back to where the step started.
  await restoreTo(ctx.git, ctx.cwd, base, ctx.ignoredBefore);
  const windowMs = step.ackWindowMs ?? ctx.playbook.ackWindowMs;
  const proposal: Proposal = {
    gate,
    proposal: n,
    ref: name,
    base,
    commit: now,
    ...stat,
    ackUntil:
      gate === 'ack' ? new Date(ctx.deps.now().getTime() + windowMs).toISOString() : undefined,
  };
  ctx.emit({ type: 'gate.proposed', ...ref, ...proposal });
  return awaitDecision(ctx, step, proposal);
}

/** The run pauses at the gate: for approval it ends its process; for ack it waits in place. */
export async function awaitDecision(
  ctx: RunContext,
  step: Step,
  proposal: Proposal,
): Promise<GateOutcome> {
  const message = describeWaiting(ctx, step, proposal);
  const reason = proposal.gate === 'ack' ? 'ack' : 'approval';
  ctx.emit({ type: 'run.state', state: 'paused', reason, message, step: undefined });
  if (proposal.gate !== 'ack') return { kind: 'end', end: paused(ctx, 'approval', message) };
  const verdict = await waitForAck(ctx, proposal);
  if (verdict === undefined) {
    // Ctrl-C while the window runs: the run stays paused, and mmm resume takes up the wait.
    const by = ctx.options.interruptedBy() ?? 'SIGINT';
    return {
      kind: 'end',
      end: {
        ...paused(ctx, 'ack', `${message}; interrupted by ${by} while waiting`),
        exitCode: by === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted,
      },
    };
  }
  return settle(ctx, step, proposal, verdict);
}

/**
 * The approved proposal cannot land: the branch is no longer where the step started. The run
 * stays paused for approval (the decision is kept) until the branch is put back.
 */
function branchMoved(ctx: RunContext, step: Step, p: Proposal, at: string): LoopEnd {
  const message = `step ${step.index + 1} (${step.label}) was approved, but the branch moved since it started (HEAD is ${shortSha(at)}, the proposal ${p.ref} is on top of ${shortSha(p.base)}); nothing was changed. Put the branch back (git reset --keep ${shortSha(p.base)}, after saving your commits elsewhere), then ${approveCommand(ctx)}; or ${rejectCommand(ctx)}`;
  ctx.emit({ type: 'run.state', state: 'paused', reason: 'approval', message, step: undefined });
  return { ...paused(ctx, 'approval', message), exitCode: ExitCode.precondition };
}

function paused(ctx: RunContext, reason: 'approval' | 'ack', message: string): LoopEnd {
  return {
    status: 'paused',
    reason,
    exitCode: ExitCode.awaitingApproval,
    message,
    iterations: ctx.vars.iteration,
  };
}

/**
 * Waits until the ack window ends (then the proposal is approved, unless a decision came first)
 * or a decision arrives; undefined when the run was interrupted meanwhile.
 */
async function waitForAck(ctx: RunContext, p: Proposal): Promise<GateVerdict | undefined> {
  const gates = ctx.options.gates;
  const until = Date.parse(p.ackUntil ?? '');
  const sleep: Sleep = ctx.deps.sleep ?? realSleep;
  const poll = ctx.options.gatePollMs ?? DEFAULT_POLL_MS;
  for (;;) {
    const decided = gates?.decision(ctx.options.runId, p.proposal);
    if (decided) return decided;
    if (isInterrupted(ctx)) return undefined;
    const left = until - ctx.deps.now().getTime();
    if (left <= 0) {
      const verdict: GateVerdict = {
        decision: 'approved',
        by: 'mmm (ack window passed)',
        decidedAt: ctx.deps.now().toISOString(),
        comment: undefined,
        retry: false,
      };
      // A rejection that came in the same instant wins: only a pending gate takes this decision.
      if (!gates || gates.decide(ctx.options.runId, p.proposal, verdict)) return verdict;
      continue;
    }
    await sleep(Math.min(left, poll), ctx.options.signal);
  }
}

/**
 * Acts on a decision: an approved proposal lands on the run's branch (a fast-forward from where
 * the step started); a rejected one stays on its ref, and the run stops or runs the step again.
 */
export async function settle(
  ctx: RunContext,
  step: Step,
  p: Proposal,
  verdict: GateVerdict,
): Promise<GateOutcome> {
  const ref: StepRef = stepRef(ctx, step, 'step', 1);
  const approved = verdict.decision === 'approved';
  const at = await head(ctx.git, ctx.cwd);
  if (approved && at !== p.commit) {
    if (at !== p.base) return { kind: 'end', end: branchMoved(ctx, step, p, at) };
    await fastForwardTo(ctx.git, ctx.cwd, p.commit);
  }
  ctx.emit({
    type: 'gate.decided',
    ...ref,
    gate: p.gate,
    proposal: p.proposal,
    decision: verdict.decision,
    by: verdict.by,
    decidedAt: verdict.decidedAt,
    comment: verdict.comment,
    retry: verdict.retry,
    base: p.base,
    commit: p.commit,
    landed: approved,
  });
  if (approved) {
    ctx.emit({
      type: 'run.state',
      state: 'running',
      reason: 'approved',
      message: `${p.ref} landed (${shortSha(p.commit)}), approved by ${verdict.by}`,
      step: undefined,
    });
    return { kind: 'pass' };
  }
  // The step's commits are not the run's: they stay on the proposal's ref only.
  ctx.commits = ctx.commits.filter(
    (c) => c.step?.iteration !== ref.iteration || c.step.stepIndex !== ref.stepIndex,
  );
  const why = verdict.comment ? `: ${verdict.comment}` : '';
  if (verdict.retry) {
    ctx.feedback = {
      iteration: ref.iteration,
      stepIndex: ref.stepIndex,
      text: verdict.comment ?? '',
    };
    ctx.emit({
      type: 'run.state',
      state: 'running',
      reason: 'retry',
      message: `${verdict.by} rejected step ${step.index + 1} (${step.label})${why}; it runs again`,
      step: undefined,
    });
    return { kind: 'retry' };
  }
  return {
    kind: 'end',
    end: {
      status: 'stopped',
      reason: 'rejected',
      exitCode: ExitCode.needsAttention,
      message: `${verdict.by} rejected step ${step.index + 1} (${step.label})${why}; its change is kept on ${p.ref}`,
      iterations: ctx.vars.iteration,
    },
  };
}
