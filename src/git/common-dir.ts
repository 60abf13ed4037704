// Finds the main working tree of a repository from any of its worktrees, so that every session
// of one repository shares one `.mmm/` directory.
import { realpathSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PreconditionError } from '../errors.js';
import { ignoreFilePattern } from './exclude.js';
import { gitOut, runGit, type GitDeps } from './run.js';
import { rememberCommonDir } from './repo.js';
import { listWorktrees } from './worktree.js';

async function commonDir(deps: GitDeps, cwd: string): Promise<string> {
  return rememberCommonDir(deps, cwd, async () => {
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
  });
}

/**
 * The root of the repository's main working tree, whichever worktree `cwd` is in. A bare
 * repository (worktrees only) has none: its git directory stands in. Throws PreconditionError
 * outside a git repository.
 */
export async function mainRepoRoot(deps: GitDeps, cwd: string): Promise<string> {
  const common = await commonDir(deps, cwd);
  if (basename(common) === '.git') return realpathSync(dirname(common));
  // A git directory kept elsewhere (--separate-git-dir) or a bare repository.
  const gitDir = await gitOut(deps, ['rev-parse', '--path-format=absolute', '--git-dir'], { cwd });
  if (realpathSync(gitDir) === realpathSync(common)) {
    const top = await runGit(deps, ['rev-parse', '--show-toplevel'], { cwd, allowFailure: true });
    return realpathSync(top.exitCode === 0 && top.stdout.trim() ? top.stdout.trim() : common);
  }
  const [first] = await listWorktrees(deps, cwd);
  return realpathSync(first?.path ?? common);
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
  const lines = new Set(current.split('\n').map(ignoreFilePattern));
  const missing = patterns.filter((p) => !lines.has(p));
  if (missing.length === 0) return;
  await mkdir(dirname(file), { recursive: true });
  const lead = current === '' || current.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${lead}${missing.join('\n')}\n`);
}
