// Filters git must be able to run (filter.<name>.required, as Git LFS sets): without their
// program git can neither add nor check out the files they filter.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'shell-quote';
import { PreconditionError } from '../errors.js';
import { findExecutable } from '../infra/which.js';
import { gitPath } from './repo.js';
import { runGit, type GitDeps } from './run.js';

const TRUE = /^(?:true|yes|on|1)$/i;

/**
 * The program a filter command starts: git runs it with the shell, so its first word as the shell
 * reads it (quotes, escapes, variables of `env`), past any `NAME=value` assignments.
 */
function programOf(command: string, env: NodeJS.ProcessEnv): string {
  for (const word of parse(command, (name) => env[name] ?? '')) {
    if (typeof word !== 'string') return '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) return word;
  }
  return '';
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
  // Git prints each key as it is named (the filter's name keeps its case), then a newline and
  // the value; a key written without a value (`required` alone, which means true) comes alone.
  const settings = new Map<string, string | undefined>();
  for (const entry of result.stdout.split('\0')) {
    if (entry === '') continue;
    const nl = entry.indexOf('\n');
    if (nl < 0) settings.set(entry, undefined);
    else settings.set(entry.slice(0, nl), entry.slice(nl + 1));
  }
  let attributes: string | undefined;
  for (const [key, value] of settings) {
    const name = /^filter\.(.+)\.required$/.exec(key)?.[1];
    if (name === undefined || (value !== undefined && !TRUE.test(value))) continue;
    const commands = ['process', 'clean', 'smudge']
      .map((k) => settings.get(`filter.${name}.${k}`))
      .filter((c): c is string => c !== undefined && c.trim() !== '');
    const missing = commands
      .map((c) => programOf(c, env))
      // A command whose program the shell decides (a command starting with `(`) is left to git.
      .find((p) => p !== '' && !findExecutable(p, env, cwd));
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
