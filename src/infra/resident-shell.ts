// Short-lived programs (git, mostly) started by a few resident `sh` processes instead of by node.
// Node starts a process by forking itself, which blocks its main thread for ~2 ms per process on
// a small machine; a run makes two git calls per step, so that was a third of a shell step's cost.
// A resident shell forks in a fraction of that. A call goes through a shell only when it needs
// nothing the shell cannot give: no streaming, no timeout, no output limit. Every other call,
// and any call while all shells are busy, goes to exec (node's own spawn).
import { spawn, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { exec as spawnExec, type Exec, type ExecOptions, type ExecResult } from './exec.js';

export interface ResidentShells {
  /** An Exec: through an idle shell when the call allows it, else through exec. */
  exec: Exec;
  /** Ends the shells (each removes its scratch directory) and their files. */
  close(): void;
}

export interface ResidentShellsOptions {
  /** At most this many shells at once. Default: 4 (one per parallel session at --jobs 4). */
  max?: number;
  /** Where calls go that a shell does not take. Default: exec. */
  fallback?: Exec;
}

const KILL_GRACE_MS = 2000;
/** Output kept in memory per call, as exec keeps by default. */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One word for sh, whatever it holds: single quotes, with each ' written as '\''. */
function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

interface Shell {
  child: ChildProcess;
  dir: string;
  /** The environment the shell started with; each call changes only what differs from it. */
  env: NodeJS.ProcessEnv;
  status: Readable;
  /** Set while a call runs: receives the exit status line, or why the shell went away. */
  waiting: ((outcome: { code: number } | { gone: string }) => void) | undefined;
  gone: boolean;
}

function startShell(onGone: (shell: Shell) => void): Shell {
  const dir = mkdtempSync(join(tmpdir(), 'mmm-sh-'));
  const env = { ...process.env };
  const child = spawn('/bin/sh', ['-s'], {
    cwd: dir,
    env,
    // Commands in on stdin; each call's exit status out on fd 3; the calls' output goes to files.
    stdio: ['pipe', 'ignore', 'ignore', 'pipe'],
    // Own process group: a Ctrl-C at the terminal reaches mmm, which decides what to stop.
    detached: true,
  });
  const status = child.stdio[3] as Readable;
  const shell: Shell = { child, dir, env, status, waiting: undefined, gone: false };
  const goAway = (why: string) => {
    if (shell.gone) return;
    shell.gone = true;
    onGone(shell);
    rmSync(dir, { recursive: true, force: true });
    const waiting = shell.waiting;
    shell.waiting = undefined;
    waiting?.({ gone: why });
  };
  let pending = '';
  status.setEncoding('utf8');
  status.on('data', (chunk: string) => {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      const waiting = shell.waiting;
      shell.waiting = undefined;
      waiting?.({ code: Number(line) });
    }
  });
  child.on('error', (error) => goAway(`the resident shell failed: ${error.message}`));
  child.on('exit', (code, signal) =>
    goAway(`the resident shell exited (${signal ?? `exit ${String(code)}`})`),
  );
  child.stdin?.on('error', () => undefined);
  // The shell removes its directory itself when mmm goes away without closing it (its stdin ends).
  child.stdin?.write(`trap ${quote(`rm -rf ${quote(dir)}`)} EXIT\n`);
  idle(shell);
  return shell;
}

/** An idle shell must not keep mmm running. */
function idle(shell: Shell): void {
  shell.child.unref();
  (shell.status as Readable & { unref(): void }).unref();
}

function busy(shell: Shell): void {
  shell.child.ref();
  (shell.status as Readable & { ref(): void }).ref();
}

/** The program's path, looked up in PATH the way exec would find it; undefined when not found. */
function findProgram(
  file: string,
  path: string,
  cache: Map<string, string | undefined>,
): string | undefined {
  if (file.includes('/')) return isAbsolute(file) ? file : undefined;
  const key = `${path}\0${file}`;
  if (cache.has(key)) return cache.get(key);
  let found: string | undefined;
  for (const dir of path.split(delimiter)) {
    // A relative entry is searched from the call's directory: exec does that lookup itself.
    if (!isAbsolute(dir)) {
      found = undefined;
      break;
    }
    const candidate = join(dir, file);
    try {
      accessSync(candidate, constants.X_OK);
      if (!statSync(candidate).isFile()) continue;
      found = candidate;
      break;
    } catch {
      // not here
    }
  }
  cache.set(key, found);
  return found;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether a shell can run this call exactly as exec would (exec reports a missing cwd itself). */
function suits(options: ExecOptions): boolean {
  return (
    isDirectory(options.cwd) &&
    options.onOutput === undefined &&
    options.timeoutMs === undefined &&
    options.maxInlineBytes === undefined &&
    options.spillPath === undefined &&
    options.signal?.aborted !== true &&
    Object.keys(options.env ?? {}).every((name) => ENV_NAME.test(name))
  );
}

/** The call's environment as exec makes it: the parent's, plus the call's, minus undefined ones. */
function callEnv(options: ExecOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, ...options.env })) {
    if (value !== undefined) env[name] = value;
  }
  return env;
}

