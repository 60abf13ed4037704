import type { Exec } from '../infra/exec.js';
import { parseClaudeResult } from './claude-result.js';
import { readClaudeStream } from './claude-stream.js';
import { askCli, preflightCli, runCli, settleResult, type AgentCli } from './cli.js';
import type { AgentAdapter, AgentRequest, AgentResult, AuthStatus } from './types.js';

const CLAUDE: AgentCli = {
  tool: 'claude',
  binEnv: 'MMM_CLAUDE_BIN',
  command: 'claude',
  installHint:
    'Install Claude Code with `npm install -g @anthropic-ai/claude-code`, or set MMM_CLAUDE_BIN ' +
    'to the path of the claude executable.',
};

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

/** `claude auth status --json`: reads the CLI's credentials, calls no model. */
async function claudeAuthStatus(deps: {
  exec: Exec;
  env: NodeJS.ProcessEnv;
  cwd: string;
}): Promise<AuthStatus> {
  const r = await askCli(CLAUDE, ['auth', 'status', '--json'], deps);
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

async function runClaude(
  request: AgentRequest,
  deps: { exec: Exec; env: NodeJS.ProcessEnv },
): Promise<AgentResult> {
  const stream = readClaudeStream();
  // Shown as text and tool calls, not as raw events.
  const { r, bin } = await runCli(CLAUDE, buildClaudeArgs(request), request, deps, (chunk) =>
    stream.push(chunk),
  );
  // The result line as it streamed by: whole even when stdout passed the in-memory limit.
  const parsed = parseClaudeResult(stream.resultLine() ?? r.stdout, r.stderr, r.exitCode);
  return { ...settleResult(CLAUDE, parsed, r, bin, request), repeatedToolCalls: stream.repeated() };
}

/** Claude Code (`claude -p ... --output-format stream-json --verbose`). */
export const claudeAdapter: AgentAdapter = {
  name: 'claude',
  supports: {
    permissionModes: ['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan'],
    allowedTools: true,
    disallowedTools: true,
    maxTurns: true,
    appendSystemPrompt: true,
    resumeConversation: true,
  },
  slashCommands: 'native',
  buildArgs: buildClaudeArgs,
  parseResult: parseClaudeResult,
  preflight: (deps) => preflightCli(CLAUDE, deps),
  authStatus: claudeAuthStatus,
  run: runClaude,
};
