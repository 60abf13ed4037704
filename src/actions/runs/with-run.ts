import { UsageError } from '../../errors.js';
import type { Ledger } from '../../ledger/index.js';
import type { CliContext } from '../context.js';
import { NO_RUNS_MESSAGE, openLedgerForCli } from './open.js';

/** Opens the ledger, resolves a (possibly abbreviated) run id, and closes the ledger after `use`. */
export async function withRun<T>(
  ctx: CliContext,
  query: string,
  use: (ledger: Ledger, runId: string) => T | Promise<T>,
): Promise<T> {
  const ledger = await openLedgerForCli(ctx);
  if (!ledger) {
    throw new UsageError(`no run matches '${query}': ${NO_RUNS_MESSAGE} in this repository`);
  }
  try {
    return await use(ledger, ledger.resolveRun(query));
  } finally {
    ledger.close();
  }
}
