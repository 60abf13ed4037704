import type { Command } from 'commander';
import type { CliContext } from '../../actions/context.js';
import type { WorkerFlags } from '../../actions/worker/worker.js';

const WORKER_HELP = `
Takes the items of maps put on the queue by mmm cook --map --queue, from any repository: each is
run in a worktree session of a clone kept under $MMM_HOME/queue/repos (fetched again for every
item), at the map's base commit, and its branch mmm/<session> is pushed to the map's remote. The
outcome, commits and cost go back through the queue. Runs until SIGINT or SIGTERM, which give the
items in progress back to the queue for another worker. Details: docs/scale.md.

Exit codes: 2 a bad --queue URL or --jobs; 3 no Redis answers at --queue; 130 SIGINT; 143 SIGTERM.`;

export function registerWorker(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('Run the items of queued --map runs (mmm cook --map --queue) on this machine')
    .requiredOption('--queue <url>', 'the queue: redis://host:port[/db]')
    .option('--jobs <n>', 'items to run at once (default 1)')
    .addHelpText('after', WORKER_HELP)
    .action(async (flags: WorkerFlags) => {
      const { workerCommand } = await import('../../actions/worker/worker.js');
      ctx.setExitCode(await workerCommand(flags, ctx));
    });
}
