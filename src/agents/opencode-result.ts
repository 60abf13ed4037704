// Reading what `opencode run --format json` printed: one JSON event per line (step_start, text,
// tool_use, step_finish with the step's tokens and cost, error), no summary object at the end.
// Pure: the process facts (timeouts, how long it ran) are filled in by the caller.
import { emptyResult, whyUnavailable } from './cli.js';
import { trackRepeats, type RepeatedToolCall } from './tool-calls.js';
import { excerpt } from './format.js';
import { num, readJsonLines, str, type JsonEvent } from './json-lines.js';
import type { AgentLimit, AgentResult, AgentUsage } from './types.js';

/** One line of `opencode run --format json`, the fields mmm reads. */
export interface OpencodeEvent {
  type: string;
  sessionID?: unknown;
  part?: {
    type?: unknown;
    messageID?: unknown;
    text?: unknown;
    tool?: unknown;
    state?: { status?: unknown; input?: unknown; error?: unknown };
    tokens?: unknown;
    cost?: unknown;
  };
  error?: { name?: unknown; data?: Record<string, unknown> };
}

// What opencode says of a tool call its permission rules stopped: an `ask` that `opencode run`
// rejects by itself, and a `deny` rule.
const DENIED = /user rejected permission|specified a rule which prevents/i;
// An API key missing (ProviderAuthError) or refused (HTTP 401/403).
const NOT_LOGGED_IN = /api key is missing|invalid.{0,20}api.?key|unauthori[sz]ed|not logged in/i;
/** Coloured words opencode prints on stderr (`Error: Session not found`). */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

/** The events among the lines of stdout; other lines are left out. */
export function readOpencodeEvents(stdout: string): OpencodeEvent[] {
  // A line cut by the in-memory limit is not JSON, and left out with the rest.
  return readJsonLines(stdout).filter(
    (e): e is JsonEvent & OpencodeEvent => typeof e.type === 'string',
  );
}

/** Tokens summed over the steps (each step_finish reports its own). */
function sumUsage(steps: OpencodeEvent[]): AgentUsage | undefined {
  if (steps.length === 0) return undefined;
  const usage = {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
  };
  for (const step of steps) {
    const t = record(step.part?.tokens);
    const cache = record(t.cache);
    usage.inputTokens += num(t.input) ?? 0;
    // Reasoning tokens are billed as output, as Claude Code counts its thinking.
    usage.outputTokens += (num(t.output) ?? 0) + (num(t.reasoning) ?? 0);
    usage.cacheCreationInputTokens += num(cache.write) ?? 0;
    usage.cacheReadInputTokens += num(cache.read) ?? 0;
  }
  return usage;
}

/**
 * The money opencode counted from its model price table. Zero is left unreported: opencode says 0
 * for a model it has no price for as well as for a free one, and mmm then prices the tokens itself.
 */
function sumCost(steps: OpencodeEvent[]): number | undefined {
  let total = 0;
  for (const step of steps) {
    const c = num(step.part?.cost);
    if (c !== undefined && c > 0) total += c;
  }
  return total > 0 ? total : undefined;
}

/** The text of the last assistant message that said anything: the answer. */
function finalText(events: OpencodeEvent[]): string {
  const texts = events.filter((e) => e.type === 'text' && typeof e.part?.text === 'string');
  const last = texts.at(-1)?.part?.messageID;
  return texts
    .filter((e) => e.part?.messageID === last)
    .map((e) => String(e.part?.text))
    .join('\n');
}

/** Runs of the same tool with the same input, at least REPEAT_THRESHOLD long. */
function repeatedCalls(tools: OpencodeEvent[]): RepeatedToolCall[] {
  const repeats = trackRepeats();
  for (const e of tools) {
    repeats.call(str(e.part?.tool) ?? 'tool', JSON.stringify(e.part?.state?.input ?? {}) ?? '{}');
  }
  return repeats.repeated();
}

