import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Exec } from '../infra/exec.js';
import { emptyResult, preflightCli, runCli, settleResult, type AgentCli } from './cli.js';
import { parseGeminiResult } from './gemini-result.js';
import { readGeminiStream } from './gemini-stream.js';
import type { AgentAdapter, AgentRequest, AgentResult, AuthStatus } from './types.js';

const GEMINI: AgentCli = {
  tool: 'gemini',
  binEnv: 'MMM_GEMINI_BIN',
  command: 'gemini',
  installHint:
    'Install Gemini CLI with `npm install -g @google/gemini-cli`, or set MMM_GEMINI_BIN to the ' +
    'path of the gemini executable.',
};

/** Claude Code's permission modes, as Gemini CLI's approval modes. */
const APPROVAL_MODES: Readonly<Record<string, string>> = {
  acceptEdits: 'auto_edit',
  bypassPermissions: 'yolo',
  // Without a terminal, `default` takes away every tool that would ask: what dontAsk means.
  default: 'default',
  dontAsk: 'default',
  plan: 'plan',
};

/** Gemini CLI reads at most this much of its standard input and drops the rest without an error. */
export const GEMINI_STDIN_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Arguments for `gemini` without a terminal. Pure. The prompt is not among them: with no `-p`,
 * the CLI runs headless and takes its standard input as the prompt. `--skip-trust`: the step runs
 * in the repository mmm was asked to work on (or a worktree session, a new directory each time),
 * and a folder the CLI does not trust makes it refuse to run headless (exit 55).
 */
export function buildGeminiArgs(request: AgentRequest): string[] {
  const args = ['--output-format', 'stream-json', '--skip-trust'];
  if (request.model) args.push('--model', request.model);
  const mode = request.permissionMode ? APPROVAL_MODES[request.permissionMode] : undefined;
  if (mode) args.push('--approval-mode', mode);
  if (request.conversationId) args.push('--session-id', request.conversationId);
  // One rule per flag: the CLI takes one value each time, and splits a value at commas.
  for (const tool of request.allowedTools ?? []) args.push('--allowed-tools', tool);
  return args;
}

function settingsAuthType(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.GEMINI_CLI_HOME?.trim() || env.HOME?.trim() || homedir();
  try {
    const settings = JSON.parse(readFileSync(join(dir, '.gemini', 'settings.json'), 'utf8')) as {
      security?: { auth?: { selectedType?: unknown } };
    };
    const type = settings.security?.auth?.selectedType;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Gemini CLI has no command that says whether it is logged in: read what it reads (its
 * environment variables, then the auth type chosen in its settings.json), calling nothing.
 */
export function geminiAuthStatus(env: NodeJS.ProcessEnv): AuthStatus {
  if (env.GOOGLE_GENAI_USE_VERTEXAI === 'true') {
    if (env.GOOGLE_API_KEY) return { loggedIn: true, detail: 'vertex-ai, key from GOOGLE_API_KEY' };
    const project = env.GOOGLE_CLOUD_PROJECT && env.GOOGLE_CLOUD_LOCATION;
    return project
      ? { loggedIn: true, detail: 'vertex-ai, GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION' }
      : {
          loggedIn: false,
          detail: 'vertex-ai without GOOGLE_API_KEY or GOOGLE_CLOUD_PROJECT/LOCATION',
        };
  }
  if (env.GEMINI_API_KEY) return { loggedIn: true, detail: 'api key from GEMINI_API_KEY' };
  const type = settingsAuthType(env);
  const dir = env.GEMINI_CLI_HOME?.trim() || env.HOME?.trim() || homedir();
  if (type === 'oauth-personal' || env.GOOGLE_GENAI_USE_GCA === 'true') {
    const creds = existsSync(join(dir, '.gemini', 'oauth_creds.json'));
    return creds
      ? { loggedIn: true, detail: 'Google login (oauth_creds.json)' }
      : { loggedIn: false, detail: 'Google login chosen, no saved login; run `gemini` once' };
  }
  if (type !== undefined) {
    return { loggedIn: undefined, detail: `${type} chosen in settings.json` };
  }
  return { loggedIn: false, detail: 'none (set GEMINI_API_KEY, or run `gemini` to log in)' };
}

async function runGemini(
  request: AgentRequest,
  deps: { exec: Exec; env: NodeJS.ProcessEnv },
): Promise<AgentResult> {
  const bytes = Buffer.byteLength(request.prompt, 'utf8');
  if (bytes > GEMINI_STDIN_LIMIT_BYTES) {
    return {
      ...emptyResult('', '', null),
      error: `the prompt is ${String(bytes)} bytes; gemini reads at most ${String(GEMINI_STDIN_LIMIT_BYTES)} bytes of its standard input and would silently drop the rest: shorten the prompt (pass big outputs as a file path) or run this step with another agent tool`,
    };
  }
  const stream = readGeminiStream();
  const { r, bin } = await runCli(GEMINI, buildGeminiArgs(request), request, deps, (chunk) =>
    stream.push(chunk),
  );
  // The stream sees stdout only when the caller follows the output (mmm's engine always does).
  const output = stream.output() || r.stdout;
  const parsed = parseGeminiResult(output, r.stderr, r.exitCode);
  return { ...settleResult(GEMINI, parsed, r, bin, request), repeatedToolCalls: stream.repeated() };
}

/** Gemini CLI (`gemini --output-format stream-json`, the prompt on standard input). */
export const geminiAdapter: AgentAdapter = {
  name: 'gemini',
  supports: {
    permissionModes: Object.keys(APPROVAL_MODES),
    allowedTools: true,
    disallowedTools: false,
    maxTurns: false,
    appendSystemPrompt: false,
    resumeConversation: false,
  },
  slashCommands: 'mmm',
  buildArgs: buildGeminiArgs,
  parseResult: parseGeminiResult,
  preflight: (deps) => preflightCli(GEMINI, deps),
  authStatus: (deps) => Promise.resolve(geminiAuthStatus(deps.env)),
  run: runGemini,
};
