import { PreconditionError } from '../errors.js';
import type { Exec } from '../infra/exec.js';
import { parseClaudeResult } from './claude-result.js';
import { readClaudeStream } from './claude-stream.js';
import { formatDuration } from '../infra/format.js';
import { excerpt } from './format.js';
import { resolveBin, type ResolvedBin } from './resolve-bin.js';
import type { AgentAdapter, AgentInfo, AgentRequest, AgentResult, AuthStatus } from './types.js';

const VERSION_TIMEOUT_MS = 15_000;
const INSTALL_HINT =
  'Install Claude Code with `npm install -g @anthropic-ai/claude-code`, or set MMM_CLAUDE_BIN ' +
  'to the path of the claude executable.';

/** The claude command mmm will run: MMM_CLAUDE_BIN when set, else `claude` on PATH. */
export function claudeCommand(env: NodeJS.ProcessEnv): string {
  const configured = env.MMM_CLAUDE_BIN?.trim();
  return configured ? configured : 'claude';
}

function findClaude(env: NodeJS.ProcessEnv, cwd: string): ResolvedBin {
  const command = claudeCommand(env);
  const found = resolveBin(command, env, cwd);
  if (found) return found;
  const where = env.MMM_CLAUDE_BIN?.trim()
    ? `MMM_CLAUDE_BIN points at ${command}, which is not an executable file`
    : 'the claude CLI was not found on PATH';
  throw new PreconditionError(`cannot run the claude agent: ${where}`, { hint: INSTALL_HINT });
}

/**
 * Arguments for `claude -p`, in the order the CLI documents them. Pure. The prompt is not among
 * them: it goes on standard input, which `claude -p` reads when given no prompt argument. One
 * argument may hold at most 128 KiB on Linux (a prompt with a few big step outputs in it is more:
 * the CLI would not even start, E2BIG), and standard input has no such limit.
 */
export function buildClaudeArgs(request: AgentRequest): string[] {
  // stream-json (which -p takes only with --verbose): an event per line as the agent works, so the
  // tool calls can be read and the idle watchdog sees activity; the result object comes last.
  const args = ['--output-format', 'stream-json', '--verbose'];
  if (request.model) args.push('--model', request.model);
  if (request.permissionMode) args.push('--permission-mode', request.permissionMode);
  if (request.maxTurns !== undefined) args.push('--max-turns', String(request.maxTurns));
  if (request.maxBudgetUsd !== undefined) {
    args.push('--max-budget-usd', String(Math.max(0, request.maxBudgetUsd)));
  }
  if (request.appendSystemPrompt) args.push('--append-system-prompt', request.appendSystemPrompt);
  // The CLI takes --session-id beside --resume only with --fork-session: the continued
  // conversation is copied under the new id, and the old one stays as it was.
  if (request.continueConversation) {
    args.push('--resume', request.continueConversation, '--fork-session');
  }
  if (request.conversationId) args.push('--session-id', request.conversationId);
  // Variadic flags last: each takes every following argument up to the next option.
  if (request.allowedTools?.length) args.push('--allowedTools', ...request.allowedTools);
  if (request.disallowedTools?.length) args.push('--disallowedTools', ...request.disallowedTools);
  return ['-p', ...args];
}

function readVersion(output: string): string | undefined {
  return /\d+\.\d+\.\d+\S*/.exec(output)?.[0];
}

async function preflightClaude(deps: {
  exec: Exec;
  env: NodeJS.ProcessEnv;
  cwd: string;
}): Promise<AgentInfo> {
  const bin = findClaude(deps.env, deps.cwd);
  const r = await deps.exec(bin.file, [...bin.prefixArgs, '--version'], {
    cwd: deps.cwd,
    env: deps.env,
    timeoutMs: VERSION_TIMEOUT_MS,
  });
  if (r.spawnError !== undefined || r.timedOut || r.exitCode !== 0) {
    const why = r.spawnError ?? (r.timedOut ? 'it did not answer' : `exit ${String(r.exitCode)}`);
    const said = excerpt(r.stderr || r.stdout, 200);
    throw new PreconditionError(
      `cannot run the claude agent: \`${bin.path} --version\` failed (${why})${said ? `: ${said}` : ''}`,
      { hint: INSTALL_HINT },
    );
  }
  return { bin: bin.path, version: readVersion(r.stdout) };
}

