// What `codex exec --json` printed, read into a result: the thread id, the last agent message,
// the tokens of each turn, and why a turn failed, in the CLI's own words. Codex reports tokens,
// never money: costUsd stays undefined (the engine may price the tokens, see engine/prices.ts).
import { emptyResult } from './cli.js';
import { detectCodexLimit } from './codex-limit.js';
import { excerpt } from './format.js';
import type { AgentResult, AgentUsage } from './types.js';

/**
 * What the CLI says without usable credentials: a 401 or 403 from the API (no key, a bad key), a
 * provider's key variable that is not set, a sign-in that has expired.
 */
const NOT_LOGGED_IN =
  /\b40[13] (?:Unauthorized|Forbidden)\b|Missing environment variable: `|invalid_api_key|incorrect api key|missing bearer|not logged in|log ?in again|refresh token/i;

/** The API could not be reached at all: no route, no name resolution, nothing listening. */
const NO_NETWORK =
  /connection failed|error sending request|failed to lookup address|waiting for network|connection refused/i;

/**
 * What the CLI said on stderr, without its noise: the warnings it prints on every start, the
 * note that it reads stdin, and the stack trace under an error. Its `Error: …` line when it has one.
 */
export function codexStderr(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  const end = lines.findIndex((l) => l.startsWith('Stack backtrace:'));
  const kept = (end < 0 ? lines : lines.slice(0, end)).filter(
    (l) => l && !l.startsWith('WARNING:') && !l.startsWith('Reading prompt from stdin'),
  );
  const error = kept.find((l) => l.startsWith('Error:'));
  return error ?? kept.join('\n');
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

function parse(line: string): Record<string, unknown> | undefined {
  const t = line.trim();
  if (!t.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The tokens of one turn as mmm counts them. The CLI's `input_tokens` include the cached ones
 * (OpenAI's way); mmm's inputTokens do not (Claude Code's way), so a price table prices each
 * token once.
 */
function addUsage(total: AgentUsage | undefined, u: unknown): AgentUsage {
  const r = (typeof u === 'object' && u !== null ? u : {}) as Record<string, unknown>;
  const cached = num(r.cached_input_tokens);
  const t = total ?? {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
  };
  return {
    inputTokens: t.inputTokens + Math.max(0, num(r.input_tokens) - cached),
    outputTokens: t.outputTokens + num(r.output_tokens),
    cacheCreationInputTokens: t.cacheCreationInputTokens + num(r.cache_write_input_tokens),
    cacheReadInputTokens: t.cacheReadInputTokens + cached,
  };
}

function messageOf(event: Record<string, unknown>): string | undefined {
  if (event.type === 'error' && typeof event.message === 'string') return event.message;
  const error = event.error as { message?: unknown } | undefined;
  return typeof error?.message === 'string' ? error.message : undefined;
}

/**
 * Reads the JSON lines `codex exec --json` printed. Pure: the process facts (timeouts, how long it
 * ran) are filled in by the caller. `model` is the model mmm asked for (the CLI does not say).
 */
export function parseCodexResult(
  stdout: string,
  stderr: string,
  exitCode: number | null,
  now: Date = new Date(),
  model?: string,
): AgentResult {
  let sessionId: string | undefined;
  let text = '';
  let usage: AgentUsage | undefined;
  let turns = 0;
  let failed: string | undefined;
  let lastError: string | undefined;
  for (const line of stdout.split('\n')) {
    const event = parse(line);
    if (!event) continue;
    const item = event.item as { type?: unknown; text?: unknown } | undefined;
    if (event.type === 'thread.started' && typeof event.thread_id === 'string') {
      sessionId = event.thread_id;
    } else if (event.type === 'item.completed' && item?.type === 'agent_message') {
      text = typeof item.text === 'string' ? item.text : '';
    } else if (event.type === 'turn.completed') {
      turns += 1;
      usage = addUsage(usage, event.usage);
    } else if (event.type === 'turn.failed') {
      failed = messageOf(event) ?? 'the turn failed';
    } else if (event.type === 'error') {
      const said = messageOf(event);
      // "Reconnecting... 2/5 (…)" is the CLI retrying, not the end.
      if (said && !/^Reconnecting\.\.\. \d/.test(said)) lastError = said;
    }
  }
  // An error the CLI recovered from (its turn completed) is not why anything failed.
  const said = failed ?? (turns === 0 ? lastError : undefined);
  let error: string | undefined;
  if (said !== undefined) error = `codex failed: ${said}`;
  else if (exitCode !== 0) {
    const parts = [`codex exited with code ${String(exitCode)}`];
    const told = codexStderr(stderr);
    if (told)
      parts.push(told.startsWith('Error:') ? excerpt(told, 500) : `stderr: ${excerpt(told)}`);
    else if (stdout.trim()) parts.push(`stdout: ${excerpt(stdout)}`);
    else parts.push('it printed nothing');
    error = parts.join('; ');
  } else if (turns === 0) {
    error = `codex ended without finishing its turn (no turn.completed event in its --json output)`;
  }
  const told = codexStderr(stderr);
  const words = `${said ?? ''}\n${told}`;
  let unavailable: string | undefined;
  if (error === undefined) unavailable = undefined;
  else if (NOT_LOGGED_IN.test(words)) unavailable = 'not logged in';
  else if (said !== undefined && NO_NETWORK.test(said)) unavailable = 'no network';
  // No answer and no words of the CLI's own on why: it crashed.
  else if (said === undefined && turns === 0 && !told.startsWith('Error:')) unavailable = 'crashed';
  return {
    ...emptyResult(stdout, stderr, exitCode),
    ok: error === undefined,
    text,
    error,
    limit: error !== undefined && said !== undefined ? detectCodexLimit(said, now) : undefined,
    unavailable,
    sessionId,
    usage,
    models: model ? [model] : [],
  };
}
