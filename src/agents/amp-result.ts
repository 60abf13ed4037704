// Reading what Amp printed with `--execute --stream-json`: Claude Code-compatible events, one per
// line (`system` init, `user`, `assistant` with the message's token usage, `result` last). Pure.
import { emptyResult, whyUnavailable } from './cli.js';
import { excerpt } from './format.js';
import {
  distinct,
  lastOfType,
  limitFromWords,
  num,
  obj,
  readJsonLines,
  str,
} from './json-lines.js';
import type { AgentResult, AgentUsage } from './types.js';

// With no AMP_API_KEY and no stored key the CLI starts its browser login ("No API key found.
// Starting login flow..."), reads the code from standard input, and exits 1 ("Login failed").
const NOT_LOGGED_IN =
  /no api key found|starting login flow|login failed|invalid api key|unauthorized|\b401\b|amp login/i;

/** Token usage of every assistant message, summed (the result event carries none). */
function sumUsage(events: Record<string, unknown>[]): AgentUsage | undefined {
  let usage: AgentUsage | undefined;
  for (const e of events) {
    if (e.type !== 'assistant') continue;
    const u = obj(obj(e.message)?.usage);
    if (!u) continue;
    usage ??= {
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
    };
    usage.inputTokens += num(u.input_tokens) ?? 0;
    usage.outputTokens += num(u.output_tokens) ?? 0;
    usage.cacheCreationInputTokens += num(u.cache_creation_input_tokens) ?? 0;
    usage.cacheReadInputTokens += num(u.cache_read_input_tokens) ?? 0;
  }
  return usage;
}

function describeFailure(
  result: Record<string, unknown> | undefined,
  stdout: string,
  stderr: string,
  exitCode: number | null,
): string | undefined {
  if (result === undefined) {
    const said = excerpt(`${stderr}\n${stdout}`);
    return `amp exited with code ${String(exitCode)} without a result (expected JSON lines from --stream-json)${said ? `: ${said}` : '; it printed nothing'}`;
  }
  const subtype = str(result.subtype) ?? 'success';
  const said = str(result.result)?.trim() ?? '';
  if (subtype === 'error_max_turns') return `amp stopped after reaching its turn limit`;
  if (subtype.startsWith('error') || result.is_error === true) {
    return `amp failed (${subtype})${said ? `: ${said}` : ''}`;
  }
  if (exitCode !== 0) {
    const more = excerpt(stderr);
    return `amp exited with code ${String(exitCode)}${more ? `: ${more}` : ''}`;
  }
  return undefined;
}

/** Parses `amp --execute --stream-json`. Amp reports no money spent, only tokens. */
export function parseAmpResult(
  stdout: string,
  stderr: string,
  exitCode: number | null,
): AgentResult {
  const events = readJsonLines(stdout);
  const result = lastOfType(events, 'result');
  const init = events.find((e) => e.type === 'system' && e.subtype === 'init');
  const error = describeFailure(result, stdout, stderr, exitCode);
  const said = `${str(result?.result) ?? ''}\n${stderr}\n${result ? '' : stdout}`;
  const models = distinct(
    events.filter((e) => e.type === 'assistant').map((e) => str(obj(e.message)?.model)),
  );
  return {
    ...emptyResult(stdout, stderr, exitCode),
    ok: error === undefined,
    text: str(result?.result) ?? '',
    error,
    limit: error === undefined ? undefined : limitFromWords(said),
    unavailable: whyUnavailable(
      error !== undefined,
      NOT_LOGGED_IN.test(said),
      result === undefined,
    ),
    sessionId: str(result?.session_id) ?? str(init?.session_id),
    usage: sumUsage(events),
    numTurns: num(result?.num_turns),
    models,
  };
}
