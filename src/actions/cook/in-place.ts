// `mmm cook <playbook>` in the user's own checkout: checks, then one run per --args value.
import { ExitCode } from '../../errors.js';
import { exec } from '../../infra/exec.js';
import type { CliContext } from '../context.js';
import { cookSettings, type CookFlags } from './options.js';
import { startInPlaceChecks } from './preconditions.js';

/**
 * Runs the playbook in the repository that holds ctx.cwd, once, or once per `--args` value in
 * order, stopping at the first run that does not end with exit 0. Returns the exit code.
 */
export async function cookInPlace(
  playbookPath: string,
  flags: CookFlags,
  ctx: CliContext,
): Promise<number> {
  const settings = cookSettings(flags);
  // Git answers the checks while the playbook is read and the engine's code is loaded; a
  // playbook problem is reported first.
  const checks = startInPlaceChecks({ exec }, ctx.cwd, {
    command: `mmm cook ${playbookPath}`,
    env: ctx.env,
    stderr: ctx.stderr,
  });
  const { loadPlaybook } = await import('../../playbook/index.js');
  const playbook = await loadPlaybook(playbookPath, { cwd: ctx.cwd });
  const { createEngineRunner } = await import('./runner.js');
  const args = flags.args ?? [];
  const runner = createEngineRunner({ ...settings, playbook, noticeResumable: true }, ctx);
  let release: (() => void) | undefined;
  let code: number = ExitCode.ok;
  let waits: string | undefined;
  // The --args values after the one whose run waits, if any.
  let rest: string[] = [];
  try {
    const checked = await checks
      .settle(() => runner.checkAgent())
      .catch(async (error: unknown) => {
        // Refused (most often for what a killed run left in the tree): a run that can be resumed
        // is named, since resuming it may be what the user wants.
        await runner.noticeResumable().catch(() => undefined);
        throw error;
      });
    release = checked.release;
    const { root } = checked;
    for (const [i, arg] of (args.length > 0 ? args : [undefined]).entries()) {
      const { exitCode, runId, status } = await runner.run({
        cwd: root,
        session: undefined,
        arg,
        item: undefined,
        parallel: false,
        label: arg ?? playbook.name,
      });
      code = exitCode;
      if (exitCode === ExitCode.awaitingApproval && status === 'paused') {
        waits = runId;
        rest = args.slice(i + 1);
      }
      if (exitCode !== ExitCode.ok) break;
    }
  } finally {
    await runner.finish();
    release?.();
  }
  // With the run paused and the checkout let go of, a person at the terminal decides now.
  if (waits !== undefined && ctx.interactive && !ctx.signal.aborted) {
    const decided = await decideWhileWaiting(waits, ctx);
    // That run ended well: the runs of the --args values after it follow, as they would have.
    if (decided !== ExitCode.ok || rest.length === 0 || ctx.signal.aborted) return decided;
    return cookInPlace(playbookPath, { ...flags, args: rest }, ctx);
  }
  return code;
}

/**
 * Asks about the proposal the run waits at, and again at each gate the approved run pauses at
 * next; the exit code of the last thing done, 5 when the person leaves it for later.
 */
export async function decideWhileWaiting(runId: string, ctx: CliContext): Promise<number> {
  const { decideInPlace } = await import('../gates/ask-in-place.js');
  for (;;) {
    const code = await decideInPlace(runId, ctx);
    if (code === undefined) return ExitCode.awaitingApproval;
    if (code !== ExitCode.awaitingApproval || ctx.signal.aborted) return code;
  }
}
