// Reading what Cursor's agent CLI printed with `--print --output-format stream-json`: one event per
// line (`system` init naming the model, `assistant`, `tool_call`, and a `result` object shaped like
// Claude Code's on success). On failure it writes its words to stderr and may end with no result.
import { emptyResult, whyUnavailable } from './cli.js';
import { excerpt } from './format.js';
import {
  lastOfType,
  limitFromWords,
  num,
  obj,
  readJsonLines,
  showToolCall,
  str,
  type JsonEvent,
} from './json-lines.js';
import type { AgentResult, AgentUsage } from './types.js';

// What the CLI has been seen to say without credentials: "Authentication required", "Not
// authenticated", "Not logged in", each with a hint to run `cursor-agent login` or set CURSOR_API_KEY.
const NOT_LOGGED_IN =
  /authentication required|not authenticated|not logged in|unauthenticated|agent login|cursor_api_key|invalid api key/i;

/** Token counts, when the result carries them (camelCase in recent versions, snake_case too). */
function readUsage(v: unknown): AgentUsage | undefined {
  const u = obj(v);
  if (!u) return undefined;
  const pick = (...keys: string[]) => keys.map((k) => num(u[k])).find((n) => n !== undefined) ?? 0;
  return {
    inputTokens: pick('inputTokens', 'input_tokens'),
    outputTokens: pick('outputTokens', 'output_tokens'),
    cacheCreationInputTokens: pick('cacheWriteTokens', 'cache_creation_input_tokens'),
    cacheReadInputTokens: pick('cacheReadTokens', 'cache_read_input_tokens'),
  };
}

/** Parses `cursor-agent --print --output-format stream-json` (or `json`: the result alone). */
export function parseCursorResult(
  stdout: string,
  stderr: string,
  exitCode: number | null,
): AgentResult {
  const events = readJsonLines(stdout);
  const result = lastOfType(events, 'result');
  const init = events.find((e) => e.type === 'system' && e.subtype === 'init');
  let error: string | undefined;
  const said = excerpt(stderr);
  if (result === undefined) {
    error = `cursor-agent exited with code ${String(exitCode)} without a result${said ? `: ${said}` : '; it printed nothing on stderr'}`;
  } else if (result.is_error === true || str(result.subtype)?.startsWith('error')) {
    const text = str(result.result)?.trim();
    error = `cursor-agent failed (${str(result.subtype) ?? 'error'})${text ? `: ${text}` : said ? `: ${said}` : ''}`;
  } else if (exitCode !== 0) {
    error = `cursor-agent exited with code ${String(exitCode)}${said ? `: ${said}` : ''}`;
  }
  const words = `${stderr}\n${str(result?.result) ?? ''}`;
  const model = str(init?.model);
  return {
    ...emptyResult(stdout, stderr, exitCode),
    ok: error === undefined,
    text: str(result?.result) ?? '',
    error,
    limit: error === undefined ? undefined : limitFromWords(words),
    unavailable: whyUnavailable(
      error !== undefined,
      NOT_LOGGED_IN.test(words),
      result === undefined && events.length === 0,
    ),
    sessionId: str(result?.session_id) ?? str(init?.session_id),
    usage: readUsage(result?.usage),
    models: model ? [model] : [],
  };
}

/**
 * What `-v` shows of one event: the assistant's text and each tool call as it starts (its kind is
 * the key of `tool_call`, such as `writeToolCall`, holding `args`).
 */
export function showCursorEvent(event: JsonEvent): string {
  if (event.type === 'assistant') {
    const content = obj(event.message)?.content;
    return (Array.isArray(content) ? content : [])
      .map((b) => str(obj(b)?.text))
      .filter((t): t is string => Boolean(t?.trim()))
      .map((t) => `${t.trim()}\n`)
      .join('');
  }
  if (event.type === 'tool_call' && event.subtype === 'started') {
    const [kind, call] = Object.entries(obj(event.tool_call) ?? {})[0] ?? [];
    return kind ? showToolCall(kind, obj(call)?.args) : '';
  }
  return '';
}
