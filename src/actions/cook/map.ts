// `mmm cook <playbook> --map "<glob>" --jobs N`: one session per matching file, N at a time,
// a table at the end, then (with --yes) the successful sessions merged one after another.
import pLimit from 'p-limit';
import { ExitCode, MmmError } from '../../errors.js';
import { argForItem, findMapItems } from '../../sessions/map-items.js';
import type { SessionDeps, SessionRecord } from '../../sessions/store.js';
import { printError } from '../print-error.js';
import { writeLine, type CliContext } from '../context.js';
import { adviseKept, adviseMerge, mergeNow, type MergePolicy } from './finish-session.js';
import { formatElapsed } from '../../infra/format.js';
import { formatTable } from '../../infra/format.js';
import { showControls } from '../../infra/control-chars.js';
import type { CreateSessionResult } from '../../sessions/create.js';
import type { CheckoutInfo } from '../../git/worktree.js';
import {
  createSessionFor,
  discardSession,
  runInSession,
  type SessionOutcome,
  type SessionRunner,
} from '../../sessions/run-in-session.js';

export interface MapOptions {
  playbookPath: string;
  playbookName: string;
  glob: string;
  jobs: number;
  policy: MergePolicy;
  /** The user's checkout: sessions start from its HEAD, the glob is relative to its top. */
  checkout: CheckoutInfo;
  /** Where the summary table goes: stdout, or stderr when stdout carries --json events. */
  tableTo: 'stdout' | 'stderr';
}

/** One row of the summary table. */
export interface MapRow {
  item: string;
  session: string | undefined;
  /** The session's status, `skipped` when an interrupt came before it started, `error` when it could not start. */
  status: string;
  commits: number;
  durationMs: number;
  exitCode: number;
  record: SessionRecord | undefined;
}

async function runItem(
  deps: SessionDeps,
  options: MapOptions,
  item: string,
  created: Promise<CreateSessionResult | undefined>,
  runner: SessionRunner,
  ctx: CliContext,
): Promise<MapRow> {
  const row: MapRow = {
    item,
    session: undefined,
    status: 'skipped',
    commits: 0,
    durationMs: 0,
    exitCode: ExitCode.ok,
    record: undefined,
  };
  const started = Date.now();
  try {
    const session = await created;
    if (!session) return row;
    if (ctx.signal.aborted) {
      await discardSession(deps, ctx.cwd, session);
      return row;
    }
    const outcome: SessionOutcome = await runInSession(
      deps,
      {
        cwd: ctx.cwd,
        playbookPath: options.playbookPath,
        playbookName: options.playbookName,
        item,
        arg: argForItem(item),
        created: Promise.resolve(session),
        parallel: options.jobs > 1,
        onCreated: (record) => {
          row.session = record.name;
        },
      },
      runner,
    );
    Object.assign(row, {
      status: outcome.record.status,
      commits: outcome.commits,
      exitCode: outcome.exitCode,
      record: outcome.record,
    });
  } catch (error) {
    if (!(error instanceof MmmError)) throw error;
    writeLine(ctx.stderr, `${showControls(item)}:`);
    printError(error, ctx.stderr);
    Object.assign(row, { status: 'error', exitCode: error.exitCode });
  }
  row.durationMs = Date.now() - started;
  return row;
}

export function formatMapTable(rows: MapRow[]): string {
  return formatTable(
    ['ITEM', 'SESSION', 'STATUS', 'COMMITS', 'TIME'],
    rows.map((r) => [
      r.item,
      r.session ?? '-',
      r.status,
      String(r.commits),
      formatElapsed(r.durationMs),
    ]),
  );
}

/** Runs the whole map; returns the highest exit code of the runs and merges. */
export async function cookMap(
  deps: SessionDeps,
  options: MapOptions,
  runner: SessionRunner,
  ctx: CliContext,
): Promise<number> {
  const { checkout } = options;
  const items = await findMapItems(deps, checkout.toplevel, options.glob);
  writeLine(
    ctx.stderr,
    `Running ${options.playbookPath} for ${items.length} item(s), ${options.jobs} at a time.`,
  );
  // Sessions are made ahead of their runs (two at a time), so a run starts as soon as a job is free.
  const makeLimit = pLimit(2);
  const made = items.map((item) =>
    makeLimit(() =>
      ctx.signal.aborted
        ? undefined
        : createSessionFor(deps, {
            cwd: ctx.cwd,
            playbookPath: options.playbookPath,
            playbookName: options.playbookName,
            item,
            arg: argForItem(item),
            checkout,
          }),
    ),
  );
  // A failure is reported by the item's own run; this only keeps it from going unhandled.
  for (const p of made) p.catch(() => undefined);
  const limit = pLimit(options.jobs);
  let rows: MapRow[];
  try {
    rows = await Promise.all(
      items.map((item, i) =>
        limit(() =>
          runItem(deps, options, item, made[i] ?? Promise.resolve(undefined), runner, ctx),
        ),
      ),
    );
  } finally {
    await runner.finish();
  }
  (options.tableTo === 'stderr' ? ctx.stderr : ctx.stdout).write(formatMapTable(rows));

  let code = Math.max(ExitCode.ok, ...rows.map((r) => r.exitCode));
  const ready = rows
    .map((r) => r.record)
    .filter((r): r is SessionRecord => r?.status === 'completed' && r.commits > 0);
  for (const row of rows) {
    if (row.record && row.record.status !== 'completed') adviseKept(row.record, ctx);
  }
  if (ready.length === 0 || ctx.signal.aborted) return code;
  const target = ready[0]?.baseBranch;
  const merge =
    options.policy.yes ||
    (target !== undefined &&
      options.policy.ask !== undefined &&
      (await options.policy.ask(
        `Merge the ${ready.length} completed session(s) into ${target}, one after another?`,
      )));
  for (const record of ready) {
    if (!merge || !record.baseBranch) adviseMerge(record, ctx);
    else code = Math.max(code, await mergeNow(deps, record, ctx));
  }
  return code;
}
