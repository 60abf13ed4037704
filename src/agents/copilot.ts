// GitHub Copilot's CLI (`copilot`, npm @github/copilot): the prompt on standard input, which it
// reads as the prompt when given no -p; one JSON event per line with `--output-format json`.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Exec } from '../infra/exec.js';
import { preflightCli, runCli, settleResult, type AgentCli } from './cli.js';
import { parseCopilotResult, readCopilotUsage, showCopilotEvent } from './copilot-result.js';
import { showJsonLines } from './json-lines.js';
import type { AgentAdapter, AgentRequest, AgentResult, AuthStatus } from './types.js';

const COPILOT: AgentCli = {
  tool: 'copilot',
  binEnv: 'MMM_COPILOT_BIN',
  command: 'copilot',
  installHint:
    "Install GitHub Copilot's CLI with `npm install -g @github/copilot`, or set MMM_COPILOT_BIN " +
    'to the path of the copilot executable.',
};

/**
 * Playbook permission modes in the CLI's terms. Without an allow flag, a tool that needs approval
 * is refused in a run with no terminal ("Permission denied because no interactive user response
 * was available"), as `dontAsk` does.
 */
const PERMISSION_FLAGS: Readonly<Record<string, readonly string[]>> = {
  default: [],
  dontAsk: [],
  acceptEdits: ['--allow-tool=write'],
  bypassPermissions: ['--allow-all'],
};

/**
 * Arguments for `copilot`, without the prompt (it goes on standard input). `usageFile` is where
 * the CLI writes its token counts, which its JSON events do not carry. Pure.
 */
export function buildCopilotArgs(request: AgentRequest, usageFile?: string): string[] {
  const args = ['--output-format', 'json', '--no-auto-update', '--no-ask-user', '--no-color'];
  if (request.model) args.push('--model', request.model);
  if (request.permissionMode) args.push(...(PERMISSION_FLAGS[request.permissionMode] ?? []));
  // mmm's id for the call becomes the session's: "set the UUID for a new session".
  if (request.conversationId) args.push('--session-id', request.conversationId);
  // `=` keeps each pattern to its own flag: the flags take a list otherwise.
  for (const tool of request.allowedTools ?? []) args.push(`--allow-tool=${tool}`);
  for (const tool of request.disallowedTools ?? []) args.push(`--deny-tool=${tool}`);
  if (usageFile) args.push('--usage-output-file', usageFile);
  return args;
}

/**
 * Whether it looks logged in, from what the CLI reads: a GitHub token in the environment, or a
 * model provider of one's own (BYOK). A login kept by the CLI itself cannot be seen without
 * starting a session, so that case is unknown rather than no.
 */
function copilotAuthStatus(deps: { env: NodeJS.ProcessEnv }): Promise<AuthStatus> {
  for (const name of ['COPILOT_GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN']) {
    if (deps.env[name]?.trim())
      return Promise.resolve({ loggedIn: true, detail: `token from ${name}` });
  }
  if (deps.env.COPILOT_PROVIDER_BASE_URL?.trim()) {
    return Promise.resolve({
      loggedIn: true,
      detail: 'own model provider (COPILOT_PROVIDER_BASE_URL)',
    });
  }
  return Promise.resolve({
    loggedIn: undefined,
    detail:
      'no token in the environment; a /login kept by the CLI cannot be checked without a call',
  });
}

async function runCopilot(
  request: AgentRequest,
  deps: { exec: Exec; env: NodeJS.ProcessEnv },
): Promise<AgentResult> {
  const dir = await mkdtemp(join(tmpdir(), 'mmm-copilot-'));
  const usageFile = join(dir, 'usage.json');
  try {
    const { r, bin } = await runCli(
      COPILOT,
      buildCopilotArgs(request, usageFile),
      request,
      deps,
      showJsonLines(showCopilotEvent),
    );
    const parsed = parseCopilotResult(r.stdout, r.stderr, r.exitCode);
    const reported = readCopilotUsage(await readFile(usageFile, 'utf8').catch(() => ''));
    return settleResult(
      COPILOT,
      {
        ...parsed,
        usage: reported?.usage,
        models: reported?.models.length ? reported.models : parsed.models,
      },
      r,
      bin,
      request,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** GitHub Copilot's CLI (`copilot --output-format json`, the prompt on standard input). */
export const copilotAdapter: AgentAdapter = {
  name: 'copilot',
  supports: {
    permissionModes: Object.keys(PERMISSION_FLAGS),
    allowedTools: true,
    disallowedTools: true,
    maxTurns: false,
    appendSystemPrompt: false,
    resumeConversation: false,
  },
  slashCommands: 'mmm',
  buildArgs: (request) => buildCopilotArgs(request),
  parseResult: parseCopilotResult,
  // `GitHub Copilot CLI 1.0.102.`: the sentence's full stop is not part of the version.
  preflight: async (deps) => {
    const info = await preflightCli(COPILOT, deps);
    return { ...info, version: info.version?.replace(/\.$/, '') };
  },
  authStatus: copilotAuthStatus,
  run: runCopilot,
};
