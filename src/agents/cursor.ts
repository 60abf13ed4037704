// Cursor's agent CLI (`cursor-agent`, installed by Cursor's own installer, not from npm): print
// mode with stream JSON; the prompt on standard input, which print mode reads when piped.
import type { Exec } from '../infra/exec.js';
import {
  askCli,
  preflightCli,
  runCli,
  settleResult,
  type AgentCli,
  permissionModesOnly,
} from './cli.js';
import { parseCursorResult, showCursorEvent } from './cursor-result.js';
import { showJsonLines } from './json-lines.js';
import type { AgentAdapter, AgentRequest, AgentResult, AuthStatus } from './types.js';

const CURSOR: AgentCli = {
  tool: 'cursor',
  binEnv: 'MMM_CURSOR_BIN',
  command: 'cursor-agent',
  installHint:
    "Install Cursor's CLI (https://cursor.com/cli), or set MMM_CURSOR_BIN to the path of the " +
    'cursor-agent executable.',
};

/** Playbook permission modes in the CLI's terms. */
const PERMISSION_FLAGS: Readonly<Record<string, readonly string[]>> = {
  default: [],
  plan: ['--mode', 'plan'],
  bypassPermissions: ['--force'],
};

/** Arguments for `cursor-agent --print`, without the prompt (standard input). Pure. */
export function buildCursorArgs(request: AgentRequest): string[] {
  // --trust: print mode stops at the workspace-trust question otherwise; mmm runs in the
  // repository the user pointed it at, as the user would.
  const args = ['--print', '--output-format', 'stream-json', '--trust'];
  if (request.model) args.push('--model', request.model);
  if (request.permissionMode) args.push(...(PERMISSION_FLAGS[request.permissionMode] ?? []));
  return args;
}

/** `cursor-agent status`: reads its credentials, calls no model. CURSOR_API_KEY counts too. */
async function cursorAuthStatus(deps: {
  exec: Exec;
  env: NodeJS.ProcessEnv;
  cwd: string;
}): Promise<AuthStatus> {
  if (deps.env.CURSOR_API_KEY?.trim()) {
    return { loggedIn: true, detail: 'api key from CURSOR_API_KEY' };
  }
  const r = await askCli(CURSOR, ['status'], deps);
  const said = `${r.stdout}\n${r.stderr}`.trim();
  if (/not logged in|not authenticated|authentication required/i.test(said)) {
    return { loggedIn: false, detail: 'cursor-agent status: not logged in' };
  }
  if (r.exitCode === 0 && /logged in/i.test(said)) {
    return { loggedIn: true, detail: `cursor-agent status: ${said.split('\n')[0] ?? ''}` };
  }
  const why = r.spawnError ?? (r.timedOut ? 'it did not answer' : `exit ${String(r.exitCode)}`);
  return { loggedIn: undefined, detail: `cursor-agent status said nothing readable (${why})` };
}

async function runCursor(
  request: AgentRequest,
  deps: { exec: Exec; env: NodeJS.ProcessEnv },
): Promise<AgentResult> {
  const { r, bin } = await runCli(
    CURSOR,
    buildCursorArgs(request),
    request,
    deps,
    showJsonLines(showCursorEvent),
  );
  return settleResult(CURSOR, parseCursorResult(r.stdout, r.stderr, r.exitCode), r, bin, request);
}

/** Cursor's agent CLI (`cursor-agent --print --output-format stream-json`). */
export const cursorAdapter: AgentAdapter = {
  name: 'cursor',
  supports: permissionModesOnly(Object.keys(PERMISSION_FLAGS)),
  slashCommands: 'mmm',
  buildArgs: buildCursorArgs,
  parseResult: parseCursorResult,
  preflight: (deps) => preflightCli(CURSOR, deps),
  authStatus: cursorAuthStatus,
  run: runCursor,
};
