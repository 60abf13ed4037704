// Filters git must be able to run (filter.<name>.required, as Git LFS sets): without their
// program git can neither add nor check out the files they filter.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PreconditionError } from '../errors.js';
import { findExecutable } from '../infra/which.js';
import { gitPath } from './repo.js';
import { runGit, type GitDeps } from './run.js';

const TRUE = /^(?:true|yes|on|1)$/i;

/** The program a filter command starts: its first word, without quotes. */
function programOf(command: string): string {
  return (command.trim().split(/\s+/)[0] ?? '').replace(/^["']|["']$/g, '');
}

/** Attribute files of the repository: every tracked .gitattributes, and info/attributes. */
async function attributeText(deps: GitDeps, cwd: string): Promise<string> {
  const listed = await runGit(
    deps,
    ['ls-files', '-z', '--', '.gitattributes', '**/.gitattributes'],
    {
      cwd,
      allowFailure: true,
    },
  );
  const files = listed.stdout
    .split('\0')
    .filter(Boolean)
    .map((f) => join(cwd, f));
  files.push(await gitPath(deps, cwd, 'info/attributes', true));
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8').catch(() => '')));
  return texts.join('\n');
}

/**
 * A required filter that the repository's attributes use and whose program is not installed,
 * as the user's to fix (exit 3); undefined when git can run every filter it needs.
 */
export async function missingFilterProblem(
  deps: GitDeps,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<PreconditionError | undefined> {
  const result = await runGit(
    deps,
    ['config', '-z', '--get-regexp', '^filter\\..+\\.(required|process|clean|smudge)$'],
    { cwd, allowFailure: true },
  );
  if (result.exitCode !== 0) return undefined;
  const settings = new Map<string, string>();
  for (const entry of result.stdout.split('\0')) {
    const nl = entry.indexOf('\n');
    if (nl > 0) settings.set(entry.slice(0, nl).toLowerCase(), entry.slice(nl + 1));
  }
  let attributes: string | undefined;
  for (const [key, value] of settings) {
    const name = /^filter\.(.+)\.required$/.exec(key)?.[1];
    if (name === undefined || !TRUE.test(value)) continue;
    const commands = ['process', 'clean', 'smudge']
      .map((k) => settings.get(`filter.${name}.${k}`))
      .filter((c): c is string => c !== undefined && c.trim() !== '');
    const missing = commands.map(programOf).find((p) => !findExecutable(p, env, cwd));
    if (missing === undefined) continue;
    attributes ??= await attributeText(deps, cwd);
    if (
      !new RegExp(`(^|\\s)filter=${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'm').test(
        attributes,
      )
    ) {
      continue;
    }
    return new PreconditionError(
      `this repository needs git's ${name} filter (filter.${name}.required is set and .gitattributes uses it), but its program ${missing} is not installed: git could neither add nor check out the files it filters`,
      {
        hint:
          name === 'lfs'
            ? 'install Git LFS (https://git-lfs.com) and run git lfs install, then run mmm again'
            : `install ${missing}, or unset filter.${name}.required if the filter is not needed, then run mmm again`,
      },
    );
  }
  return undefined;
}
