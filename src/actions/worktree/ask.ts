import { createInterface } from 'node:readline/promises';
import type { CliContext } from '../context.js';

/** Asks on the terminal; only "y" or "yes" is a yes. An interrupt or end of input is a no. */
export async function askYesNo(question: string, ctx: CliContext): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: ctx.stderr, terminal: false });
  try {
    ctx.stderr.write(`${question} (y/N) `);
    const answer = await rl.question('', { signal: ctx.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    rl.close();
  }
}

/** Asks on the terminal for a line; undefined on an interrupt or at the end of input. */
export async function askLine(question: string, ctx: CliContext): Promise<string | undefined> {
  const rl = createInterface({ input: process.stdin, output: ctx.stderr, terminal: false });
  try {
    ctx.stderr.write(question);
    return (await rl.question('', { signal: ctx.signal })).trim();
  } catch {
    return undefined;
  } finally {
    rl.close();
  }
}
