// One try of a `claude:` step: the rendered prompt, the playbook's agent settings, the budget left.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { emptyResult } from '../agents/cli.js';
import { expandSlashCommand } from '../agents/slash-commands.js';
import type { AgentAdapter, AgentRequest, AgentResult } from '../agents/types.js';
import { formatDuration } from '../infra/format.js';
import type { AgentSettings, Step } from '../playbook/model.js';
import {
  agentChain,
  agentSettingsFor,
  formatAgentChoice,
  unavailableBecause,
} from './agent-choice.js';
import { gateFeedback, type RunContext } from './context.js';
import type { StepRef } from '../events.js';
import { DEFAULT_INLINE_OUTPUT_BYTES, spillPath, type Execution } from './execute-shell.js';
import { renderText } from '../playbook/index.js';
import { firstBackoff, planPause, realSleep, waitUntil } from './limit-wait.js';
import { startWatchdog } from './watchdog.js';
import { costOfCall } from './prices.js';

/** Default time limit of an agent call when neither the step nor `agent.timeout` sets one. */
export const DEFAULT_AGENT_TIMEOUT_MS = 30 * 60_000;

/** One call, watched for a hang (agent.idle_timeout), recorded as an agent.call event. */
async function callOnce(
  ctx: RunContext,
  ref: StepRef,
  adapter: AgentAdapter,
  request: AgentRequest,
  settings: AgentSettings,
): Promise<AgentResult> {
  const idleMs = settings.idleTimeoutMs;
  // A new id for every call, on record before the agent runs: a kill -9 of mmm leaves it.
  const conversationId = randomUUID();
  ctx.emit({
    type: 'agent.started',
    ...ref,
    agent: adapter.name,
    conversationId,
    continues: request.continueConversation,
  });
  const watchdog = startWatchdog(ctx.git, ctx.cwd, idleMs, ctx.options.signal);
  let result: AgentResult;
  // The agent may move HEAD.
  ctx.headSeen = undefined;
  try {
    result = await adapter.run(
      {
        ...request,
        conversationId,
        signal: watchdog.signal,
        onOutput: (chunk, stream) => {
          watchdog.touch();
          request.onOutput?.(chunk, stream);
        },
      },
      { exec: ctx.deps.exec, env: ctx.deps.env },
    );
  } finally {
    watchdog.stop();
  }
  if (watchdog.fired() && !ctx.options.signal.aborted) {
    result = {
      ...result,
      ok: false,
      aborted: false,
      limit: undefined,
      error: `no output and no file change for ${formatDuration(idleMs ?? 0)}: the agent seemed hung, and was stopped (raise agent.idle_timeout if it needs longer quiet spells)`,
    };
  }
  if (request.continueConversation !== undefined && result.conversationMissing) {
    // Nothing ran: not an agent call, and the caller starts a new conversation.
    ctx.emit({
      type: 'agent.conversation_missing',
      ...ref,
      agent: adapter.name,
      conversationId: request.continueConversation,
      message: result.stderr.trim() || (result.error ?? ''),
    });
    return result;
  }
  ctx.totals.agentCalls += 1;
  const model = result.models[0] ?? request.model;
  const cost = costOfCall(ctx.prices, adapter.name, result, model);
  ctx.totals.costUsd += cost.costUsd ?? 0;
  // Each reason a cost is missing is said once in a run, beside the first call it concerns.
  const unpriced =
    cost.unpriced !== undefined && !ctx.unpricedSaid.has(cost.unpriced) ? cost.unpriced : undefined;
  if (unpriced !== undefined) ctx.unpricedSaid.add(unpriced);
  ctx.emit({
    type: 'agent.call',
    ...ref,
    agent: adapter.name,
    model,
    prompt: request.prompt,
    response: result.text,
    ok: result.ok,
    error: result.error,
    sessionId: result.sessionId,
    conversationId,
    interrupted: result.aborted,
    costUsd: cost.costUsd,
    costSource: cost.costSource,
    unpriced,
    usage: result.usage,
    numTurns: result.numTurns,
    durationMs: result.durationMs,
    repeatedToolCalls: result.repeatedToolCalls.length > 0 ? result.repeatedToolCalls : undefined,
  });
  return result;
}

