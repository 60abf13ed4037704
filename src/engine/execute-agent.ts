// One try of a `claude:` step: the rendered prompt, the playbook's agent settings, the budget left.
import { mkdir, writeFile } from 'node:fs/promises';
import type { AgentRequest } from '../agents/types.js';
import type { Step } from '../playbook/model.js';
import type { RunContext } from './context.js';
import type { StepRef } from '../events.js';
import { DEFAULT_INLINE_OUTPUT_BYTES, spillPath, type Execution } from './execute-shell.js';
import { renderText } from '../playbook/index.js';

/** Default time limit of an agent call when neither the step nor `agent.timeout` sets one. */
export const DEFAULT_AGENT_TIMEOUT_MS = 30 * 60_000;

export async function executeAgent(
  ctx: RunContext,
  step: Step,
  ref: StepRef,
  workDir: string,
  env: Record<string, string>,
  remainingUsd: number | undefined,
): Promise<Execution> {
  const adapter = ctx.agent;
  if (!adapter) throw new Error('agent step without a preflighted agent adapter');
  const settings = ctx.playbook.agent;
  const prompt = renderText(step.command, ctx.vars);
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
  const result = await adapter.run(request, { exec: ctx.deps.exec, env: ctx.deps.env });
  ctx.totals.agentCalls += 1;
  ctx.totals.costUsd += result.costUsd ?? 0;
  ctx.emit({
    type: 'agent.call',
    ...ref,
    agent: adapter.name,
    model: result.models[0] ?? settings.model,
    prompt,
    response: result.text,
    ok: result.ok,
    error: result.error,
    sessionId: result.sessionId,
    costUsd: result.costUsd,
    usage: result.usage,
    numTurns: result.numTurns,
    durationMs: result.durationMs,
  });
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
