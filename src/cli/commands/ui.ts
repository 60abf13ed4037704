import type { Command } from 'commander';
import type { CliContext } from '../../actions/context.js';

const UI_HELP = `
Serves a web page of this repository's runs (live while mmm cook runs elsewhere), each run's steps,
outputs, diffs and costs, the changes waiting for approval (approve, reject) and the worktree
sessions (merge, clean). It prints its address, with a token that the browser keeps in a cookie:
requests without it are refused. It serves this machine only (127.0.0.1) unless --host says
otherwise. Ctrl-C stops it. See docs/ui.md.

Exit codes: 130 when stopped with Ctrl-C (143 with SIGTERM); 2 a bad --port; 3 not in a git
repository, or the port cannot be had.`;

/** `mmm ui`: the local web timeline of runs. */
export function registerUi(program: Command, ctx: CliContext): void {
  program
    .command('ui')
    .description('Serve a local web timeline of runs, with approvals and sessions')
    .option('--port <n>', 'the port to listen on (default: a free one)')
    .option('--host <address>', 'the address to listen on (default 127.0.0.1; others warn)')
    .option('--no-open', 'do not open a browser; only print the address')
    .addHelpText('after', UI_HELP)
    .action(async (flags: { port?: string; host?: string; open?: boolean }) => {
      const { uiCommand } = await import('../../actions/ui/run-ui.js');
      ctx.setExitCode(await uiCommand(flags, ctx));
    });
}
