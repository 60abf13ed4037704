import { showControls } from '../../infra/control-chars.js';
import type { Command } from 'commander';
import pc from 'picocolors';
import { ExitCode, formatProblem } from '../../errors.js';
import { writeLine, type CliContext } from '../../actions/context.js';

interface ValidateFlags {
  json?: boolean;
}

export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description(
      'Check playbooks (schema, references, conditions) without running anything; every problem as file:line:col',
    )
    .argument('<playbook...>', 'playbook files to check')
    .option('--json', 'print {files:[{file, ok, problems, summary}]} on stdout')
    .addHelpText(
      'after',
      '\nExit codes: 0 every playbook is valid; 2 a playbook has problems or cannot be read.',
    )
    .action(async (files: string[], flags: ValidateFlags) => {
      const { validateFiles } = await import('../../playbook/validate.js');
      const report = await validateFiles(files, { cwd: ctx.cwd });
      if (!report.ok) ctx.setExitCode(ExitCode.invalidInput);
      if (flags.json) {
        writeLine(ctx.stdout, JSON.stringify(report));
        return;
      }
      for (const file of report.files) {
        if (file.ok) {
          writeLine(
            ctx.stdout,
            `${pc.green('ok')} ${showControls(`${file.file}: ${file.summary ?? ''}`)}`,
          );
        } else if (file.error !== undefined) {
          writeLine(ctx.stderr, `${pc.red('error:')} ${showControls(file.error)}`);
          if (file.hint !== undefined)
            writeLine(ctx.stderr, `${pc.dim('hint:')} ${showControls(file.hint)}`);
        } else {
          for (const problem of file.problems)
            writeLine(ctx.stderr, showControls(formatProblem(problem)));
          const n = file.problems.length;
          writeLine(ctx.stderr, pc.red(`${file.file}: ${n} problem${n === 1 ? '' : 's'}`));
        }
      }
    });
}