/**
 * Makes the call, and while it ends on a rate limit, an overload or a usage limit, pauses the run
 * (run.paused, run.continued) and makes it again, for at most agent.wait_on_limit in all. The
 * pauses are not tries of the step and do not count against its timeout. The call is made again
 * on the tree as the limited call left it.
 */
async function callUntilNoLimit(
  ctx: RunContext,
  ref: StepRef,
  adapter: AgentAdapter,
  request: AgentRequest,
  settings: AgentSettings,
  wait: boolean,
): Promise<AgentResult> {
  const waitMs = wait ? settings.waitOnLimitMs : undefined;
  const { signal } = ctx.options;
  let deadline: number | undefined;
  for (let pause = 1; ; pause++) {
    const result = await callOnce(ctx, ref, adapter, request, settings);
    const { limit } = result;
    if (!limit || waitMs === undefined || result.aborted || signal.aborted) return result;
    const now = ctx.deps.now().getTime();
    deadline ??= now + waitMs;
    const plan = planPause(limit, pause, now, deadline, waitMs, firstBackoff(ctx.deps.env));
    if ('giveUp' in plan) {
      return {
        ...result,
        error: `${result.error ?? 'limit reached'}; not waiting: ${plan.giveUp}`,
      };
    }
    ctx.emit({
      type: 'run.state',
      state: 'paused',
      reason: 'limit',
      message: result.error ?? result.text,
      step: ref,
    });
    ctx.emit({
      type: 'run.paused',
      ...ref,
      reason: limit.kind,
      until: new Date(plan.until).toISOString(),
      pause,
      message: result.error ?? result.text,
    });
    await waitUntil(plan.until, () => ctx.deps.now(), ctx.deps.sleep ?? realSleep, signal);
    // Ctrl-C during the wait: the run ends as interrupted, at once.
    if (signal.aborted) return { ...result, aborted: true };
    const waitedMs = ctx.deps.now().getTime() - now;
    ctx.emit({
      type: 'run.state',
      state: 'running',
      reason: 'wait_over',
      message: undefined,
      step: undefined,
    });
    ctx.emit({ type: 'run.continued', ...ref, reason: limit.kind, pause, waitedMs });
  }
}

/**
 * What a continued conversation tells the agent, beside the step's prompt (which stays as it is,
 * so that a slash command still expands): its memory of the files is out of date.
 */
const CONTINUED_NOTE =
  'Note from mmm: this conversation continues an earlier attempt at the same task that was cut ' +
  'off before it finished (the run was interrupted or crashed). Since then every file in the ' +
  'working tree has been put back as it was before that attempt: the edits you made and the ' +
  'commands you ran in it left nothing behind. Look at the files as they are now before relying ' +
  'on anything from the earlier attempt, then do the task again.';

/**
 * The conversation the resumed step's first agent call continues (agent.resume_conversation, the
 * step's own or the playbook's): handed out once, to the first call of the step it was cut off
 * in, when that call has the same role (the step itself, or its handler). Every later call
 * starts a new conversation.
 */
function takeCutOffConversation(
  ctx: RunContext,
  settings: AgentSettings,
  ref: StepRef,
): string | undefined {
  const cut = ctx.cutOffConversation;
  if (!cut || cut.iteration !== ref.iteration || cut.stepIndex !== ref.stepIndex) return undefined;
  ctx.cutOffConversation = undefined;
  return settings.resumeConversation && cut.role === ref.role ? cut.conversationId : undefined;
}

/** The prompt as the agent takes it: a slash command written out for a CLI without them. */
async function promptFor(
  adapter: AgentAdapter,
  request: AgentRequest,
): Promise<{ prompt: string } | { error: string }> {
  if (adapter.slashCommands === 'native') return { prompt: request.prompt };
  const expanded = await expandSlashCommand(request.prompt, request.cwd);
  return 'error' in expanded ? expanded : { prompt: expanded.prompt };
}

/**
 * The step's call made by its agent, and, while a call fails for a reason that is not the work's
 * (a limit, a CLI that crashed, not logged in), by the next agent of its `agent.fallback`, each
 * passing-over recorded (agent.fallback). Limits are waited out only by the last agent.
 */
