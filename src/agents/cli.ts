// What every agent CLI adapter does the same way: find the binary (MMM_<TOOL>_BIN or PATH), ask
// it for its version before the first step, run it with the prompt on standard input, and turn
// how the process ended (timed out, interrupted, could not start) into the result's words.
import { PreconditionError } from '../errors.js';
import type { Exec, ExecResult } from '../infra/exec.js';
import { formatDuration } from '../infra/format.js';
import { excerpt } from './format.js';
import { resolveBin, type ResolvedBin } from './resolve-bin.js';
import type { AgentInfo, AgentRequest, AgentResult, AgentSettingsSupport } from './types.js';

/** How to find one agent CLI, and what to tell a user who does not have it. */
export interface AgentCli {
  /** The adapter's name, as `agent.tool` writes it (`claude`, `codex`…). */
  tool: string;
  /** The environment variable that names the binary (`MMM_CLAUDE_BIN`). */
  binEnv: string;
  /** The command looked up on PATH when binEnv is not set. */
  command: string;
  /** How to install it, or where to point binEnv. */
  installHint: string;
}

const VERSION_TIMEOUT_MS = 15_000;

/** How long the agent's output may stay open after the CLI itself has exited. */
const AGENT_SETTLE_MS = 2_000;

/** The command mmm will run: `binEnv` when set, else the CLI's command name on PATH. */
function cliCommand(cli: AgentCli, env: NodeJS.ProcessEnv): string {
  const configured = env[cli.binEnv]?.trim();
  return configured ? configured : cli.command;
}

/** The binary, found; a PreconditionError (exit 3) naming binEnv or PATH when it is not there. */
function findCli(cli: AgentCli, env: NodeJS.ProcessEnv, cwd: string): ResolvedBin {
  const command = cliCommand(cli, env);
  const found = resolveBin(command, env, cwd);
  if (found) return found;
  const where = env[cli.binEnv]?.trim()
    ? `${cli.binEnv} points at ${command}, which is not an executable file`
    : `the ${cli.command} CLI was not found on PATH`;
  throw new PreconditionError(`cannot run the ${cli.tool} agent: ${where}`, {
    hint: cli.installHint,
  });
}

/** The first version number a `--version` printed. */
function readVersion(output: string): string | undefined {
  return /\d+\.\d+\.\d+\S*/.exec(output)?.[0];
}

/** `<bin> <args>` bounded like `--version`: a command of the CLI that calls no model. */
async function callBounded(
  bin: ResolvedBin,
  args: string[],
  deps: { exec: Exec; env: NodeJS.ProcessEnv; cwd: string },
): Promise<ExecResult> {
  return deps.exec(bin.file, [...bin.prefixArgs, ...args], {
    cwd: deps.cwd,
    env: deps.env,
    timeoutMs: VERSION_TIMEOUT_MS,
  });
}

/** `<bin> --version`: the CLI is there and starts; a PreconditionError (exit 3) if not. */
export async function preflightCli(
  cli: AgentCli,
  deps: { exec: Exec; env: NodeJS.ProcessEnv; cwd: string },
): Promise<AgentInfo> {
  const bin = findCli(cli, deps.env, deps.cwd);
  const r = await callBounded(bin, ['--version'], deps);
  if (r.spawnError !== undefined || r.timedOut || r.exitCode !== 0) {
    const why = r.spawnError ?? (r.timedOut ? 'it did not answer' : `exit ${String(r.exitCode)}`);
    const said = excerpt(r.stderr || r.stdout, 200);
    throw new PreconditionError(
      `cannot run the ${cli.tool} agent: \`${bin.path} --version\` failed (${why})${said ? `: ${said}` : ''}`,
      { hint: cli.installHint },
    );
  }
  return { bin: bin.path, version: readVersion(`${r.stdout}\n${r.stderr}`) };
}

/** A command of the CLI that calls no model (`auth status`), bounded like `--version`. */
export async function askCli(
  cli: AgentCli,
  args: string[],
  deps: { exec: Exec; env: NodeJS.ProcessEnv; cwd: string },
): Promise<ExecResult> {
  return callBounded(findCli(cli, deps.env, deps.cwd), args, deps);
}

