import type { Command } from 'commander';
import type { CliContext } from '../../actions/context.js';

const APPROVE_HELP = `
Lands the change the run's gated step proposed (refs/mmm/<run>/proposals/<n>) as a fast-forward of
the run's branch from where the step started, records who approved it (git user.name and
user.email), then the run goes on from the next step, as mmm resume would. An ack gate still
waiting in its process lands at once. See docs/gates.md.

Exit codes: those of the continued run (0, 1, 4, 5 at the next gate, 130, 143); 0 when a waiting
mmm lands it; 2 an unknown or ambiguous run id; 3 the run waits for no decision, its branch moved
since the step started, or it cannot be resumed (see mmm resume --help).`;

const REJECT_HELP = `
The change the run's gated step proposed does not land (it stays on refs/mmm/<run>/proposals/<n>);
the decision, who made it and the reason are recorded. The run stops (state stopped, reason
rejected), or with --retry the step runs again from where it started, the reason given to it:
appended to a claude step's prompt, and in $MMM_GATE_FEEDBACK for a shell step. See docs/gates.md.

Exit codes: 0 the run is stopped (or a waiting mmm was told); with --retry, those of the continued
run; 2 an unknown or ambiguous run id; 3 the run waits for no decision, or cannot be resumed.`;

const PENDING_HELP = `
Lists every step's change that waits for a decision in this repository (runs in place and in
worktree sessions): the run, the step, the proposal's ref and diff stat, how long it has waited,
and the commands to see it, approve it and reject it. Exit code 0.`;

const AGENTS_HELP = `
For each agent CLI mmm has an adapter for: whether it is installed (MMM_<TOOL>_BIN, else PATH),
the binary and its version, and whether it looks logged in, as the CLI itself says without calling
a model (claude auth status). Nothing is spent. See docs/agents.md. Exit code 0.`;

type OutputFlags = { verbose?: boolean; quiet?: boolean; json?: boolean; force?: boolean };

export function registerGates(program: Command, ctx: CliContext): void {
  program
    .command('approve')
    .description("Land the change a run's gated step proposed, and continue the run")
    .argument('<run>', 'the run id, or a unique prefix of it')
    .option('--step <n>', 'the step the run waits at (a check: refused when it waits elsewhere)')
    .option('--comment <text>', 'recorded with the decision')
    .option('-f, --force', 'go on with the playbook file as it is now, when it changed')
    .option('-v, --verbose', 'show the output of steps and agents as it arrives')
    .option('-q, --quiet', 'print only the final result')
    .option('--json', 'print the run events as NDJSON on stdout')
    .addHelpText('after', APPROVE_HELP)
    .action(async (run: string, flags: OutputFlags & { step?: string; comment?: string }) => {
      const { approveCommand } = await import('../../actions/gates/approve.js');
      ctx.setExitCode(await approveCommand(run, flags, ctx));
    });
  program
    .command('reject')
    .description(
      "Refuse the change a run's gated step proposed: stop the run, or run the step again",
    )
    .argument('<run>', 'the run id, or a unique prefix of it')
    .option('--step <n>', 'the step the run waits at (a check: refused when it waits elsewhere)')
    .option('--reason <text>', 'why; recorded, and given to the step with --retry')
    .option('--retry', 'run the step again from where it started, with the reason as feedback')
    .option(
      '-f, --force',
      'with --retry: go on with the playbook file as it is now, when it changed',
    )
    .option('-v, --verbose', 'show the output of steps and agents as it arrives')
    .option('-q, --quiet', 'print only the final result')
    .option('--json', 'print the run events as NDJSON on stdout')
    .addHelpText('after', REJECT_HELP)
    .action(
      async (
        run: string,
        flags: OutputFlags & { step?: string; reason?: string; retry?: boolean },
      ) => {
        const { rejectCommand } = await import('../../actions/gates/reject.js');
        ctx.setExitCode(await rejectCommand(run, flags, ctx));
      },
    );
  program
    .command('agents')
    .description('List the agent CLIs mmm can run: installed, version, logged in (spends nothing)')
    .option('--json', 'one JSON object per agent on stdout')
    .addHelpText('after', AGENTS_HELP)
    .action(async (flags: { json?: boolean }) => {
      const { agentsCommand } = await import('../../actions/agents/list.js');
      ctx.setExitCode(await agentsCommand(flags, ctx));
    });
  program
    .command('pending')
    .description('List the changes that wait for a decision (mmm approve / mmm reject)')
    .option('--json', 'one JSON object per waiting change on stdout')
    .addHelpText('after', PENDING_HELP)
    .action(async (flags: { json?: boolean }) => {
      const { pendingCommand } = await import('../../actions/gates/pending.js');
      ctx.setExitCode(await pendingCommand(flags, ctx));
    });
}
