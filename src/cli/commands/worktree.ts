import type { Command } from 'commander';
import type { CliContext } from '../../actions/context.js';

/** `mmm worktree ls|merge|clean`: inspect, merge and remove worktree sessions. */
export function registerWorktree(program: Command, ctx: CliContext): void {
  const worktree = program
    .command('worktree')
    .description('List, merge and clean worktree sessions (made by mmm cook --worktree or --map)')
    .addHelpText(
      'after',
      `
Sessions live in $MMM_HOME/worktrees/<repo>/<session> (MMM_HOME defaults to ~/.mmm), on branch
mmm/<session>. Merges are made by git into the branch the session started from.

Exit codes: 0 done; 2 unknown session or bad usage; 3 merge or clean refused (dirty checkout,
branch checked out elsewhere, a session whose run did not succeed or unmerged commits without
--force); 4 merge conflict (nothing changed).`,
    );

  worktree
    .command('ls')
    .description('List the sessions of this repository')
    .option('--json', 'one JSON object per session (NDJSON) on stdout')
    .option('-a, --all', 'include cleaned sessions')
    .action(async (options: { json?: boolean; all?: boolean }) => {
      const { runWorktreeLs } = await import('../../actions/worktree/ls.js');
      ctx.setExitCode(await runWorktreeLs(options, ctx));
    });

  worktree
    .command('merge')
    .description(
      'Merge a session into the branch it started from (fast-forward, else a merge commit)',
    )
    .argument('[session]', 'session name (see mmm worktree ls)')
    .option('--all', 'merge every completed session, one after another')
    .option(
      '-f, --force',
      'merge a session whose run failed, was interrupted or crashed, without asking',
    )
    .action(async (session: string | undefined, options: { all?: boolean; force?: boolean }) => {
      const { runWorktreeMerge } = await import('../../actions/worktree/merge.js');
      ctx.setExitCode(await runWorktreeMerge(session, options, ctx));
    });

  worktree
    .command('clean')
    .description("Remove a session's worktree and delete its branch")
    .argument('[session]', 'session name (see mmm worktree ls)')
    .option('--all', 'clean every session')
    .option('--merged', 'clean only sessions that were merged')
    .option('-f, --force', 'also clean sessions with unmerged commits (they are discarded)')
    .action(
      async (
        session: string | undefined,
        options: { all?: boolean; merged?: boolean; force?: boolean },
      ) => {
        const { runWorktreeClean } = await import('../../actions/worktree/clean.js');
        ctx.setExitCode(await runWorktreeClean(session, options, ctx));
      },
    );

  const pool = worktree
    .command('pool')
    .description('List or free the idle worktrees kept for new sessions')
    .addHelpText(
      'after',
      `
Idle worktrees live in $MMM_HOME/pool/<repo>/. The pool's size is MMM_POOL_SIZE, else size: in
the repository's .mmm/pool.yml, else 2; 0 turns it off. Ignored caches a pooled tree keeps:
MMM_POOL_KEEP (comma-separated), else keep: in .mmm/pool.yml.`,
    );

  pool
    .command('ls')
    .description('List the idle worktrees of this repository')
    .option('--json', 'one JSON object per worktree (NDJSON) on stdout')
    .option('--size', "add each worktree's size on disk (reads every file's size)")
    .action(async (options: { json?: boolean; size?: boolean }) => {
      const { runPoolLs } = await import('../../actions/worktree/pool.js');
      ctx.setExitCode(await runPoolLs(options, ctx));
    });

  pool
    .command('prune')
    .description('Remove broken idle worktrees and those beyond the pool size (--all: every one)')
    .option('--all', 'remove every idle worktree')
    .action(async (options: { all?: boolean }) => {
      const { runPoolPrune } = await import('../../actions/worktree/pool.js');
      ctx.setExitCode(await runPoolPrune(options, ctx));
    });

  for (const sub of [...worktree.commands, ...pool.commands]) sub.exitOverride();
}
