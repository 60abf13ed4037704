import type { Command } from 'commander';
import type { CliContext } from '../../actions/context.js';

const RESUME_HELP = `
Continues a crashed or interrupted run under its own id, in its own place (this checkout, or its
worktree session), from the step that was in flight: steps that had finished are not run again,
and their outputs are given back to later steps. Work the stopped step left in the tree is saved
to refs/mmm/<run>/resumed-<n> first. Given the id of a --map run (printed as "Map <id>: ..."), it
finishes the map: runs in flight go on, items that never ran start, and with the map's --yes the
successful sessions are merged, each item once. A run stopped as not converging goes on from the
step that gave up, once you have committed a fix. Without an id: the newest crashed, interrupted
or not converging run of this checkout or of a worktree session of this repository, or --map
run with items left.

Exit codes: those of the resumed run (0, 1, 4, 130, 143; of a map, the highest of its items');
2 an unknown or ambiguous id; 3 the run or map cannot be resumed (done or finished, failed,
stopped, running or being resumed, its worktree gone, its playbook changed without --force, or
HEAD not where the run stopped).`;

export function registerResume(program: Command, ctx: CliContext): void {
  program
    .command('resume')
    .description(
      'Continue a crashed, interrupted or not converging run from where it stopped, or finish a --map run',
    )
    .argument(
      '[run]',
      'the run or map id, or a unique prefix of it (default: the newest resumable run or map)',
    )
    .option(
      '-f, --force',
      'go on with the playbook file as it is now, when it changed since the run started',
    )
    .option('-v, --verbose', 'show the output of steps and agents as it arrives')
    .option('-q, --quiet', 'print only the final result')
    .option('--json', 'print the run events as NDJSON on stdout')
    .addHelpText('after', RESUME_HELP)
    .action(
      async (
        run: string | undefined,
        flags: { force?: boolean; verbose?: boolean; quiet?: boolean; json?: boolean },
      ) => {
        const { resumeCommand } = await import('../../actions/resume/resume.js');
        ctx.setExitCode(await resumeCommand(run, flags, ctx));
      },
    );
}
