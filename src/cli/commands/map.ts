import type { Command } from 'commander';
import type { CliContext } from '../../actions/context.js';

const MAP_HELP = `
For maps put on a queue by mmm cook --map --queue, after that command has exited:
  status <id>   each item's state on the queue and in the ledger
  wait <id>     wait for the items, fetch their branches, record them, merge (with the map's --yes)
  cancel <id>   remove the queued items and tell running workers to stop

Exit codes: 0 done; 1 an item failed; 2 no such queued map; 3 no Redis answers at its queue;
4 a merge conflict; 130 SIGINT (wait cancels the map); 143 SIGTERM.`;

export function registerMap(program: Command, ctx: CliContext): void {
  const map = program
    .command('map')
    .description('Follow, finish or cancel a --map run put on a queue')
    .addHelpText('after', MAP_HELP);
  map
    .command('status')
    .description("each item's state")
    .argument('<id>', 'the map id, or a unique prefix of it')
    .action(async (id: string) => {
      const { mapStatusCommand } = await import('../../actions/map/commands.js');
      ctx.setExitCode(await mapStatusCommand(id, ctx));
    });
  map
    .command('wait')
    .description('wait for the items, record them and merge as cook would')
    .argument('<id>', 'the map id, or a unique prefix of it')
    .action(async (id: string) => {
      const { mapWaitCommand } = await import('../../actions/map/commands.js');
      ctx.setExitCode(await mapWaitCommand(id, ctx));
    });
  map
    .command('cancel')
    .description('remove queued items, stop running ones')
    .argument('<id>', 'the map id, or a unique prefix of it')
    .action(async (id: string) => {
      const { mapCancelCommand } = await import('../../actions/map/commands.js');
      ctx.setExitCode(await mapCancelCommand(id, ctx));
    });
}
