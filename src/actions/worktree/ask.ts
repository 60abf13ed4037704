import { createInterface } from 'node:readline/promises';
import type { CliContext } from '../context.js';

/**
 * Writes the question and reads one line of standard input; undefined on an interrupt or at the
 * end of input (a question pending when the input ends is never answered otherwise, and the
 * process would end with nothing left to wait for).
 */
async function readAnswer(question: string, ctx: CliContext): Promise<string | undefined> {
  ctx.stderr.write(question);
  if (process.stdin.readableEnded) return undefined;
  const rl = createInterface({ input: process.stdin, output: ctx.stderr, terminal: false });
  try {
    return await new Promise<string | undefined>((resolve) => {
      rl.once('close', () => resolve(undefined));
      rl.question('', { signal: ctx.signal }).then(resolve, () => resolve(undefined));
    });
  } finally {
    rl.close();
  }
}

/** Asks on the terminal; only "y" or "yes" is a yes. An interrupt or end of input is a no. */
export async function askYesNo(question: string, ctx: CliContext): Promise<boolean> {
  const answer = await readAnswer(`${question} (y/N) `, ctx);
  return /^y(es)?$/i.test(answer?.trim() ?? '');
}

/** Asks on the terminal for a line; undefined on an interrupt or at the end of input. */
export async function askLine(question: string, ctx: CliContext): Promise<string | undefined> {
  return (await readAnswer(question, ctx))?.trim();
}
