// Short-lived programs (git, mostly) started by a few resident `sh` processes instead of by node.
// Node starts a process by forking itself, which blocks its main thread for ~2 ms per process on
// a small machine; a run makes two git calls per step, so that was a third of a shell step's cost.
// A resident shell forks in a fraction of that. Calls a shell cannot take exactly as exec would
// (see suits: steps and agents among them), and any call while all shells are busy, go to exec
// (node's own spawn).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  DEFAULT_INLINE,
  exec as spawnExec,
  type Exec,
  type ExecOptions,
  type ExecResult,
} from './exec.js';
import { collectOutput, type OutputCollector } from './output.js';
import { callScript, findProgram, suits } from './shell-call.js';
import { stopGracefully, watchForStop } from './stop.js';

export interface ResidentShells {
  /** An Exec: through an idle shell when the call allows it, else through exec. */
  exec: Exec;
  /** Ends the shells: idle ones now, busy ones when their call is done. */
  close(): void;
}

export interface ResidentShellsOptions {
  /** At most this many shells at once. Default: 4 (one per parallel session at --jobs 4). */
  max?: number;
  /** Where calls go that a shell does not take. Default: exec. */
  fallback?: Exec;
  /** The shell to keep resident. Default: /bin/sh. */
  shell?: string;
}

/**
 * One stream of a shell (its stdout or stderr) during a call. After each call the shell prints
 * the marker on it, so what came before the marker is that call's output, however it was chunked.
 */
interface Stream {
  name: 'stdout' | 'stderr';
  output: OutputCollector;
  /** Bytes not yet known to be output rather than the start of the marker. */
  held: Buffer;
  done: boolean;
}

interface Call {
  out: Stream;
  err: Stream;
  code: number | undefined;
  /** Settles the call once its exit status and both markers are in, or the shell is gone. */
  check(): void;
  gone(why: string): void;
}

interface Shell {
  child: ChildProcess;
  marker: Buffer;
  /** The heredoc delimiter for a call's input. */
  inputEnd: string;
  call: Call | undefined;
  gone: boolean;
  /** The shell could not be started at all (no /bin/sh, say). */
  failed: boolean;
}

function stream(name: Stream['name'], output: OutputCollector): Stream {
  return { name, output, held: Buffer.alloc(0), done: false };
}

function keep(into: Stream, data: Buffer): void {
  // Bytes: the collector decodes them (a character split between two chunks stays whole).
  if (data.length > 0) into.output.add(data, into.name);
}

/** Where a marker could begin in the last bytes of data; data.length when it cannot. */
function markerStart(data: Buffer, marker: Buffer): number {
  let at = data.indexOf(marker[0] ?? 0, Math.max(0, data.length - (marker.length - 1)));
  while (at >= 0) {
    if (marker.subarray(0, data.length - at).equals(data.subarray(at))) return at;
    at = data.indexOf(marker[0] ?? 0, at + 1);
  }
  return data.length;
}

function take(shell: Shell, which: 'out' | 'err', chunk: Buffer): void {
  const into = shell.call?.[which];
  // Output with no call to own it (left by a call that was stopped) is dropped.
  if (!into || into.done) return;
  const data = into.held.length > 0 ? Buffer.concat([into.held, chunk]) : chunk;
  const at = data.indexOf(shell.marker);
  if (at >= 0) {
    keep(into, data.subarray(0, at));
    into.held = Buffer.alloc(0);
    into.done = true;
    shell.call?.check();
    return;
  }
  // The end of the data might be the start of a marker split across chunks: hold that back.
  const safe = markerStart(data, shell.marker);
  keep(into, data.subarray(0, safe));
  into.held = Buffer.from(data.subarray(safe));
}

function startShell(
  onGone: (shell: Shell) => void,
  inputEnd: string,
  env: NodeJS.ProcessEnv,
  path: string,
): Shell {
  const token = randomBytes(12).toString('hex');
  const child = spawn(path, ['-s'], {
    env,
    // Commands in on stdin; each call's output on stdout and stderr, its exit status on fd 3.
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    // Own process group: a Ctrl-C at the terminal reaches mmm, which decides what to stop.
    detached: true,
  });
  const shell: Shell = {
    child,
    marker: Buffer.from(`\0mmm-${token}\0`),
    inputEnd,
    call: undefined,
    gone: false,
    failed: false,
  };
  const goAway = (why: string) => {
    if (shell.gone) return;
    shell.gone = true;
    onGone(shell);
    shell.call?.gone(why);
  };
  child.stdout?.on('data', (chunk: Buffer) => take(shell, 'out', chunk));
  child.stderr?.on('data', (chunk: Buffer) => take(shell, 'err', chunk));
  let status = '';
  const statusPipe = child.stdio[3] as Readable;
  statusPipe.setEncoding('utf8');
  statusPipe.on('data', (chunk: string) => {
    status += chunk;
    let end: number;
    while ((end = status.indexOf('\n')) >= 0) {
      const line = status.slice(0, end);
      status = status.slice(end + 1);
      if (shell.call) {
        shell.call.code = Number(line);
        shell.call.check();
      }
    }
  });
  child.on('error', (error) => {
    if (child.pid === undefined) shell.failed = true;
    goAway(`the resident shell failed: ${error.message}`);
  });
  child.on('exit', (code, signal) =>
    goAway(`the resident shell exited (${signal ?? `exit ${String(code)}`})`),
  );
  child.stdin?.on('error', () => undefined);
  // The pipes never keep mmm running by themselves: the shell's process handle does, while busy.
  for (const pipe of child.stdio.slice(1)) (pipe as { unref?: () => void } | null)?.unref?.();
  setRef(shell, false);
  return shell;
}

