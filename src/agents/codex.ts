import type { Exec } from '../infra/exec.js';
import { askCli, preflightCli, runCli, settleResult, type AgentCli } from './cli.js';
import { parseCodexResult } from './codex-result.js';
import { readCodexStream } from './codex-stream.js';
import { excerpt } from './format.js';
import type { AgentAdapter, AgentRequest, AgentResult, AuthStatus } from './types.js';

const CODEX: AgentCli = {
  tool: 'codex',
  binEnv: 'MMM_CODEX_BIN',
  command: 'codex',
  installHint:
    'Install the Codex CLI with `npm install -g @openai/codex`, or set MMM_CODEX_BIN to the path ' +
    'of the codex executable.',
};

/** Claude Code's permission modes, as Codex sandbox modes (`codex exec -s`). */
const SANDBOX: Readonly<Record<string, string>> = {
  default: 'read-only',
  plan: 'read-only',
  acceptEdits: 'workspace-write',
  auto: 'workspace-write',
  bypassPermissions: 'danger-full-access',
};

/** A TOML basic string: JSON's escapes are TOML's, but for DEL, which TOML wants escaped too. */
function tomlString(text: string): string {
  return JSON.stringify(text).replaceAll('\u007f', '\\u007F');
}

/**
 * Arguments for `codex exec`, pure. The prompt is not among them: with no prompt argument the CLI
 * reads it from standard input, which has no size limit. Approvals are off (nobody is there to
 * answer); what the agent may do is the sandbox's say.
 */
export function buildCodexArgs(request: AgentRequest): string[] {
  const args = ['exec', '--json', '--skip-git-repo-check', '-C', request.cwd];
  args.push('-c', 'approval_policy="never"');
  // Unset, the CLI waits without end for a network it cannot reach ("Reconnecting... waiting for
  // network"); set, it fails after its own bounded retries, and the step can say so.
  args.push('-c', 'features.unbounded_connection_retries=false');
  if (request.model) args.push('-m', request.model);
  const sandbox = request.permissionMode ? SANDBOX[request.permissionMode] : undefined;
  if (sandbox) args.push('-s', sandbox);
  if (request.appendSystemPrompt) {
    args.push('-c', `developer_instructions=${tomlString(request.appendSystemPrompt)}`);
  }
  return args;
}

/**
 * Whether the CLI has credentials, without a model call: `CODEX_API_KEY` in the environment
 * (which `codex exec` reads), else `codex login status` (a stored key or a ChatGPT sign-in).
 */
async function codexAuthStatus(deps: {
  exec: Exec;
  env: NodeJS.ProcessEnv;
  cwd: string;
}): Promise<AuthStatus> {
  if (deps.env.CODEX_API_KEY?.trim())
    return { loggedIn: true, detail: 'api key from CODEX_API_KEY' };
  const r = await askCli(CODEX, ['login', 'status'], deps);
  const said = `${r.stdout}\n${r.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('WARNING:'));
  if (r.spawnError !== undefined || r.timedOut) {
    return {
      loggedIn: undefined,
      detail: `codex login status did not answer (${r.spawnError ?? 'timed out'})`,
    };
  }
  const first = said[0] ?? `exit ${String(r.exitCode)}`;
  if (r.exitCode === 0) return { loggedIn: true, detail: excerpt(first, 80) };
  if (/not logged in/i.test(first)) return { loggedIn: false, detail: 'none' };
  return { loggedIn: undefined, detail: `codex login status said: ${excerpt(first, 80)}` };
}

async function runCodex(
  request: AgentRequest,
  deps: { exec: Exec; env: NodeJS.ProcessEnv },
): Promise<AgentResult> {
  const stream = readCodexStream();
  const { r, bin } = await runCli(CODEX, buildCodexArgs(request), request, deps, (chunk) =>
    stream.push(chunk),
  );
  // The reader saw the output only when someone was shown it; else the whole stdout is read.
  const seen = stream.keptLines();
  const parsed = parseCodexResult(
    seen || r.stdout,
    r.stderr,
    r.exitCode,
    new Date(),
    request.model,
  );
  return {
    ...settleResult(CODEX, { ...parsed, raw: r.stdout }, r, bin, request),
    repeatedToolCalls: stream.repeated(),
  };
}

/** The Codex CLI (`codex exec --json`). */
export const codexAdapter: AgentAdapter = {
  name: 'codex',
  supports: {
    permissionModes: Object.keys(SANDBOX),
    allowedTools: false,
    disallowedTools: false,
    maxTurns: false,
    appendSystemPrompt: true,
    resumeConversation: false,
  },
  slashCommands: 'mmm',
  buildArgs: buildCodexArgs,
  parseResult: parseCodexResult,
  preflight: (deps) => preflightCli(CODEX, deps),
  authStatus: codexAuthStatus,
  run: runCodex,
};
