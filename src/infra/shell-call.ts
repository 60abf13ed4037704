// One exec call as a resident shell runs it: whether a shell can run it as exec would, and the
// line of sh that does.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { ExecOptions } from './exec.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One word for sh, whatever it holds: single quotes, with each ' written as '\''. */
function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The program's path, looked up in PATH the way exec would find it; undefined when not found. */
export function findProgram(
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
export function suits(options: ExecOptions, inputEnd: string): boolean {
  return (
    // A call ends when its program does, but a background process it started can write on the
    // shell's pipes later, into another call's output. exec ends a call only when every writer
    // has closed its output, so a call that streams or has a time limit (a step, an agent) goes
    // there; git calls keep the shells: git sends a hook's output to stderr, used for messages.
    options.onOutput === undefined &&
    options.timeoutMs === undefined &&
    options.spillPath === undefined &&
    options.maxInlineBytes === undefined &&
    options.settleAfterExitMs === undefined &&
    options.signal?.aborted !== true &&
    // Input goes in as a here-document, which always ends with a newline.
    (options.input === undefined ||
      options.input === '' ||
      (options.input.endsWith('\n') && !options.input.includes(inputEnd))) &&
    Object.keys(options.env ?? {}).every((name) => ENV_NAME.test(name)) &&
    isDirectory(options.cwd)
  );
}

/**
 * The shell's command for one call. Each call changes only the variables it sets relative to
 * `base`, the environment the shells started with, and does so in a subshell of its own.
 */
export function callScript(
  call: { program: string; args: readonly string[]; options: ExecOptions },
  shell: { marker: Buffer; inputEnd: string },
  base: NodeJS.ProcessEnv,
): string {
  const { program, args, options } = call;
  const env = Object.entries(options.env ?? {});
  const set = env.filter(([name, value]) => value !== undefined && base[name] !== value);
  const unset = env.filter(([name, value]) => value === undefined && name in base);
  const setup = [`cd -- ${quote(resolve(options.cwd))}`];
  if (set.length > 0) {
    setup.push(`export ${set.map(([name, value]) => `${name}=${quote(value ?? '')}`).join(' ')}`);
  }
  if (unset.length > 0) setup.push(`unset ${unset.map(([name]) => name).join(' ')}`);
  const run = [program, ...args].map(quote).join(' ');
  const marker = [...shell.marker].map((byte) => (byte === 0 ? '\\0' : String.fromCharCode(byte)));
  // After the program: the marker on both streams, then the exit status on fd 3, which belongs
  // to the shell and not to the program.
  const after = `s=$?; printf '${marker.join('')}'; printf '${marker.join('')}' >&2; echo $s >&3`;
  const inSubshell = `(${setup.join(' && ')} && exec ${run} 3>&-)`;
  if (options.input === undefined || options.input === '') {
    return `${inSubshell} </dev/null; ${after}\n`;
  }
  return `${inSubshell} <<'${shell.inputEnd}'; ${after}\n${options.input}${shell.inputEnd}\n`;
}
