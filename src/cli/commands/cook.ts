import type { Command } from 'commander';
import type { CliContext } from '../../actions/context.js';
import { collect, type CookFlags } from '../../actions/cook/options.js';
import type { WorktreeFlags } from '../../actions/cook/worktree.js';

const COOK_HELP = `
Every successful step is committed as "mmm(<playbook>): <step>" with Mmm-Run and Mmm-Step
trailers; a failed step's changes are saved to refs/mmm/<run>/failed-<n> and undone.
In place, the working tree must be clean.

Exit codes: 0 done; 1 a step failed; 2 invalid usage or playbook; 3 not a git repository, a dirty
tree, no commit identity or agent CLI missing; 4 stopped by a budget or a rejection; 5 waiting for
approval (mmm approve / mmm reject, see mmm pending); 130 SIGINT; 143 SIGTERM.`;

export function registerCook(program: Command, ctx: CliContext): void {
  program
    .command('cook')
    .description('Run a playbook against this repository, committing every successful step')
    .argument('<playbook>', 'playbook file (YAML)')
    .option(
      '-n, --max-iterations <n>',
      "iterations at most (overrides the playbook's max_iterations)",
    )
    .option('--args <value>', 'run once per value, with $ARG set to it (repeatable)', collect)
    .option('--max-cost <usd>', 'stop before an agent call once this many dollars are spent')
    .option('-v, --verbose', 'show the output of steps and agents as it arrives')
    .option('-q, --quiet', 'print only the final result')
    .option('--json', 'print the run events as NDJSON on stdout')
    .option(
      '--gate <gate>',
      'the gate of every step: auto, ack (lands unless rejected in time) or approve (waits for mmm approve)',
    )
    .option(
      '--agent <tool[:model]>',
      'the agent (and model) of every claude step that names none of its own, e.g. claude:opus',
    )
    .option('--worktree', 'run in a new worktree session, leaving your checkout untouched')
    .option('-y, --yes', 'merge each successful worktree session without asking')
    .option('--map <glob>', 'one worktree session per committed file matching the glob')
    .option('--jobs <n>', 'with --map: sessions to run at once (default 1)')
    .option(
      '--queue <url>',
      'with --map: put the items on this queue (redis://host:port[/db]) for mmm worker',
    )
    .option(
      '--remote <name-or-url>',
      'with --queue: the remote workers fetch from and push to (default: the upstream, or origin)',
    )
    .addHelpText('after', COOK_HELP)
    .action(async (playbook: string, flags: CookFlags & WorktreeFlags) => {
      // Worktree runs (--worktree, --map) dispatch here, before the in-place path.
      if (
        flags.worktree ||
        flags.yes ||
        flags.map !== undefined ||
        flags.jobs !== undefined ||
        flags.queue !== undefined ||
        flags.remote !== undefined
      ) {
        const { cookWorktreeCommand } = await import('../../actions/cook/worktree.js');
        ctx.setExitCode(await cookWorktreeCommand(playbook, flags, ctx));
        return;
      }
      const { cookInPlace } = await import('../../actions/cook/in-place.js');
      ctx.setExitCode(await cookInPlace(playbook, flags, ctx));
    });
}