/** `claude auth status --json`: reads the CLI's credentials, calls no model. */
async function claudeAuthStatus(deps: {
  exec: Exec;
  env: NodeJS.ProcessEnv;
  cwd: string;
}): Promise<AuthStatus> {
  const bin = findClaude(deps.env, deps.cwd);
  const r = await deps.exec(bin.file, [...bin.prefixArgs, 'auth', 'status', '--json'], {
    cwd: deps.cwd,
    env: deps.env,
    timeoutMs: VERSION_TIMEOUT_MS,
  });
  let said: unknown;
  try {
    said = JSON.parse(r.stdout);
  } catch {
    said = undefined;
  }
  if (typeof said !== 'object' || said === null || !('loggedIn' in said)) {
    const why = r.spawnError ?? (r.timedOut ? 'it did not answer' : `exit ${String(r.exitCode)}`);
    return { loggedIn: undefined, detail: `claude auth status said nothing readable (${why})` };
  }
  const s = said as { loggedIn?: unknown; authMethod?: unknown; apiKeySource?: unknown };
  const method = typeof s.authMethod === 'string' ? s.authMethod : 'unknown';
  const source = typeof s.apiKeySource === 'string' ? ` from ${s.apiKeySource}` : '';
  return { loggedIn: s.loggedIn === true, detail: `${method}${source}` };
}

/** How long the agent's output may stay open after the CLI itself has exited. */
const AGENT_SETTLE_MS = 2_000;

async function runClaude(
  request: AgentRequest,
  deps: { exec: Exec; env: NodeJS.ProcessEnv },
): Promise<AgentResult> {
  const env = { ...deps.env, ...request.env };
  const bin = findClaude(env, request.cwd);
  const stream = readClaudeStream();
  const r = await deps.exec(bin.file, [...bin.prefixArgs, ...buildClaudeArgs(request)], {
    cwd: request.cwd,
    env,
    input: request.prompt,
    timeoutMs: request.timeoutMs,
    signal: request.signal,
    // Shown as text and tool calls, not as raw events.
    onOutput: (chunk, from) =>
      request.onOutput?.(from === 'stdout' ? stream.push(chunk) : chunk, from),
    // A server the agent started in the background must not hold the call open once the CLI has
    // exited with its answer.
    settleAfterExitMs: AGENT_SETTLE_MS,
  });
  // The result line as it streamed by: whole even when stdout passed the in-memory limit.
  const result = parseClaudeResult(stream.resultLine() ?? r.stdout, r.stderr, r.exitCode);
  let error = result.error;
  if (r.timedOut) {
    error = `claude timed out after ${formatDuration(request.timeoutMs ?? r.durationMs)} and was stopped (raise agent.timeout or the step's timeout)`;
  } else if (r.aborted) {
    error = 'claude was interrupted';
  } else if (r.spawnError !== undefined) {
    error = `could not start claude (${bin.path}): ${r.spawnError}`;
  } else if (r.truncated && !result.ok && result.sessionId === undefined) {
    error = `${error ?? ''} (the output passed mmm's in-memory limit and was cut)`.trim();
  }
  return {
    ...result,
    // Stopped by mmm, the call says nothing of the agent; a CLI that cannot start is unavailable.
    unavailable:
      r.spawnError !== undefined
        ? 'could not start'
        : r.timedOut || r.aborted
          ? undefined
          : result.unavailable,
    repeatedToolCalls: stream.repeated(),
    ok: error === undefined,
    error,
    // A call mmm stopped did not end on the agent's limit, whatever it had printed.
    limit: r.timedOut || r.aborted || r.spawnError !== undefined ? undefined : result.limit,
    durationMs: r.durationMs,
    timedOut: r.timedOut,
    aborted: r.aborted,
  };
}

/** Claude Code (`claude -p ... --output-format stream-json --verbose`). */
export const claudeAdapter: AgentAdapter = {
  name: 'claude',
  buildArgs: buildClaudeArgs,
  parseResult: parseClaudeResult,
  preflight: preflightClaude,
  authStatus: claudeAuthStatus,
  run: runClaude,
};
