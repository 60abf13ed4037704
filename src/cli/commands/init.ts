import type { Command } from 'commander';
import { writeLine, type CliContext } from '../../actions/context.js';

interface InitFlags {
  force?: boolean;
  commands?: string;
  path?: string;
  agent?: string[];
}

const INIT_HELP = `
Existing files are kept (and reported as skipped) unless --force; running init twice changes
nothing. Also adds .mmm/mmm.db* and .mmm/runs/ to the repository's .gitignore.

--agent also writes the commands where that agent CLI reads a project's custom commands (gemini:
.gemini/commands/*.toml, opencode: .opencode/commands/*.md); playbooks need no --agent, since mmm
writes a /name command out from .claude/commands for every tool.

Exit codes: 0 done; 2 unknown --commands name, unknown --agent tool or bad --path; 3 not inside a
git repository.`;

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description(
      'Install mmm slash commands into .claude/commands and write .mmm/PROJECT.md (existing files are kept)',
    )
    .option('--force', 'overwrite existing command files and .mmm/PROJECT.md')
    .option(
      '--commands <names>',
      'install only these commands (comma-separated, e.g. lint,fix-test)',
    )
    .option('--path <dir>', 'project directory to install into (default: the repository root)')
    .option(
      '--agent <tools>',
      'also install the commands for these agent CLIs (repeatable or comma-separated, e.g. gemini,opencode)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .addHelpText('after', INIT_HELP)
    .action(async (flags: InitFlags) => {
      const [{ runInit }, { formatInitReport }, { exec }] = await Promise.all([
        import('../../actions/init/run-init.js'),
        import('../../actions/init/report.js'),
        import('../../infra/exec.js'),
      ]);
      const result = await runInit(
        {
          cwd: ctx.cwd,
          path: flags.path,
          force: flags.force,
          commands: flags.commands?.split(','),
          agents: flags.agent,
        },
        { exec, signal: ctx.signal },
      );
      for (const line of formatInitReport(result, ctx.cwd)) writeLine(ctx.stdout, line);
    });
}
