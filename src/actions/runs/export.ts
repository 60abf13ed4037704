// `mmm runs export <run>`: the whole record of a run as one JSON document.
import { writeLine, type CliContext } from '../context.js';
import { withRun } from './with-run.js';

export interface RunsExportOptions {
  /** One line instead of indented JSON. */
  json?: boolean;
}

export async function runsExport(query: string, options: RunsExportOptions, ctx: CliContext) {
  await withRun(ctx, query, (ledger, runId) => {
    const doc = ledger.exportRun(runId);
    writeLine(ctx.stdout, options.json ? JSON.stringify(doc) : JSON.stringify(doc, null, 2));
  });
}