/** An idle shell must not keep mmm running; a busy one must, until its call is done. */
function setRef(shell: Shell, on: boolean): void {
  if (on) shell.child.ref();
  else shell.child.unref();
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
  base: NodeJS.ProcessEnv,
): Promise<ExecResult> {
  const started = Date.now();
  // Calls here have no time limit (see suits). An abort stops the call's shell: the call's
  // processes are in the shell's group.
  const watch = watchForStop({ signal: options.signal }, () =>
    stopGracefully((signal) => kill(shell, signal)),
  );
  const output = collectOutput({
    maxInlineBytes: DEFAULT_INLINE,
    from: [shell.child.stdout, shell.child.stderr],
  });
  setRef(shell, true);
  const call: Call = {
    out: stream('stdout', output),
    err: stream('stderr', output),
    code: undefined,
    check: () => undefined,
    gone: () => undefined,
  };
  const gone = await new Promise<string | undefined>((settle) => {
    call.check = () => {
      if (call.code !== undefined && call.out.done && call.err.done) settle(undefined);
    };
    call.gone = settle;
    shell.call = call;
    shell.child.stdin?.write(callScript({ program, args, options }, shell, base));
  });
  shell.call = undefined;
  watch.dispose();
  if (!shell.gone) setRef(shell, false);
  const { aborted } = watch;
  return {
    // sh reports a program killed by signal n as 128 + n; git's own fatal exit is 128.
    exitCode: gone === undefined ? (call.code ?? null) : null,
    signal: aborted ? 'SIGTERM' : undefined,
    ...(await output.finish()),
    timedOut: false,
    aborted,
    durationMs: Date.now() - started,
    spawnError: gone === undefined || aborted ? undefined : gone,
  };
}

/**
 * Resident shells that run calls for exec's callers, with the environment mmm had when they
 * started plus each call's own (mmm does not change its environment while it runs). What a call
 * returns differs from exec's in one way only: a program killed by a signal shows as exit 128 + n,
 * as sh reports it, not as a signal.
 */
export function startResidentShells(options: ResidentShellsOptions = {}): ResidentShells {
  const max = options.max ?? 4;
  const fallback = options.fallback ?? spawnExec;
  const base = { ...process.env };
  const idleShells: Shell[] = [];
  const all = new Set<Shell>();
  const programs = new Map<string, string | undefined>();
  let closed = false;
  // Once a shell could not be started, none is tried again: every call goes to exec.
  let broken = false;
  // Every shell's input ends with the same token, so any shell can take a call that suits one.
  const inputEnd = `MMM_INPUT_${randomBytes(12).toString('hex')}`;

  const forget = (shell: Shell) => {
    all.delete(shell);
    const at = idleShells.indexOf(shell);
    if (at >= 0) idleShells.splice(at, 1);
  };
  const acquire = (): Shell | undefined => {
    const shell = idleShells.pop();
    if (shell || closed || broken || all.size >= max) return shell;
    const started = startShell(forget, inputEnd, base, options.shell ?? '/bin/sh');
    all.add(started);
    return started;
  };

  const exec: Exec = async (file, args, callOptions) => {
    const env = callOptions.env ?? {};
    const path = 'PATH' in env ? env.PATH : base.PATH;
    const program = suits(callOptions, inputEnd)
      ? findProgram(file, path ?? '', programs)
      : undefined;
    const shell = program === undefined ? undefined : acquire();
    if (program === undefined || shell === undefined) return fallback(file, args, callOptions);
    try {
      const result = await runIn(shell, program, args, callOptions, base);
      if (!shell.failed) return result;
      // The call never ran: the shell did not start.
      broken = true;
      return await fallback(file, args, callOptions);
    } finally {
      if (closed) shell.child.stdin?.end();
      else if (!shell.gone) idleShells.push(shell);
    }
  };

  const close = () => {
    closed = true;
    // A shell whose input ends exits; a busy one is ended when its call is done.
    for (const shell of idleShells) shell.child.stdin?.end();
    idleShells.length = 0;
  };
  return { exec, close };
}
