// Before a try runs: the directory it runs in, and values it can be given as they are. A try
// that fails here never starts, and says why in words that name the playbook's own text.
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Step } from '../playbook/model.js';
import { findNulByte, renderText } from '../playbook/index.js';
import type { RunContext } from './context.js';
import type { Execution } from './execute-shell.js';

/**
 * Why the step's values cannot be passed on as they are, naming the variable that brings a NUL
 * byte in (see findNulByte), or undefined.
 */
export function nulProblem(ctx: RunContext, step: Step): string | undefined {
  const into =
    step.kind === 'shell' ? 'a shell variable' : `the prompt of ${ctx.playbook.agent.tool}`;
  const fix =
    "; remove it where the value is made (e.g. pipe the output through `tr -d '\\000'`) or write the data to a file and pass its path";
  const inCommand = findNulByte(step.command, ctx.vars);
  if (inCommand) return `${inCommand} holds a NUL byte, which ${into} cannot carry${fix}`;
  const envs = { ...ctx.playbook.env, ...step.env };
  for (const [name, value] of Object.entries(envs)) {
    const found = findNulByte(value, ctx.vars);
    if (found)
      return `${found} in env ${name} holds a NUL byte, which an environment variable cannot carry${fix}`;
  }
  const inDir = step.workingDir && findNulByte(step.workingDir, ctx.vars);
  if (inDir) return `${inDir} in working_dir holds a NUL byte, which a path cannot carry${fix}`;
  return undefined;
}

/** A try that never started. */
export function notRun(error: string): Execution {
  return {
    ok: false,
    exitCode: null,
    value: '',
    output: undefined,
    outputFile: undefined,
    outputBytes: 0,
    error,
    interrupted: false,
  };
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return !isAbsolute(rel) && rel.split(sep)[0] !== '..';
};

/**
 * Where the step runs: its working_dir, resolved now that its variables have values, or why it
 * cannot run there. The loader refused a path that leaves the tree as written; here a value (a
 * step's output, --args) or a symbolic link could still lead out of it, which fails the step.
 * Synchronous: a stat is microseconds, a trip through libuv's thread pool is not.
 */
export function workingDir(ctx: RunContext, step: Step): { dir: string; error?: string } {
  if (!step.workingDir) return { dir: ctx.cwd };
  const written = step.workingDir.source;
  const dir = resolve(ctx.cwd, renderText(step.workingDir, ctx.vars));
  const tree = `the working tree ${ctx.cwd}; a step runs only inside the tree it commits to`;
  if (!inside(ctx.cwd, dir)) {
    return { dir, error: `working_dir ${written} resolves to ${dir}, outside ${tree}` };
  }
  let real: string;
  try {
    real = realpathSync(dir);
    if (!statSync(real).isDirectory()) throw new Error('not a directory');
  } catch {
    return { dir, error: `working_dir ${dir} does not exist` };
  }
  if (!inside(realpathSync(ctx.cwd), real)) {
    return {
      dir,
      error: `working_dir ${written} leads through a symbolic link to ${real}, outside ${tree}`,
    };
  }
  return { dir };
}