function script(
  shell: Shell,
  program: string,
  args: readonly string[],
  options: ExecOptions,
  env: Record<string, string>,
) {
  const set = Object.entries(env).filter(([name, value]) => shell.env[name] !== value);
  // A variable whose name sh cannot take is left as the shell has it (exec would pass it on).
  const unset = Object.keys(shell.env).filter((name) => !(name in env) && ENV_NAME.test(name));
  const setup = [`cd -- ${quote(resolve(options.cwd))}`];
  if (set.length > 0) {
    setup.push(`export ${set.map(([name, value]) => `${name}=${quote(value)}`).join(' ')}`);
  }
  if (unset.length > 0) setup.push(`unset ${unset.join(' ')}`);
  const input = options.input === undefined ? '/dev/null' : join(shell.dir, 'in');
  const run = [program, ...args].map(quote).join(' ');
  // The subshell keeps the call's directory and variables to itself; fd 3 is not the program's.
  return (
    `(${setup.join(' && ')} && exec ${run} 3>&-) <${quote(input)} ` +
    `>${quote(join(shell.dir, 'out'))} 2>${quote(join(shell.dir, 'err'))}; echo $? >&3\n`
  );
}

function readOutput(path: string): { text: string; bytes: number; cut: boolean } {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return { text: '', bytes: 0, cut: false };
  }
  const cut = data.length > MAX_OUTPUT_BYTES;
  return {
    text: (cut ? data.subarray(0, MAX_OUTPUT_BYTES) : data).toString('utf8'),
    bytes: data.length,
    cut,
  };
}

function kill(shell: Shell, signal: NodeJS.Signals): void {
  try {
    if (shell.child.pid !== undefined) process.kill(-shell.child.pid, signal);
  } catch {
    // already gone
  }
}

async function runIn(
  shell: Shell,
  program: string,
  args: readonly string[],
  options: ExecOptions,
  env: Record<string, string>,
): Promise<ExecResult> {
  const started = Date.now();
  if (options.input !== undefined) writeFileSync(join(shell.dir, 'in'), options.input);
  busy(shell);
  let aborted = false;
  // Stopping one call means stopping its shell: the call's program is in the shell's group.
  const onAbort = () => {
    aborted = true;
    kill(shell, 'SIGTERM');
    setTimeout(() => kill(shell, 'SIGKILL'), KILL_GRACE_MS).unref();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const outcome = await new Promise<{ code: number } | { gone: string }>((resolveOutcome) => {
    shell.waiting = resolveOutcome;
    shell.child.stdin?.write(script(shell, program, args, options, env));
  });
  options.signal?.removeEventListener('abort', onAbort);
  if (!shell.gone) idle(shell);
  const durationMs = Date.now() - started;
  if ('gone' in outcome) {
    return {
      exitCode: null,
      signal: aborted ? 'SIGTERM' : undefined,
      stdout: '',
      stderr: '',
      all: '',
      outputBytes: 0,
      spilledTo: undefined,
      truncated: false,
      timedOut: false,
      aborted,
      durationMs,
      spawnError: aborted ? undefined : outcome.gone,
    };
  }
  const stdout = readOutput(join(shell.dir, 'out'));
  const stderr = readOutput(join(shell.dir, 'err'));
  return {
    // sh reports a program killed by signal n as 128 + n; git's own fatal exit is 128.
    exitCode: outcome.code,
    signal: undefined,
    stdout: stdout.text,
    stderr: stderr.text,
    all: stdout.text + stderr.text,
    outputBytes: stdout.bytes + stderr.bytes,
    spilledTo: undefined,
    truncated: stdout.cut || stderr.cut,
    timedOut: false,
    aborted,
    durationMs,
    spawnError: undefined,
  };
}

/**
 * Resident shells that run calls for exec's callers. What a call returns differs from exec's in
 * two ways only: `all` is stdout then stderr (not interleaved), and a program killed by a signal
 * shows as exit 128 + n, as sh reports it.
 */
export function startResidentShells(options: ResidentShellsOptions = {}): ResidentShells {
  const max = options.max ?? 4;
  const fallback = options.fallback ?? spawnExec;
  const idleShells: Shell[] = [];
  const all = new Set<Shell>();
  const programs = new Map<string, string | undefined>();
  let closed = false;

  const forget = (shell: Shell) => {
    all.delete(shell);
    const at = idleShells.indexOf(shell);
    if (at >= 0) idleShells.splice(at, 1);
  };
  const acquire = (): Shell | undefined => {
    const shell = idleShells.pop();
    if (shell || closed || all.size >= max) return shell;
    const started = startShell(forget);
    all.add(started);
    return started;
  };

  const exec: Exec = async (file, args, callOptions) => {
    const env = suits(callOptions) ? callEnv(callOptions) : undefined;
    const program = env && findProgram(file, env.PATH ?? '', programs);
    const shell = program === undefined ? undefined : acquire();
    if (env === undefined || program === undefined || shell === undefined) {
      return fallback(file, args, callOptions);
    }
    try {
      return await runIn(shell, program, args, callOptions, env);
    } finally {
      if (closed) end(shell);
      else if (!shell.gone) idleShells.push(shell);
    }
  };

  // A shell whose stdin ends exits, and its trap removes its directory.
  const end = (shell: Shell) => {
    shell.child.stdin?.end();
    rmSync(shell.dir, { recursive: true, force: true });
  };
  const close = () => {
    closed = true;
    // A busy shell is ended when its call is done: its output is still to be read.
    for (const shell of idleShells) end(shell);
    idleShells.length = 0;
  };
  return { exec, close };
}
