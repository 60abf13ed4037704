import { isAbsolute, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ExitCode, MmmError } from '../errors.js';
import { mmmVersion } from '../infra/package.js';
import type { CliContext } from '../actions/context.js';
import { registerCook } from './commands/cook.js';
import { registerDemo } from './commands/demo.js';
import { registerInit } from './commands/init.js';
import { registerResume } from './commands/resume.js';
import { registerGates } from './commands/gates.js';
import { registerRuns } from './commands/runs.js';
import { registerValidate } from './commands/validate.js';
import { registerWorktree } from './commands/worktree.js';
import { registerUi } from './commands/ui.js';
import { registerWorker } from './commands/worker.js';
import { registerMap } from './commands/map.js';
import { printError } from '../actions/print-error.js';
import { explainGitLock } from '../git/run.js';
import { explainWriteFailure } from '../infra/write-failure.js';

export const EXIT_CODES_HELP = `
Exit codes:
  0    done
  1    a step failed
  2    invalid input (usage, playbook)
  3    an unmet precondition (not a git repository, dirty tree for an in-place run, agent CLI missing, a full disk)
  4    stopped and needs attention (budget limit reached, a fix loop not converging, a step blocked by policy or rejected, merge conflict)
  5    waiting for approval (a step's change is held until mmm approve or mmm reject)
  130  interrupted (SIGINT)
  143  terminated (SIGTERM)`;

/** Builds the program; each command module adds its own subcommand. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('mmm')
    .description('Run YAML playbooks of coding-agent and shell steps against a git repository.')
    .version(mmmVersion(), '-V, --version')
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(run mmm --help for usage)')
    .exitOverride();
  for (const register of [
    registerCook,
    registerValidate,
    registerInit,
    registerWorktree,
    registerRuns,
    registerResume,
    registerGates,
    registerDemo,
    registerUi,
    registerWorker,
    registerMap,
  ]) {
    register(program, ctx);
  }
  // Subcommands throw instead of exiting too.
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

/** Runs mmm with the given arguments and returns the exit code. Never calls process.exit. */
/**
 * The environment with a relative MMM_HOME made absolute against `cwd`, once: steps and git run
 * in other directories (a session's worktree), where the relative path would name another place.
 */
export function withAbsoluteHome(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  const home = env.MMM_HOME;
  return home && !isAbsolute(home) ? { ...env, MMM_HOME: resolve(cwd, home) } : env;
}

export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  let code: number = ExitCode.ok;
  const env = withAbsoluteHome(ctx.env, ctx.cwd);
  const program = buildProgram({ ...ctx, env, setExitCode: (c) => (code = c) });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here with exit code 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.invalidInput;
    }
    const shown = explainGitLock(error) ?? explainWriteFailure(error);
    printError(shown, ctx.stderr);
    return shown instanceof MmmError ? shown.exitCode : ExitCode.stepFailed;
  }
  return code;
}

/** The process entry point: wires signals and the real streams. */
export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  let interruptedBy: 'SIGINT' | 'SIGTERM' | undefined;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => () => {
    if (interruptedBy) return;
    interruptedBy = signal;
    controller.abort(signal);
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  // `mmm runs | head` closes the pipe early: the reader has what it wanted, so later writes are
  // dropped instead of crashing the process (a run in progress goes on and is still recorded).
  const onStreamError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  };
  // Kept for the life of the process: the error can arrive after main has returned.
  process.stdout.on('error', onStreamError);
  process.stderr.on('error', onStreamError);
  // Made absolute for the processes mmm starts as well, which inherit its environment.
  const home = withAbsoluteHome(process.env, process.cwd()).MMM_HOME;
  if (home !== undefined) process.env.MMM_HOME = home;
  try {
    const code = await runCli(argv, {
      cwd: process.cwd(),
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY && !process.env.CI),
      signal: controller.signal,
      interruptedBy: () => interruptedBy,
      setExitCode: () => undefined,
    });
    if (interruptedBy)
      return interruptedBy === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
    return code;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}