/** The first error event's words: `APIError: invalid x-api-key (HTTP 401)`. */
function describeError(e: OpencodeEvent): string {
  const name = str(e.error?.name) ?? 'error';
  const data = record(e.error?.data);
  const message = str(data.message) ?? '';
  const status = num(data.statusCode);
  return `${name}${message ? `: ${message}` : ''}${status ? ` (HTTP ${String(status)})` : ''}`;
}

/** A rate limit (429) or an overload (503, 529) the call ended on, after opencode's own retries. */
function detectLimit(e: OpencodeEvent | undefined, now: Date): AgentLimit | undefined {
  if (!e) return undefined;
  const data = record(e.error?.data);
  const status = num(data.statusCode);
  const message = str(data.message) ?? '';
  const retryAfter = Number(record(data.responseHeaders)['retry-after']);
  const resetsAt =
    Number.isFinite(retryAfter) && retryAfter > 0
      ? new Date(now.getTime() + retryAfter * 1000)
      : undefined;
  if (status === 429 || /rate.?limit/i.test(message)) return { kind: 'rate_limit', resetsAt };
  if (status === 503 || status === 529 || /overloaded/i.test(message)) {
    return { kind: 'overloaded', resetsAt };
  }
  return undefined;
}

function notLoggedIn(e: OpencodeEvent | undefined, stderr: string): boolean {
  if (!e) return NOT_LOGGED_IN.test(stderr);
  const status = num(record(e.error?.data).statusCode);
  return (
    e.error?.name === 'ProviderAuthError' ||
    status === 401 ||
    status === 403 ||
    NOT_LOGGED_IN.test(describeError(e))
  );
}

function noEvents(stdout: string, stderr: string, exitCode: number | null): string {
  const parts = [
    `opencode exited with code ${String(exitCode)} without any event (expected JSON lines from --format json)`,
  ];
  if (stderr.trim()) parts.push(`stderr: ${excerpt(stderr)}`);
  if (stdout.trim()) parts.push(`stdout: ${excerpt(stdout)}`);
  if (!stderr.trim() && !stdout.trim()) parts.push('it printed nothing');
  return parts.join('; ');
}

/** Reads the events `opencode run --format json` printed into mmm's result. */
export function parseOpencodeResult(
  stdout: string,
  rawStderr: string,
  exitCode: number | null,
  now: Date = new Date(),
): AgentResult {
  const stderr = rawStderr.replace(ANSI, '');
  const events = readOpencodeEvents(stdout);
  const steps = events.filter((e) => e.type === 'step_finish');
  const tools = events.filter((e) => e.type === 'tool_use');
  const failure = events.find((e) => e.type === 'error');
  const said = stderr.trim();
  let error: string | undefined;
  if (failure) error = `opencode failed: ${describeError(failure)}`;
  else if (events.length === 0 && exitCode !== 0) error = noEvents(stdout, stderr, exitCode);
  else if (exitCode !== 0) {
    error = `opencode exited with code ${String(exitCode)}${said ? `: ${excerpt(said)}` : ''}`;
  }
  const result = emptyResult(stdout, rawStderr, exitCode);
  const sessionId = events.map((e) => str(e.sessionID)).find(Boolean);
  const unavailable = whyUnavailable(
    error !== undefined,
    notLoggedIn(failure, stderr),
    events.length === 0,
  );
  return {
    ...result,
    ok: error === undefined,
    text: finalText(events),
    error,
    limit: error === undefined ? undefined : detectLimit(failure, now),
    unavailable,
    sessionId,
    costUsd: sumCost(steps),
    usage: sumUsage(steps),
    numTurns: steps.length > 0 ? steps.length : undefined,
    permissionDenials: tools.filter(
      (e) => e.part?.state?.status === 'error' && DENIED.test(str(e.part.state.error) ?? ''),
    ),
    repeatedToolCalls: repeatedCalls(tools),
  };
}
