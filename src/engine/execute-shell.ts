// One try of a `shell:` step: `sh -c` with the rendered script, bounded in time and memory.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Step } from '../playbook/model.js';
import type { RunContext } from './context.js';
import type { StepRef } from '../events.js';
import { formatDuration } from '../infra/format.js';
import { tailLines } from '../infra/format.js';
import { renderShell } from '../playbook/index.js';

/** Default time limit of a shell step when it sets no `timeout:`. */
export const DEFAULT_SHELL_TIMEOUT_MS = 30 * 60_000;
/** Output kept in memory per step before it is spilled to a file. */
export const DEFAULT_INLINE_OUTPUT_BYTES = 64 * 1024;

/** What one try produced, whatever its kind. */
export interface Execution {
  ok: boolean;
  exitCode: number | null;
  /** The value of `${id.output}`: the output itself, or the path of the file holding it. */
  value: string;
  /** Inline output for the record; undefined when spilled or not captured. */
  output: string | undefined;
  outputFile: string | undefined;
  outputBytes: number;
  error: string | undefined;
  interrupted: boolean;
  /** The agent ended the call itself at the spending limit mmm passed: a budget stop. */
  budgetReached?: boolean | undefined;
}

/** The spill file of one try: `<outputDir>/<iteration>-<step>-<role>-<attempt>.log`. */
export function spillPath(ctx: RunContext, ref: StepRef): string {
  return join(
    ctx.options.outputDir,
    `${ref.iteration}-${ref.stepIndex + 1}-${ref.role}-${ref.attempt}.log`,
  );
}

/** The last `bytes` bytes of a file, as text. */
export async function readTail(path: string, bytes = 4096): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

export async function executeShell(
  ctx: RunContext,
  step: Step,
  ref: StepRef,
  workDir: string,
  env: Record<string, string>,
): Promise<Execution> {
  const { script, env: values } = renderShell(step.command, ctx.vars);
  const timeoutMs = step.timeoutMs ?? DEFAULT_SHELL_TIMEOUT_MS;
  const limit = ctx.options.maxInlineOutputBytes ?? DEFAULT_INLINE_OUTPUT_BYTES;
  // The command may move HEAD.
  ctx.headSeen = undefined;
  const r = await ctx.deps.exec('sh', ['-c', script], {
    cwd: workDir,
    env: { ...ctx.deps.env, ...env, ...values },
    timeoutMs,
    signal: ctx.options.signal,
    onOutput: (chunk, stream) => ctx.options.onOutput?.(ref.label, chunk, stream),
    // Without capture nothing is kept at all, however large the output.
    maxInlineBytes: step.captureOutput ? limit : 0,
    spillPath: step.captureOutput ? spillPath(ctx, ref) : undefined,
  });
  // Output that could not be kept whole fails the step: `${id.output}` would not be all of it.
  const ok =
    r.exitCode === 0 &&
    !r.timedOut &&
    !r.aborted &&
    r.spawnError === undefined &&
    r.spillError === undefined;
  const tail = tailLines(r.spilledTo ? await readTail(r.spilledTo) : r.all);
  let error: string | undefined;
  if (r.spawnError !== undefined) error = `could not start sh: ${r.spawnError}`;
  else if (r.timedOut) {
    error = `timed out after ${formatDuration(timeoutMs)}; the step's whole process tree was killed (raise its timeout: to allow longer)`;
  } else if (r.aborted) error = 'interrupted';
  else if (r.exitCode === null) error = `killed by ${r.signal ?? 'a signal'}`;
  else if (r.exitCode !== 0) error = `exited with code ${r.exitCode}`;
  else if (r.spillError !== undefined) {
    error = `its output passed the ${limit} bytes kept in memory and could not be written to ${spillPath(ctx, ref)} (${r.spillError}); free the disk or make the directory writable`;
  }
  if (error !== undefined && !r.aborted && tail !== '') error += `; last output:\n${tail}`;
  const captured = step.captureOutput;
  // `${id.output}` is the output itself, or the path of the file holding it byte for byte when it
  // passed the inline limit or held bytes that are not UTF-8 (text would have changed them).
  return {
    ok,
    exitCode: r.exitCode,
    value: captured ? (r.spilledTo ?? r.all) : '',
    output: captured && !r.spilledTo ? r.all : undefined,
    outputFile: r.spilledTo,
    outputBytes: r.outputBytes,
    error,
    interrupted: r.aborted,
  };
}
