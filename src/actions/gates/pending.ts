// `mmm pending`: what waits for a decision in this repository, in place and in worktree sessions.
import { formatAge, formatClock, shortSha } from '../../infra/format.js';
import { noWorkTreeError, workTreeRoot } from '../../git/repo.js';
import { openRepoLedgerForReading, type GateRecord, type RunRecord } from '../../ledger/index.js';
import { writeLine, type CliContext } from '../context.js';
import { git } from './find.js';

/** One proposal waiting, as `mmm pending --json` prints it. */
export interface PendingEntry {
  run: string;
  session: string | null;
  place: string | null;
  step: number;
  label: string;
  gate: GateRecord['gate'];
  proposal: number | null;
  ref: string | null;
  base: string;
  commit: string;
  files: string[];
  insertions: number;
  deletions: number;
  since: string;
  ackUntil: string | null;
  diff: string;
  approve: string;
  reject: string;
}

function entryFor(g: GateRecord, run: RunRecord): PendingEntry {
  return {
    run: run.id,
    session: run.session,
    place: run.cwd,
    step: g.stepIndex + 1,
    label: g.label,
    gate: g.gate,
    proposal: g.proposal,
    ref: g.ref,
    base: g.base,
    commit: g.commit,
    files: g.files,
    insertions: g.insertions,
    deletions: g.deletions,
    since: g.createdAt,
    ackUntil: g.ackUntil,
    diff: `git diff ${g.base} ${g.commit}`,
    approve: `mmm approve ${run.shortId}`,
    reject: `mmm reject ${run.shortId}`,
  };
}

function printEntry(e: PendingEntry, run: RunRecord, ctx: CliContext): void {
  const where = e.session ? `session ${e.session}` : 'in place';
  const waits =
    e.gate === 'ack' && e.ackUntil
      ? `lands at ${formatClock(e.ackUntil)} unless rejected`
      : 'waits for approval';
  const files = e.files.slice(0, 5).join(', ') + (e.files.length > 5 ? ', …' : '');
  writeLine(
    ctx.stdout,
    `run ${run.shortId} (${run.playbook ?? run.playbookName ?? 'playbook'}, ${where}) step ${e.step} (${e.label}): ${e.gate} gate, ${waits}, for ${formatAge(e.since, new Date())}`,
  );
  writeLine(
    ctx.stdout,
    `  proposal  ${e.ref ?? ''} = ${shortSha(e.commit)}: ${e.files.length} file(s), +${e.insertions} -${e.deletions} (${files})`,
  );
  writeLine(ctx.stdout, `  diff      git diff ${shortSha(e.base)} ${shortSha(e.commit)}`);
  writeLine(ctx.stdout, `  approve   ${e.approve} [--comment ...]`);
  writeLine(ctx.stdout, `  reject    ${e.reject} [--reason ...] [--retry]`);
}

/** Lists every proposal that waits; always exit 0. */
export async function pendingCommand(flags: { json?: boolean }, ctx: CliContext): Promise<number> {
  const root = await workTreeRoot(git, ctx.cwd);
  if (root === undefined) {
    throw await noWorkTreeError(git, ctx.cwd, 'run mmm pending inside the repository');
  }
  const ledger = await openRepoLedgerForReading(git, root);
  const waiting = ledger?.pendingGates() ?? [];
  try {
    if (waiting.length === 0 && !flags.json) {
      writeLine(ctx.stderr, 'Nothing waits for a decision in this repository.');
    }
    for (const g of waiting) {
      const run = ledger?.getRun(g.runId).run;
      if (!run) continue;
      const entry = entryFor(g, run);
      if (flags.json) writeLine(ctx.stdout, JSON.stringify(entry));
      else printEntry(entry, run, ctx);
    }
  } finally {
    ledger?.close();
  }
  return 0;
}
