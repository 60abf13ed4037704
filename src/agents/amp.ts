// Amp (`amp`, npm @ampcode/cli): execute mode with Claude Code-compatible stream JSON; the prompt
// on standard input, which `amp --execute` reads when given no message.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Exec } from '../infra/exec.js';
import { parseAmpResult } from './amp-result.js';
import { readClaudeStream } from './claude-stream.js';
import { preflightCli, runCli, settleResult, type AgentCli, permissionModesOnly } from './cli.js';
import type { AgentAdapter, AgentRequest, AgentResult, AuthStatus } from './types.js';

const AMP: AgentCli = {
  tool: 'amp',
  binEnv: 'MMM_AMP_BIN',
  command: 'amp',
  installHint:
    'Install Amp with `npm install -g @ampcode/cli`, or set MMM_AMP_BIN to the path of the amp ' +
    'executable.',
};

/** Playbook permission modes in Amp's terms: its confirmation prompts on, or all off. */
const PERMISSION_FLAGS: Readonly<Record<string, readonly string[]>> = {
  default: [],
  bypassPermissions: ['--dangerously-allow-all'],
};

/**
 * Arguments for `amp`, without the prompt (standard input). Amp picks its model by mode (`low`,
 * `medium`, `high`…), so the playbook's `model` names the mode. Pure.
 */
export function buildAmpArgs(request: AgentRequest): string[] {
  const args = ['--stream-json', '--no-ide', '--no-notifications', '--no-color'];
  if (request.model) args.push('--mode', request.model);
  if (request.permissionMode) args.push(...(PERMISSION_FLAGS[request.permissionMode] ?? []));
  // Last: `--execute` takes an optional message, and none is given.
  args.push('--execute');
  return args;
}

/** The key the CLI reads: AMP_API_KEY, or the one `amp login` stored under the data home. */
function ampAuthStatus(deps: { env: NodeJS.ProcessEnv }): Promise<AuthStatus> {
  if (deps.env.AMP_API_KEY?.trim()) {
    return Promise.resolve({ loggedIn: true, detail: 'api key from AMP_API_KEY' });
  }
  const home = deps.env.HOME?.trim() || homedir();
  const data = deps.env.XDG_DATA_HOME?.trim() || join(home, '.local', 'share');
  const stored = join(data, 'amp', 'secrets.json');
  return Promise.resolve(
    existsSync(stored)
      ? { loggedIn: true, detail: `key stored by amp login (${stored})` }
      : { loggedIn: false, detail: `no AMP_API_KEY and no ${stored}` },
  );
}

async function runAmp(
  request: AgentRequest,
  deps: { exec: Exec; env: NodeJS.ProcessEnv },
): Promise<AgentResult> {
  // Claude Code's stream format: shown as text and tool calls, and read for repeated calls.
  const stream = readClaudeStream();
  const { r, bin } = await runCli(AMP, buildAmpArgs(request), request, deps, (chunk) =>
    stream.push(chunk),
  );
  const parsed = parseAmpResult(r.stdout, r.stderr, r.exitCode);
  return { ...settleResult(AMP, parsed, r, bin, request), repeatedToolCalls: stream.repeated() };
}

/** Amp (`amp --stream-json --execute`, the prompt on standard input). */
export const ampAdapter: AgentAdapter = {
  name: 'amp',
  supports: permissionModesOnly(Object.keys(PERMISSION_FLAGS)),
  slashCommands: 'mmm',
  buildArgs: buildAmpArgs,
  parseResult: parseAmpResult,
  preflight: (deps) => preflightCli(AMP, deps),
  authStatus: ampAuthStatus,
  run: runAmp,
};
