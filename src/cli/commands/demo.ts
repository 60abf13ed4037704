import type { Command } from 'commander';
import type { CliContext } from '../../actions/context.js';
import type { DemoFlags } from '../../actions/demo/run-demo.js';

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description(
      'Run the built-in demo playbook on a scratch copy of a tiny project, with a scripted agent ' +
        '(no network, no credentials), and show the commits it made.',
    )
    .option('--dir <path>', 'make the scratch repository here (must not exist or be empty)')
    .option('-v, --verbose', 'show the output of steps and agents as it arrives')
    .option('-q, --quiet', 'print only errors, the final result and where the repository is')
    .option('--json', 'print the run events as NDJSON on stdout')
    .action(async (flags: DemoFlags) => {
      const { runDemo } = await import('../../actions/demo/run-demo.js');
      ctx.setExitCode((await runDemo(flags, ctx)).exitCode);
    });
}
