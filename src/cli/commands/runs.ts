import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { didYouMean } from '../../playbook/suggest.js';
import type { CliContext } from '../../actions/context.js';

/** `mmm runs [ls|show|events|export]`: reads the repository's run ledger (.mmm/mmm.db). */
export function registerRuns(program: Command, ctx: CliContext): void {
  const runs = program
    .command('runs')
    .description('List and inspect recorded runs (the run ledger in .mmm/mmm.db)');
  runs
    .command('ls', { isDefault: true })
    .description('List recorded runs, newest first (the default)')
    // As the default command, ls is handed any word that names no command: say so.
    .option('--json', 'one JSON object per run (NDJSON)')
    .option('-n, --limit <n>', 'show at most n runs, 0 for all', '20')
    .allowExcessArguments()
    .action(async (options: { json?: boolean; limit?: string }, command: Command) => {
      const [word] = command.args;
      if (word !== undefined) {
        const known = runs.commands.map((c) => c.name());
        throw new UsageError(
          `mmm runs has no command \`${word}\`${didYouMean(word, known)} (commands: ${known.join(', ')})`,
        );
      }
      const { runsLs } = await import('../../actions/runs/ls.js');
      await runsLs(options, ctx);
    });
  runs
    .command('show <run>')
    .description(
      'Steps, attempts, commits and costs of one run (a unique prefix of its id will do)',
    )
    .option('--json', 'the same as one JSON document')
    .action(async (run: string, options: { json?: boolean }) => {
      const { runsShow } = await import('../../actions/runs/show.js');
      await runsShow(run, options, ctx);
    });
  runs
    .command('events <run>')
    .description("A run's recorded events, in order")
    .option('--json', 'one JSON object per event (NDJSON), with its sequence number')
    .option('-f, --follow', 'keep printing new events until the run finishes')
    .option('--interval <ms>', 'how often --follow looks for new events', '250')
    .action(
      async (run: string, options: { json?: boolean; follow?: boolean; interval?: string }) => {
        const { runsEvents } = await import('../../actions/runs/events.js');
        await runsEvents(run, options, ctx);
      },
    );
  runs
    .command('export <run>')
    .description(
      'Everything recorded about a run, prompts, responses and outputs included, as JSON',
    )
    .option('--json', 'compact: the document on one line')
    .action(async (run: string, options: { json?: boolean }) => {
      const { runsExport } = await import('../../actions/runs/export.js');
      await runsExport(run, options, ctx);
    });
}
