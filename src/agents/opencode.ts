// OpenCode (`opencode run --format json`): the prompt on standard input, one JSON event per line
// on stdout. Permission modes become opencode's own permission rules, passed in OPENCODE_PERMISSION
// (merged over the user's config by opencode), so nothing is written into the repository.
import type { Exec } from '../infra/exec.js';
import {
  askCli,
  preflightCli,
  runCli,
  settleResult,
  type AgentCli,
  permissionModesOnly,
} from './cli.js';
import { parseOpencodeResult, readOpencodeEvents } from './opencode-result.js';
import { readLines } from './json-lines.js';
import { compactInput } from './tool-calls.js';
import type { AgentAdapter, AgentRequest, AgentResult, AuthStatus } from './types.js';

const OPENCODE: AgentCli = {
  tool: 'opencode',
  binEnv: 'MMM_OPENCODE_BIN',
  command: 'opencode',
  installHint:
    'Install OpenCode with `npm install -g opencode-ai`, or set MMM_OPENCODE_BIN to the path of ' +
    'the opencode executable.',
};

type Rule = 'allow' | 'ask' | 'deny';
/** `opencode run` rejects by itself every permission its rules leave at `ask`. */
const RULES: Readonly<Record<string, { edit: Rule; bash: Rule; webfetch: Rule }>> = {
  default: { edit: 'ask', bash: 'ask', webfetch: 'ask' },
  acceptEdits: { edit: 'allow', bash: 'ask', webfetch: 'ask' },
  dontAsk: { edit: 'deny', bash: 'deny', webfetch: 'deny' },
};

/** The permission modes mapped to opencode's terms (see RULES, `--agent plan`, `--auto`). */
export const OPENCODE_PERMISSION_MODES = [
  'acceptEdits',
  'bypassPermissions',
  'default',
  'dontAsk',
  'plan',
] as const;

/**
 * Arguments for `opencode run`. Pure. The prompt is not among them: `opencode run` reads standard
 * input when given no message, with no size limit. A title is given so that opencode makes no
 * model call of its own to name the session (one that step_finish would not count).
 */
export function buildOpencodeArgs(request: AgentRequest): string[] {
  // Without --dir, opencode takes its directory from $PWD, which a spawned process inherits from
  // mmm: it would then refuse every edit in the real working directory as an external one.
  const args = ['run', '--format', 'json', `--dir=${request.cwd}`];
  if (request.model) args.push('--model', request.model);
  if (request.permissionMode === 'plan') args.push('--agent', 'plan');
  if (request.permissionMode === 'bypassPermissions') args.push('--auto');
  args.push(`--title=mmm ${request.conversationId ?? 'step'}`);
  return args;
}

/** The environment the permission mode adds to the call. Pure. */
export function buildOpencodeEnv(request: AgentRequest): Record<string, string> {
  const rules = request.permissionMode ? RULES[request.permissionMode] : undefined;
  return rules ? { OPENCODE_PERMISSION: JSON.stringify(rules) } : {};
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Reads `opencode auth list`: stored credentials and provider keys found in the environment. */
export function readAuthList(output: string): AuthStatus {
  const text = output.replace(ANSI, '');
  const stored = Number(/(\d+)\s+credentials?\b/.exec(text)?.[1] ?? 0);
  const fromEnv = Number(/(\d+)\s+environment variables?\b/.exec(text)?.[1] ?? 0);
  // Each one on a line such as `●  Anthropic ANTHROPIC_API_KEY`.
  const named = [...text.matchAll(/^[●•]\s+(.+?)\s*$/gmu)].map((m) => m[1] ?? '');
  if (stored + fromEnv === 0) {
    return {
      loggedIn: false,
      detail: 'no stored credentials and no provider key in the environment',
    };
  }
  return {
    loggedIn: true,
    detail: named.length > 0 ? named.join(', ') : `${stored + fromEnv} credentials`,
  };
}

async function opencodeAuthStatus(deps: {
  exec: Exec;
  env: NodeJS.ProcessEnv;
  cwd: string;
}): Promise<AuthStatus> {
  const r = await askCli(OPENCODE, ['auth', 'list'], deps);
  if (r.exitCode !== 0 || !/credentials?\b/.test(r.stdout)) {
    const why = r.spawnError ?? (r.timedOut ? 'it did not answer' : `exit ${String(r.exitCode)}`);
    return { loggedIn: undefined, detail: `opencode auth list said nothing readable (${why})` };
  }
  return readAuthList(r.stdout);
}

/** What `-v` shows of the events: the text and the tool calls, as they come. */
function showEvents(): (chunk: string) => string {
  const lines = readLines((line) => {
    let shown = '';
    for (const e of readOpencodeEvents(line)) {
      if (e.type === 'text' && typeof e.part?.text === 'string') shown += `${e.part.text}\n`;
      if (e.type === 'tool_use') {
        shown += `[${String(e.part?.tool)}] ${compactInput(e.part?.state?.input)}\n`;
      }
      if (e.type === 'error') shown += `${JSON.stringify(e.error)}\n`;
    }
    return shown;
  });
  return (chunk) => lines.push(chunk);
}

async function runOpencode(
  request: AgentRequest,
  deps: { exec: Exec; env: NodeJS.ProcessEnv },
): Promise<AgentResult> {
  const call = { ...request, env: { ...request.env, ...buildOpencodeEnv(request) } };
  const { r, bin } = await runCli(OPENCODE, buildOpencodeArgs(request), call, deps, showEvents());
  return settleResult(
    OPENCODE,
    parseOpencodeResult(r.stdout, r.stderr, r.exitCode),
    r,
    bin,
    request,
  );
}

/** OpenCode (`opencode run --format json`). */
export const opencodeAdapter: AgentAdapter = {
  name: 'opencode',
  supports: permissionModesOnly(OPENCODE_PERMISSION_MODES),
  slashCommands: 'mmm',
  buildArgs: buildOpencodeArgs,
  parseResult: parseOpencodeResult,
  preflight: (deps) => preflightCli(OPENCODE, deps),
  authStatus: opencodeAuthStatus,
  run: runOpencode,
};
