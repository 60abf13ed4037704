import type { AgentResult, AgentUsage } from './types.js';
import { detectLimit } from './claude-limit.js';
import { emptyResult } from './cli.js';
import { excerpt } from './format.js';
import { num, str } from './json-lines.js';

/** The fields of Claude Code's result object (the last line of `--output-format stream-json`) that mmm reads. */
interface ClaudeResultObject {
  type: 'result';
  subtype?: unknown;
  is_error?: unknown;
  api_error_status?: unknown;
  result?: unknown;
  session_id?: unknown;
  total_cost_usd?: unknown;
  cost_usd?: unknown;
  usage?: unknown;
  num_turns?: unknown;
  permission_denials?: unknown;
  modelUsage?: unknown;
  errors?: unknown;
}

const ROOT_REFUSAL = /root\/sudo privileges/i;
/** What `claude -p --resume <id>` says (exit 1) for an id it does not have. */
const NO_CONVERSATION = /^No conversation found with session ID: /m;

/** Said whenever the CLI refuses bypassPermissions because it runs as root. */
export const ROOT_REFUSAL_HELP =
  'claude refuses --dangerously-skip-permissions (permission mode bypassPermissions) when run as ' +
  'root. Choose another permission mode in the playbook, e.g. ' +
  '`agent: { permission_mode: acceptEdits, allowed_tools: ["Bash(npm test *)"] }`, ' +
  'or, inside a disposable sandbox, set IS_SANDBOX=1 in the environment.';

/** A cost as reported; a negative one is no cost at all, so that it can never add to a budget. */
const cost = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && n >= 0 ? n : undefined;
};

function isResultObject(v: unknown): v is ClaudeResultObject {
  return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'result';
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The whole output when it is one object, else the last line that is a result object. */
function findResultObject(stdout: string): ClaudeResultObject | undefined {
  const whole = tryParse(stdout.trim());
  if (isResultObject(whole)) return whole;
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]?.trim() ?? '';
    if (!line.startsWith('{')) continue;
    const parsed = tryParse(line);
    if (isResultObject(parsed)) return parsed;
  }
  return undefined;
}

function readUsage(v: unknown): AgentUsage | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const u = v as Record<string, unknown>;
  return {
    inputTokens: num(u.input_tokens) ?? 0,
    outputTokens: num(u.output_tokens) ?? 0,
    cacheCreationInputTokens: num(u.cache_creation_input_tokens) ?? 0,
    cacheReadInputTokens: num(u.cache_read_input_tokens) ?? 0,
  };
}

function listErrors(v: unknown): string {
  if (!Array.isArray(v)) return '';
  return v
    .map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))
    .filter(Boolean)
    .join('; ');
}

/** Why a result object means failure, in words a user can act on; undefined when it succeeded. */
function describeFailure(r: ClaudeResultObject, exitCode: number | null): string | undefined {
  const subtype = str(r.subtype) ?? 'success';
  const said = (str(r.result) ?? '').trim() || listErrors(r.errors);
  const turns = num(r.num_turns);
  switch (subtype) {
    case 'error_max_turns':
      return `claude stopped after reaching its turn limit${turns ? ` (${turns} turns)` : ''}; raise agent.max_turns or split the step`;
    case 'error_max_budget_usd':
      return `claude stopped because the spending limit passed as --max-budget-usd was reached${said ? `: ${said}` : ''}`;
    case 'error_during_execution':
      return `claude failed during execution${said ? `: ${said}` : ''}`;
    case 'success':
      break;
    default:
      if (subtype.startsWith('error'))
        return `claude failed (${subtype})${said ? `: ${said}` : ''}`;
  }
  if (r.is_error === true) return said || `claude reported an error (${subtype})`;
  if (exitCode !== 0)
    return `claude exited with code ${String(exitCode)}${said ? `: ${said}` : ''}`;
  return undefined;
}

/**
 * Whether the CLI refused to continue a conversation it does not have: with `--output-format json`
 * it says so on stderr with no result; with `stream-json`, in the `errors` of a result object.
 */
function conversationMissing(r: ClaudeResultObject | undefined, stderr: string): boolean {
  if (r === undefined) return NO_CONVERSATION.test(stderr);
  return (
    Array.isArray(r.errors) &&
    r.errors.some((e) => typeof e === 'string' && NO_CONVERSATION.test(e))
  );
}

// What Claude Code says when it has no usable credentials (`Not logged in · Please run /login`,
// `Invalid API key · Please run /login`, an API error 401 or 403).
const NOT_LOGGED_IN =
  /not logged in|please run \/login|invalid api key|authentication_error|api error: 40[13]\b/i;

/** Why a failed call is not the work's fault, when it is not: see AgentResult.unavailable. */
function unavailable(
  r: ClaudeResultObject | undefined,
  text: string,
  stderr: string,
): string | undefined {
  if (r === undefined) return conversationMissing(r, stderr) ? undefined : 'crashed';
  const status = num(r.api_error_status);
  if (status === 401 || status === 403 || NOT_LOGGED_IN.test(`${text}\n${listErrors(r.errors)}`)) {
    return 'not logged in';
  }
  return undefined;
}

function noResult(stdout: string, stderr: string, exitCode: number | null): string {
  const parts = [
    `claude exited with code ${String(exitCode)} without a result object (expected JSON from --output-format stream-json)`,
  ];
  if (stderr.trim()) parts.push(`stderr: ${excerpt(stderr)}`);
  if (stdout.trim()) parts.push(`stdout: ${excerpt(stdout)}`);
  if (!stderr.trim() && !stdout.trim()) parts.push('it printed nothing');
  return parts.join('; ');
}

/**
 * Reads what `claude -p` printed: the result object alone (`--output-format json`) or as the last
 * line of `--output-format stream-json`. Pure: the process facts (timeouts, how long it ran) are
 * filled in by the caller.
 */
export function parseClaudeResult(
  stdout: string,
  stderr: string,
  exitCode: number | null,
  now: Date = new Date(),
): AgentResult {
  const r = findResultObject(stdout);
  let error = r ? describeFailure(r, exitCode) : noResult(stdout, stderr, exitCode);
  if (error !== undefined && ROOT_REFUSAL.test(`${stderr}\n${stdout}`)) {
    error = `${ROOT_REFUSAL_HELP} (claude said: ${excerpt(stderr || stdout, 200)})`;
  }
  const modelUsage = r?.modelUsage;
  const text = str(r?.result) ?? '';
  return {
    ...emptyResult(stdout, stderr, exitCode),
    ok: error === undefined,
    text,
    error,
    budgetReached: r?.subtype === 'error_max_budget_usd',
    limit: r && error !== undefined ? detectLimit(text, num(r.api_error_status), now) : undefined,
    sessionId: str(r?.session_id),
    conversationMissing: conversationMissing(r, stderr),
    unavailable: error === undefined ? undefined : unavailable(r, text, stderr),
    costUsd: cost(r?.total_cost_usd) ?? cost(r?.cost_usd),
    usage: readUsage(r?.usage),
    numTurns: num(r?.num_turns),
    models: typeof modelUsage === 'object' && modelUsage !== null ? Object.keys(modelUsage) : [],
    permissionDenials: Array.isArray(r?.permission_denials) ? r.permission_denials : [],
  };
}
