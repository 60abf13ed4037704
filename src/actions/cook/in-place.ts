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
    for (const arg of args.length > 0 ? args : [undefined]) {
      const { exitCode } = await runner.run({
        cwd: root,
        session: undefined,
        arg,
        item: undefined,
        parallel: false,
        label: arg ?? playbook.name,
      });
      if (exitCode !== ExitCode.ok) return exitCode;
    }
    return ExitCode.ok;
  } finally {
    await runner.finish();
    release?.();
  }
}