async function callWithFallback(
  ctx: RunContext,
  ref: StepRef,
  settings: AgentSettings,
  request: AgentRequest,
  first: Partial<AgentRequest>,
): Promise<AgentResult> {
  const chain = agentChain(settings);
  let result: AgentResult | undefined;
  for (const [i, choice] of chain.entries()) {
    const adapter = ctx.agents.get(choice.tool);
    if (!adapter) throw new Error(`agent ${choice.tool} was not preflighted`);
    const last = i === chain.length - 1;
    const prompt = await promptFor(adapter, request);
    if ('error' in prompt) return { ...emptyResult('', '', null), error: prompt.error };
    const asked = { ...request, ...prompt, model: choice.model, ...(i === 0 ? first : {}) };
    result = await callUntilNoLimit(ctx, ref, adapter, asked, settings, last);
    if (i === 0 && first.continueConversation !== undefined && result.conversationMissing) {
      result = await callUntilNoLimit(
        ctx,
        ref,
        adapter,
        { ...request, ...prompt, model: choice.model },
        settings,
        last,
      );
    }
    const why = unavailableBecause(result);
    const next = chain[i + 1];
    if (why === undefined || !next || ctx.options.signal.aborted) return result;
    ctx.emit({
      type: 'agent.fallback',
      ...ref,
      from: formatAgentChoice(choice),
      to: formatAgentChoice(next),
      reason: why,
      message: result.error ?? '',
    });
  }
  if (!result) throw new Error('an agent step with no agent to call');
  return result;
}

export async function executeAgent(
  ctx: RunContext,
  step: Step,
  ref: StepRef,
  workDir: string,
  env: Record<string, string>,
  remainingUsd: number | undefined,
): Promise<Execution> {
  const settings = agentSettingsFor(ctx.playbook, ctx.options.agent, step);
  const feedback = ref.role === 'step' ? gateFeedback(ctx, step) : undefined;
  const rendered = renderText(step.command, ctx.vars);
  const prompt =
    feedback === undefined
      ? rendered
      : `${rendered}\n\n## Review\n\nA reviewer rejected the previous attempt at this step${feedback ? `: ${feedback}` : ' without giving a reason'}. Do the step again with this in mind.`;
  const request: AgentRequest = {
    prompt,
    cwd: workDir,
    model: settings.model,
    permissionMode: settings.permissionMode,
    allowedTools: settings.allowedTools,
    disallowedTools: settings.disallowedTools,
    maxTurns: settings.maxTurns,
    maxBudgetUsd: remainingUsd,
    appendSystemPrompt: settings.appendSystemPrompt,
    timeoutMs: step.timeoutMs ?? settings.timeoutMs ?? DEFAULT_AGENT_TIMEOUT_MS,
    env,
    signal: ctx.options.signal,
    onOutput: (chunk, stream) => ctx.options.onOutput?.(ref.label, chunk, stream),
  };
  const continues = takeCutOffConversation(ctx, settings, ref);
  const result = await callWithFallback(
    ctx,
    ref,
    settings,
    request,
    continues === undefined
      ? {}
      : {
          continueConversation: continues,
          appendSystemPrompt: [settings.appendSystemPrompt, CONTINUED_NOTE]
            .filter(Boolean)
            .join('\n\n'),
        },
  );
  const text = step.captureOutput ? result.text : '';
  const bytes = Buffer.byteLength(result.text);
  const limit = ctx.options.maxInlineOutputBytes ?? DEFAULT_INLINE_OUTPUT_BYTES;
  let outputFile: string | undefined;
  let spillError: string | undefined;
  if (step.captureOutput && bytes > limit) {
    const path = spillPath(ctx, ref);
    try {
      await mkdir(ctx.options.outputDir, { recursive: true });
      await writeFile(path, text);
      outputFile = path;
    } catch (error) {
      spillError = `its output passed the ${limit} bytes kept in memory and could not be written to ${path} (${error instanceof Error ? error.message : String(error)}); free the disk or make the directory writable`;
    }
  }
  const ok = result.ok && !result.aborted && spillError === undefined;
  const agentError =
    result.ok && !result.aborted
      ? undefined
      : (result.error ?? (result.text || 'the agent reported an error'));
  return {
    ok,
    exitCode: result.exitCode,
    value: outputFile ?? text,
    output: outputFile ? undefined : text,
    outputFile,
    outputBytes: bytes,
    error: ok ? undefined : (agentError ?? spillError),
    interrupted: result.aborted,
    budgetReached: result.budgetReached && !result.aborted,
  };
}
