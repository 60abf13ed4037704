// `mmm runs` / `mmm runs ls`: the recorded runs, newest first.
import type { RunRecord } from '../../ledger/index.js';
import { showControls } from '../../infra/control-chars.js';
import { writeLine, type CliContext } from '../context.js';
import { parseLimit } from './flags.js';
import { formatCost, formatTime, formatTable, type Column } from '../../infra/format.js';
import { NO_RUNS_MESSAGE, openLedgerForCli } from './open.js';
import { mapResumeLine, resumableMaps, resumeHint } from './resume-hint.js';

export interface RunsLsOptions {
  json?: boolean;
  limit?: string;
}

const COLUMNS: Column[] = [
  { header: 'RUN' },
  { header: 'STARTED' },
  { header: 'PLAYBOOK' },
  { header: 'SESSION' },
  { header: 'STATUS' },
  { header: 'STEPS', align: 'right' },
  { header: 'COMMITS', align: 'right' },
  { header: 'COST', align: 'right' },
];

/** `ok/total`, with failures called out. */
export function formatSteps(steps: RunRecord['steps']): string {
  const total = steps.ok + steps.failed + steps.skipped;
  return steps.failed > 0
    ? `${steps.ok}/${total} (${steps.failed} failed)`
    : `${steps.ok}/${total}`;
}

export async function runsLs(options: RunsLsOptions, ctx: CliContext): Promise<void> {
  const limit = parseLimit(options.limit ?? '20');
  const ledger = await openLedgerForCli(ctx);
  if (!ledger) {
    if (!options.json) writeLine(ctx.stdout, NO_RUNS_MESSAGE);
    return;
  }
  try {
    // One more than asked tells whether the list was cut.
    const found = ledger.listRuns({ limit: limit === undefined ? undefined : limit + 1 });
    const cut = limit !== undefined && found.length > limit;
    const runs = cut ? found.slice(0, limit) : found;
    if (options.json) {
      for (const run of runs) writeLine(ctx.stdout, JSON.stringify(run));
      return;
    }
    if (runs.length === 0) {
      writeLine(ctx.stdout, NO_RUNS_MESSAGE);
      return;
    }
    const rows = runs.map((r) => [
      r.shortId,
      formatTime(r.startedAt),
      r.playbook ?? r.playbookName ?? '-',
      r.session ?? '-',
      r.status,
      formatSteps(r.steps),
      String(r.commits),
      formatCost(r.costUsd),
    ]);
    ctx.stdout.write(showControls(formatTable(COLUMNS, rows)));
    if (cut) {
      writeLine(ctx.stderr, `(showing the latest ${limit}; --limit 0 shows all)`);
    }
    // A run of a map's item is resumed with its map, which also starts and merges the rest.
    const maps = resumableMaps(ledger);
    const mapOf = new Map(maps.flatMap((m) => m.items.map((i) => [i.runId, m] as const)));
    for (const run of runs) {
      const hint = resumeHint(run);
      const map = mapOf.get(run.id);
      if (hint !== undefined && map !== undefined) {
        writeLine(ctx.stderr, `${run.shortId} ${run.status}; an item of map ${map.shortId}, below`);
      } else if (hint !== undefined) {
        writeLine(ctx.stderr, `${run.shortId} ${run.status}; resume: ${hint}`);
      }
    }
    for (const map of maps) writeLine(ctx.stderr, mapResumeLine(map));
  } finally {
    ledger.close();
  }
}
