// Finds the main working tree of a repository from any of its worktrees, so that every session
// of one repository shares one `.mmm/` directory.
import { realpathSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PreconditionError } from '../errors.js';
import { runGit, type GitDeps } from './run.js';

async function commonDir(deps: GitDeps, cwd: string): Promise<string> {
  const result = await runGit(deps, ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
    cwd,
    allowFailure: true,
  });
  if (result.exitCode !== 0) {
    throw new PreconditionError(`not a git repository: ${cwd}`, {
      hint: 'run mmm inside a git repository (git init creates one)',
    });
  }
  return result.stdout.trim();
}

/**
 * The root of the repository's main working tree, whichever worktree `cwd` is in. For a repository
 * whose git directory is not `<root>/.git`, the first entry of `git worktree list` names it.
 * Throws PreconditionError outside a git repository.
 */
export async function mainRepoRoot(deps: GitDeps, cwd: string): Promise<string> {
  const common = await commonDir(deps, cwd);
  if (basename(common) === '.git') return realpathSync(dirname(common));
  const list = await runGit(deps, ['worktree', 'list', '--porcelain'], { cwd });
  const first = /^worktree (.+)$/m.exec(list.stdout)?.[1];
  if (first === undefined) {
    throw new PreconditionError(`cannot find the main working tree of the repository at ${cwd}`);
  }
  return realpathSync(first);
}

/**
 * Adds patterns to the repository's own exclude file (shared by all its worktrees, never
 * committed), so local state such as the run database never makes a tree look dirty.
 */
export async function ensureLocallyIgnored(
  deps: GitDeps,
  cwd: string,
  patterns: readonly string[],
): Promise<void> {
  const file = join(await commonDir(deps, cwd), 'info', 'exclude');
  const current = await readFile(file, 'utf8').catch(() => '');
  const lines = new Set(current.split('\n').map((l) => l.trim()));
  const missing = patterns.filter((p) => !lines.has(p));
  if (missing.length === 0) return;
  await mkdir(dirname(file), { recursive: true });
  const lead = current === '' || current.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${lead}${missing.join('\n')}\n`);
}
