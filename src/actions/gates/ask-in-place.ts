// `mmm cook` with a person at the terminal: a step's change that waits for approval is shown
// there and decided at once (y/n), looked at in $EDITOR (e), or left for later (mmm approve).
// The run has paused and its process let go of it first, so a kill while asking loses nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../../errors.js';
import { patchText } from '../../git/commit.js';
import { workTreeRoot } from '../../git/repo.js';
import { showControls } from '../../infra/control-chars.js';
import { runOnTerminal } from '../../infra/exec.js';
import { shortSha } from '../../infra/format.js';
import { openRepoLedgerForReading, type GateRecord } from '../../ledger/index.js';
import { writeLine, type CliContext } from '../context.js';
import { askLine, askYesNo } from '../worktree/ask.js';
import { approveCommand } from './approve.js';
import { git, waitingGate } from './find.js';
import { rejectCommand } from './reject.js';

const PATCH_BYTES = 64 * 1024;

const QUESTION =
  'Land this change? y = approve it and go on, n = reject it, e = open the diff in $EDITOR, l = later [y/n/e/L] ';

/** The gate the run waits at and where its tree is, or undefined when it waits at none. */
async function waiting(
  runId: string,
  ctx: CliContext,
): Promise<{ gate: GateRecord; place: string } | undefined> {
  const root = await workTreeRoot(git, ctx.cwd);
  if (root === undefined) return undefined;
  const ledger = await openRepoLedgerForReading(git, root);
  if (!ledger) return undefined;
  try {
    const { run } = ledger.getRun(runId);
    if (run.stateReason !== 'approval') return undefined;
    return { gate: waitingGate(ledger, run, undefined), place: run.cwd ?? root };
  } catch {
    return undefined;
  } finally {
    ledger.close();
  }
}

/** Opens the diff, kept in a file of its own, in the user's editor; says so if it cannot. */
async function openInEditor(patch: string, n: number, ctx: CliContext, cwd: string) {
  const editor = ctx.env.VISUAL?.trim() || ctx.env.EDITOR?.trim() || 'vi';
  const dir = mkdtempSync(join(tmpdir(), 'mmm-proposal-'));
  const file = join(dir, `proposal-${n}.diff`);
  try {
    writeFileSync(file, patch);
    const ran = await runOnTerminal(editor, [file], cwd);
    if (ran.exitCode !== 0) {
      writeLine(
        ctx.stderr,
        `the editor (${editor}) ${ran.error ?? `exited with code ${String(ran.exitCode)}`}; set VISUAL or EDITOR to the one you use`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Shows the proposal the run waits at and asks what to do. Returns the exit code of what was
 * done (the continued run's after a yes, 4 after a rejection that stops the run), or undefined
 * when the person leaves it for later (or the run waits at no approve gate).
 */
export async function decideInPlace(runId: string, ctx: CliContext): Promise<number | undefined> {
  const found = await waiting(runId, ctx);
  if (!found) return undefined;
  const { gate, place } = found;
  const patch = await patchText(git, place, gate.base, gate.commit, PATCH_BYTES);
  const n = gate.proposal ?? 0;
  writeLine(ctx.stderr);
  writeLine(
    ctx.stderr,
    `Step ${gate.stepIndex + 1} (${showControls(gate.label)}) proposes ${shortSha(gate.commit)} on ${gate.ref ?? ''}: ${gate.files.length} file(s), +${gate.insertions} -${gate.deletions}`,
  );
  ctx.stderr.write(showControls(patch.text));
  if (patch.cut) {
    writeLine(
      ctx.stderr,
      `(cut at ${PATCH_BYTES / 1024} KiB: e opens it whole, or git diff ${shortSha(gate.base)} ${shortSha(gate.commit)})`,
    );
  }
  for (;;) {
    const answer = (await askLine(QUESTION, ctx))?.toLowerCase();
    if (answer === 'e' || answer === 'edit') {
      const whole = patch.cut
        ? await patchText(git, place, gate.base, gate.commit, Number.MAX_SAFE_INTEGER)
        : patch;
      await openInEditor(whole.text, n, ctx, place);
      continue;
    }
    if (answer === 'y' || answer === 'yes') return approveCommand(runId, {}, ctx);
    if (answer === 'n' || answer === 'no') {
      const reason = await askLine(
        'Why? (the agent is told, if the step runs again; Enter: no reason) ',
        ctx,
      );
      const retry = await askYesNo('Run the step again, with this reason?', ctx);
      const code = await rejectCommand(runId, { reason: reason || undefined, retry }, ctx);
      return retry ? code : Math.max(code, ExitCode.needsAttention);
    }
    if (answer === undefined || answer === '' || answer === 'l' || answer === 'later') {
      writeLine(
        ctx.stderr,
        `Left for later: mmm approve ${runId} or mmm reject ${runId} (mmm pending shows it).`,
      );
      return undefined;
    }
    writeLine(ctx.stderr, `"${showControls(answer)}" is not one of y, n, e, l`);
  }
}
