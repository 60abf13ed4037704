import type { Command } from 'commander';
import type { CliContext } from '../context.js';

interface DemoFlags {
  dir?: string;
  verbose?: boolean;
  quiet?: boolean;
  json?: boolean;
}

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description(
      'Run the built-in demo playbook on a scratch copy of a tiny project, with a scripted agent ' +
        '(no network, no credentials), and show the commits it made.',
    )
    .option('--dir <path>', 'make the scratch repository here (must not exist or be empty)')
    .option('-v, --verbose', 'stream each step’s output')
    .option('-q, --quiet', 'print only errors and a one-line result')
    .option('--json', 'print the run’s events as NDJSON on stdout')
    .action(async (flags: DemoFlags) => {
      const { runDemo } = await import('../demo/run-demo.js');
      const result = await runDemo({
        dir: flags.dir,
        verbose: flags.verbose,
        quiet: flags.quiet,
        json: flags.json,
        cwd: ctx.cwd,
        env: ctx.env,
        stdout: ctx.stdout,
        stderr: ctx.stderr,
        signal: ctx.signal,
        interruptedBy: ctx.interruptedBy,
      });
      ctx.setExitCode(result.exitCode);
    });
}
