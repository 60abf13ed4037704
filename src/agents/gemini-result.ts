// What `gemini --output-format stream-json` printed, read into mmm's result: the session id, the
// final answer, tokens per model, the tools it was refused, and the CLI's own words when it failed
// (a `result` event with status `error`, or only text on stderr and an exit code when it stopped
// before the conversation began, e.g. exit 41 without credentials). Pure.
import { emptyResult } from './cli.js';
import { excerpt } from './format.js';
import { readJsonLines, str } from './json-lines.js';
import type { AgentLimit, AgentResult, AgentUsage } from './types.js';

/** Gemini CLI's exit code for missing or unusable credentials (FATAL_AUTHENTICATION_ERROR). */
export const GEMINI_AUTH_EXIT = 41;

interface GeminiEvent {
  type?: unknown;
  role?: unknown;
  content?: unknown;
  session_id?: unknown;
  tool_name?: unknown;
  tool_id?: unknown;
  parameters?: unknown;
  status?: unknown;
  severity?: unknown;
  message?: unknown;
  error?: { type?: unknown; message?: unknown } | undefined;
  stats?: unknown;
}

interface TokenCounts {
  total_tokens?: unknown;
  input_tokens?: unknown;
  output_tokens?: unknown;
  cached?: unknown;
  input?: unknown;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Tokens as the result event counts them. Its `output_tokens` leaves the model's thinking out,
 * which `total_tokens` includes: output is counted as everything that is not prompt, so the
 * thinking the model is billed for is not lost.
 */
function readUsage(stats: unknown): AgentUsage | undefined {
  if (typeof stats !== 'object' || stats === null) return undefined;
  const s = stats as TokenCounts;
  const prompt = num(s.input_tokens);
  const output = Math.max(num(s.output_tokens), num(s.total_tokens) - prompt);
  return {
    inputTokens: num(s.input) || Math.max(0, prompt - num(s.cached)),
    outputTokens: output,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: num(s.cached),
  };
}

function readModels(stats: unknown): string[] {
  if (typeof stats !== 'object' || stats === null) return [];
  const models = (stats as { models?: unknown }).models;
  return typeof models === 'object' && models !== null ? Object.keys(models) : [];
}

// The result's words on a quota or rate limit (HTTP 429, RESOURCE_EXHAUSTED) and on an overload
// (503 UNAVAILABLE), after the CLI's own retries (settings `general.maxAttempts`, 10 by default).
const DAILY_QUOTA = /exhausted your daily quota|quota[^.\n]*per ?day/i;
const RATE_LIMIT =
  /\b429\b|RESOURCE_EXHAUSTED|quota exceeded|resource has been exhausted|rate limit/i;
const OVERLOADED = /\b503\b|\bUNAVAILABLE\b|overloaded|exhausted your capacity|capacity exceeded/i;
const RETRY_IN = /(?:retry in|retry after)\s+([\d.]+)\s*(ms|s)\b/i;
/** The status the CLI prints with the stack of a failed request, on stderr. */
const STATUS_ON_STDERR = /^\s*status: (\d{3}),?$/m;

/** The limit a failed call ended on, or undefined when it failed for another reason. */
export function detectGeminiLimit(said: string, stderr: string, now: Date): AgentLimit | undefined {
  const status = STATUS_ON_STDERR.exec(stderr)?.[1];
  const retry = RETRY_IN.exec(said);
  const resetsAt = retry?.[1]
    ? new Date(now.getTime() + Number(retry[1]) * (retry[2] === 'ms' ? 1 : 1000))
    : undefined;
  if (DAILY_QUOTA.test(said)) return { kind: 'usage_limit', resetsAt };
  if (RATE_LIMIT.test(said) || status === '429') return { kind: 'rate_limit', resetsAt };
  if (OVERLOADED.test(said) || status === '503') return { kind: 'overloaded', resetsAt };
  return undefined;
}

// Words of a key the API refused, or of no credentials at all, in the result's error.
const NOT_LOGGED_IN =
  /API key not valid|API_KEY_INVALID|GEMINI_API_KEY|UNAUTHENTICATED|PERMISSION_DENIED|\b40[13]\b|Please set an Auth method/i;
/** On stderr, among stack traces whose line numbers could look like a status: only these. */
const KEY_REFUSED_ON_STDERR = /API key not valid|API_KEY_INVALID/;

function loggedOut(error: string, stderr: string, exitCode: number | null): boolean {
  const status = STATUS_ON_STDERR.exec(stderr)?.[1];
  return (
    exitCode === GEMINI_AUTH_EXIT ||
    NOT_LOGGED_IN.test(error) ||
    KEY_REFUSED_ON_STDERR.test(stderr) ||
    status === '401' ||
    status === '403'
  );
}

/** Lines the CLI prints on stderr on every run, which say nothing of a failure. */
const STDERR_NOISE = /^(?:Warning: 256-color support|Ripgrep is not available|\[STARTUP\])/;

function stderrWords(stderr: string): string {
  const kept = stderr
    .split('\n')
    .filter((l) => !STDERR_NOISE.test(l.trim()))
    .join('\n');
  return excerpt(kept);
}

function noResult(
  stdout: string,
  stderr: string,
  exitCode: number | null,
  started: boolean,
): string {
  const said = stderrWords(stderr);
  if (exitCode === GEMINI_AUTH_EXIT) {
    return `gemini is not logged in (exit ${GEMINI_AUTH_EXIT})${said ? `: ${said}` : ''}`;
  }
  if (exitCode === 0 && started) {
    // The CLI ends its process without waiting for output still queued for the pipe.
    return 'gemini exited with code 0, but its output ended before the result event (the CLI drops output it has not written yet when it exits)';
  }
  const parts = [
    `gemini exited with code ${String(exitCode)} without a result event (expected JSON lines from --output-format stream-json)`,
  ];
  if (said) parts.push(`stderr: ${said}`);
  if (stdout.trim()) parts.push(`stdout: ${excerpt(stdout)}`);
  if (!said && !stdout.trim()) parts.push('it printed nothing');
  return parts.join('; ');
}

/** Tool calls the CLI refused: not allowed by the approval mode or its policy. */
const REFUSED = new Set(['tool_not_registered', 'policy_violation']);

/**
 * Reads what `gemini --output-format stream-json` printed. Pure: the process facts (timeouts, how
 * long it ran) are filled in by the caller.
 */
export function parseGeminiResult(
  stdout: string,
  stderr: string,
  exitCode: number | null,
  now: Date = new Date(),
): AgentResult {
  const all: GeminiEvent[] = readJsonLines(stdout);
  const result = all.findLast((e) => e.type === 'result');
  const init = all.find((e) => e.type === 'init');
  // The final answer: the assistant's text after its last tool call.
  let text = '';
  const calls = new Map<string, { tool: string; parameters: unknown }>();
  const denials: unknown[] = [];
  for (const e of all) {
    if (e.type === 'message' && e.role === 'assistant') text += str(e.content) ?? '';
    if (e.type === 'tool_use') {
      text = '';
      calls.set(str(e.tool_id) ?? '', { tool: str(e.tool_name) ?? '', parameters: e.parameters });
    }
    if (e.type === 'tool_result' && e.status === 'error' && REFUSED.has(str(e.error?.type) ?? '')) {
      const call = calls.get(str(e.tool_id) ?? '');
      denials.push({
        tool_name: call?.tool,
        tool_input: call?.parameters,
        reason: str(e.error?.message),
      });
    }
  }

  let error: string | undefined;
  if (result === undefined) error = noResult(stdout, stderr, exitCode, init !== undefined);
  else if (result.status !== 'success') {
    const said = str(result.error?.message)?.trim();
    error = said ? said : `gemini reported an error (${String(result.status)})`;
  } else if (exitCode !== 0) {
    error = `gemini exited with code ${String(exitCode)}${stderrWords(stderr) ? `: ${stderrWords(stderr)}` : ''}`;
  }

  const notLoggedIn = error !== undefined && loggedOut(error, stderr, exitCode);
  const limit =
    error !== undefined && result !== undefined && !notLoggedIn
      ? detectGeminiLimit(error, stderr, now)
      : undefined;
  return {
    ...emptyResult(stdout, stderr, exitCode),
    ok: error === undefined,
    text: text.trim(),
    error,
    limit,
    unavailable: notLoggedIn
      ? 'not logged in'
      : result === undefined && error
        ? 'crashed'
        : undefined,
    sessionId: str(result?.session_id) ?? str(init?.session_id),
    usage: readUsage(result?.stats),
    models: readModels(result?.stats),
    permissionDenials: denials,
  };
}
