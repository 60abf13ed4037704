// Reading what GitHub Copilot's CLI printed with `--output-format json` (one event per line:
// `assistant.message`, `tool.execution_*`, `session.error`, and `result` last), and the usage file
// it writes with `--usage-output-file`, the only place it reports tokens. Pure.
import { excerpt } from './format.js';
import {
  distinct,
  lastOfType,
  limitFromWords,
  num,
  obj,
  readJsonLines,
  showToolCall,
  str,
  type JsonEvent,
} from './json-lines.js';
import type { AgentLimit, AgentResult, AgentUsage } from './types.js';
import { emptyResult, whyUnavailable } from './cli.js';

// `Error: No authentication information found.` (no GitHub token, no provider), and a provider or
// GitHub answering 401/403 (`session.error` of type authentication or authorization).
const NOT_LOGGED_IN = /no authentication information found|not logged in|please run .*\/login/i;
const AUTH_ERRORS = new Set(['authentication', 'authorization']);
/** Quota errors that no wait lifts (see `errorCode` of the CLI's session-events schema). */
const NOT_WAITABLE = new Set(['billing_not_configured']);

function limitOf(error: Record<string, unknown>): AgentLimit | undefined {
  const type = str(error.errorType);
  const code = str(error.errorCode);
  if (code !== undefined && NOT_WAITABLE.has(code)) return undefined;
  if (type === 'quota') return { kind: 'usage_limit', resetsAt: undefined };
  if (type === 'rate_limit') return { kind: 'rate_limit', resetsAt: undefined };
  return limitFromWords(str(error.message) ?? '', num(error.statusCode));
}

/** The last non-empty text of the agent's own messages. */
function finalText(events: Record<string, unknown>[]): string {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type !== 'assistant.message') continue;
    const text = str(obj(e.data)?.content)?.trim();
    if (text) return text;
  }
  return '';
}

/** Tool calls the CLI refused (`Permission denied because no interactive user response…`). */
function denials(events: Record<string, unknown>[]): unknown[] {
  return events
    .filter((e) => e.type === 'tool.execution_complete')
    .map((e) => obj(e.data))
    .filter(
      (d) => d?.success === false && /permission denied/i.test(str(obj(d.error)?.message) ?? ''),
    )
    .map((d) => ({ toolCallId: d?.toolCallId, message: str(obj(d?.error)?.message) }));
}

/** Parses `--output-format json`; tokens and models come from the usage file (readCopilotUsage). */
export function parseCopilotResult(
  stdout: string,
  stderr: string,
  exitCode: number | null,
): AgentResult {
  const events = readJsonLines(stdout);
  const result = lastOfType(events, 'result');
  const failure = obj(lastOfType(events, 'session.error')?.data);
  const text = finalText(events);
  const exit = num(result?.exitCode) ?? exitCode;
  const models = distinct(
    events.filter((e) => e.type === 'assistant.message').map((e) => str(obj(e.data)?.model)),
  );
  let error: string | undefined;
  if (failure) {
    const type = str(failure.errorType);
    error = `copilot failed${type ? ` (${type})` : ''}: ${str(failure.message) ?? 'no message'}`;
  } else if (result === undefined && exitCode !== 0) {
    const said = excerpt(stderr || stdout);
    error = `copilot exited with code ${String(exitCode)} without a result (expected JSON lines from --output-format json)${said ? `: ${said}` : '; it printed nothing'}`;
  } else if (exit !== 0) {
    const said = excerpt(stderr);
    error = `copilot exited with code ${String(exit)}${said ? `: ${said}` : ''}`;
  }
  const notLoggedIn =
    (failure !== undefined && AUTH_ERRORS.has(str(failure.errorType) ?? '')) ||
    NOT_LOGGED_IN.test(`${stderr}\n${str(failure?.message) ?? ''}`);
  return {
    ...emptyResult(stdout, stderr, exitCode),
    ok: error === undefined,
    text,
    error,
    limit: failure && error !== undefined ? limitOf(failure) : undefined,
    unavailable: whyUnavailable(
      error !== undefined,
      notLoggedIn,
      result === undefined && events.length === 0,
    ),
    sessionId: str(result?.sessionId),
    models,
    permissionDenials: denials(events),
  };
}

/** What `--usage-output-file` wrote: tokens per model, summed. Undefined when it is unreadable. */
export function readCopilotUsage(
  json: string,
): { usage: AgentUsage; models: string[] } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  const perModel = obj(obj(parsed)?.modelMetrics);
  if (!perModel) return undefined;
  const usage: AgentUsage = {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
  };
  for (const metrics of Object.values(perModel)) {
    const u = obj(obj(metrics)?.usage);
    if (!u) continue;
    const read = num(u.cacheReadTokens) ?? 0;
    const written = num(u.cacheWriteTokens) ?? 0;
    // The CLI's inputTokens counts cached tokens in (measured: 1000 + 300 written + 1200 + 500
    // read gave 3000); mmm's, like Claude Code's, leaves them out.
    usage.inputTokens += Math.max(0, (num(u.inputTokens) ?? 0) - read - written);
    usage.outputTokens += num(u.outputTokens) ?? 0;
    usage.cacheReadInputTokens += read;
    usage.cacheCreationInputTokens += written;
  }
  return { usage, models: Object.keys(perModel) };
}

/** What `-v` shows of one event: the agent's messages, its tool calls and its errors. */
export function showCopilotEvent(event: JsonEvent): string {
  const data = obj(event.data);
  if (event.type === 'assistant.message') {
    const text = str(data?.content)?.trim();
    const calls = Array.isArray(data?.toolRequests) ? data.toolRequests : [];
    return (
      (text ? `${text}\n` : '') +
      calls
        .map((c) => obj(c))
        .map((c) => showToolCall(str(c?.name) ?? 'tool', c?.arguments))
        .join('')
    );
  }
  if (event.type === 'session.error') return `error: ${str(data?.message) ?? ''}\n`;
  return '';
}
