// `mmm map status|wait|cancel <id>`: a map put on a queue, after the cook that queued it exited.
import { ExitCode } from '../../errors.js';
import { mainRepoRoot } from '../../git/common-dir.js';
import { formatTable } from '../../infra/format.js';
import { openRepoLedgerForReading } from '../../ledger/index.js';
import { parseQueueUrl, probeQueue } from '../../queue/connection.js';
import { jobId, jobState, openQueue } from '../../queue/jobs.js';
import { requireCheckout } from '../../sessions/create.js';
import { writeLine, type CliContext } from '../context.js';
import { askYesNo } from '../worktree/ask.js';
import { sessionDeps } from '../worktree/deps.js';
import { findQueuedMap } from './queue-file.js';
import { cancelQueuedMap, waitQueuedMap } from './wait.js';

async function load(id: string, ctx: CliContext) {
  const deps = sessionDeps(ctx);
  const checkout = await requireCheckout(deps, ctx.cwd);
  const map = await findQueuedMap(deps, checkout.toplevel, id);
  return { deps, checkout, map };
}

export async function mapStatusCommand(id: string, ctx: CliContext): Promise<number> {
  const { deps, checkout, map } = await load(id, ctx);
  const address = parseQueueUrl(map.queue);
  await probeQueue(address);
  const ledger = await openRepoLedgerForReading(deps, await mainRepoRoot(deps, checkout.toplevel));
  const items = ledger?.getMap(map.mapId)?.items ?? [];
  ledger?.close();
  const queue = await openQueue(address);
  try {
    const rows: string[][] = [];
    for (const job of map.jobs) {
      const state = await jobState(queue, jobId(map.mapId, job.position));
      const onQueue =
        state.kind === 'pending'
          ? `${state.state}${state.attempts > 0 ? ` (tries ${String(state.attempts)})` : ''}`
          : state.kind === 'completed'
            ? `${state.result.status} by ${state.result.worker}`
            : state.kind;
      const item = items.find((i) => i.position === job.position);
      rows.push([job.item, item?.state ?? '-', onQueue, item?.session ?? '-']);
    }
    ctx.stdout.write(formatTable(['ITEM', 'STATE', 'QUEUE', 'SESSION'], rows));
  } finally {
    await queue.close();
  }
  return ExitCode.ok;
}

export async function mapWaitCommand(id: string, ctx: CliContext): Promise<number> {
  const { deps, map } = await load(id, ctx);
  const ledger = await openRepoLedgerForReading(deps, ctx.cwd);
  const yes = ledger?.getMap(map.mapId)?.yes ?? false;
  ledger?.close();
  const policy = {
    yes,
    ask: ctx.interactive ? (q: string) => askYesNo(q, ctx) : undefined,
  };
  return waitQueuedMap(deps, map, { policy, tableTo: 'stdout' }, ctx);
}

export async function mapCancelCommand(id: string, ctx: CliContext): Promise<number> {
  const { map } = await load(id, ctx);
  const removed = await cancelQueuedMap(map);
  writeLine(
    ctx.stderr,
    `Map ${map.mapId} cancelled: ${String(removed)} queued item(s) removed; workers stop the running ones. mmm map wait ${map.mapId} records what they pushed.`,
  );
  return ExitCode.ok;
}
