// Finds and opens the ledger of the repository the command runs in, for reading.
import { exec } from '../../infra/exec.js';
import { openRepoLedgerForReading, type Ledger } from '../../ledger/index.js';
import type { CliContext } from '../context.js';

/** The repository's ledger, or undefined when no run has been recorded yet. */
export async function openLedgerForCli(ctx: CliContext): Promise<Ledger | undefined> {
  return openRepoLedgerForReading({ exec, signal: ctx.signal }, ctx.cwd);
}

export const NO_RUNS_MESSAGE = 'no runs recorded yet';