/**
 * Runs the CLI with `args`, the prompt on its standard input, in the request's directory, under its
 * time limit and abort signal. `onStdout` turns raw stdout into what `-v` shows (the same chunk
 * when left out). A server the agent started in the background does not hold the call open once
 * the CLI has exited with its answer.
 */
export async function runCli(
  cli: AgentCli,
  args: string[],
  request: AgentRequest,
  deps: { exec: Exec; env: NodeJS.ProcessEnv },
  onStdout: (chunk: string) => string = (chunk) => chunk,
): Promise<{ r: ExecResult; bin: ResolvedBin }> {
  const env = { ...deps.env, ...request.env };
  const bin = findCli(cli, env, request.cwd);
  const r = await deps.exec(bin.file, [...bin.prefixArgs, ...args], {
    cwd: request.cwd,
    env,
    input: request.prompt,
    timeoutMs: request.timeoutMs,
    signal: request.signal,
    onOutput: (chunk, from) =>
      request.onOutput?.(from === 'stdout' ? onStdout(chunk) : chunk, from),
    settleAfterExitMs: AGENT_SETTLE_MS,
  });
  return { r, bin };
}

/**
 * The parsed result with the facts of the process laid over it: a time limit, an interruption or
 * a CLI that could not start is the error, whatever the CLI printed; stopped by mmm, the call says
 * nothing of the agent (no limit, not unavailable), and a CLI that cannot start is unavailable.
 */
export function settleResult(
  cli: AgentCli,
  parsed: AgentResult,
  r: ExecResult,
  bin: ResolvedBin,
  request: AgentRequest,
): AgentResult {
  let error = parsed.error;
  if (r.timedOut) {
    error = `${cli.tool} timed out after ${formatDuration(request.timeoutMs ?? r.durationMs)} and was stopped (raise agent.timeout or the step's timeout)`;
  } else if (r.aborted) {
    error = `${cli.tool} was interrupted`;
  } else if (r.spawnError !== undefined) {
    error = `could not start ${cli.tool} (${bin.path}): ${r.spawnError}`;
  } else if (r.truncated && !parsed.ok && parsed.sessionId === undefined) {
    error = `${error ?? ''} (the output passed mmm's in-memory limit and was cut)`.trim();
  }
  const stopped = r.timedOut || r.aborted || r.spawnError !== undefined;
  return {
    ...parsed,
    unavailable:
      r.spawnError !== undefined ? 'could not start' : stopped ? undefined : parsed.unavailable,
    ok: error === undefined,
    error,
    limit: stopped ? undefined : parsed.limit,
    durationMs: r.durationMs,
    timedOut: r.timedOut,
    aborted: r.aborted,
  };
}

/**
 * Why a failed call tells nothing of the agent's work: the CLI says it is not logged in, or it
 * ended before answering at all (`crashed`). Undefined when the call did not fail.
 */
export function whyUnavailable(
  failed: boolean,
  notLoggedIn: boolean,
  crashed: boolean,
): string | undefined {
  if (!failed) return undefined;
  if (notLoggedIn) return 'not logged in';
  return crashed ? 'crashed' : undefined;
}

/** A result with nothing reported, for parsers to fill in what their CLI printed. */
export function emptyResult(stdout: string, stderr: string, exitCode: number | null): AgentResult {
  return {
    ok: false,
    text: '',
    error: undefined,
    budgetReached: false,
    limit: undefined,
    unavailable: undefined,
    sessionId: undefined,
    conversationMissing: false,
    costUsd: undefined,
    usage: undefined,
    numTurns: undefined,
    models: [],
    permissionDenials: [],
    repeatedToolCalls: [],
    exitCode,
    durationMs: 0,
    timedOut: false,
    aborted: false,
    raw: stdout,
    stderr,
  };
}

/** The settings of a CLI that takes a permission mode and the prompt, and none of the others. */
export function permissionModesOnly(permissionModes: readonly string[]): AgentSettingsSupport {
  return {
    permissionModes,
    allowedTools: false,
    disallowedTools: false,
    maxTurns: false,
    appendSystemPrompt: false,
    resumeConversation: false,
  };
}
