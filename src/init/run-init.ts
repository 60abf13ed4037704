// `mmm init`: render the command templates and project facts into a repository, never
// overwriting a file unless asked, so running it twice changes nothing.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PreconditionError, UsageError } from '../errors.js';
import { detectDefaultBranch, findWorkTreeRoot } from '../git/branch-info.js';
import type { Exec } from '../infra/exec.js';
import { detectFacts, type ProjectFacts } from './facts.js';
import { MMM_IGNORES, mergeIgnoreLines } from './gitignore.js';
import { renderProjectMd } from './project-md.js';
import { readProjectSnapshot } from './snapshot.js';
import { buildTemplateContext } from './template-context.js';
import { loadTemplateSet } from './templates.js';

export interface InitOptions {
  cwd: string;
  /** Project directory to install into; default: the root of the repository containing cwd. */
  path?: string | undefined;
  /** Overwrite existing command files and PROJECT.md. */
  force?: boolean | undefined;
  /** Command names to install (with or without the `mmm-` prefix); default: all. */
  commands?: readonly string[] | undefined;
  /** Template directory; default: the installed package's commands/. */
  templatesDir?: string | undefined;
}

export interface InitDeps {
  exec: Exec;
  signal?: AbortSignal | undefined;
}

/** What happened to one file. `skipped` files existed and were left as they were. */
export type InitAction = 'installed' | 'overwritten' | 'updated' | 'skipped';

export interface InitFileResult {
  /** Absolute path. */
  path: string;
  action: InitAction;
  /** Why, for skipped and updated files. */
  detail: string | undefined;
}

export interface InitResult {
  repoRoot: string;
  /** Where `.claude/commands` and `.mmm/PROJECT.md` were written. */
  targetDir: string;
  facts: ProjectFacts;
  files: InitFileResult[];
}

/** Resolves `--commands` to template names; unknown names are a usage error listing the known. */
export function selectCommands(known: readonly string[], requested?: readonly string[]): string[] {
  if (requested === undefined) return [...known];
  const names = requested.map((n) => n.trim()).filter((n) => n !== '');
  const full = names.map((n) => (n.startsWith('mmm-') ? n : `mmm-${n}`));
  const unknown = names.filter((_, i) => !known.includes(full[i] ?? ''));
  if (unknown.length > 0 || names.length === 0) {
    const what = unknown.length > 0 ? `unknown command ${unknown.join(', ')}` : 'no command named';
    throw new UsageError(`--commands: ${what}`, { hint: `known commands: ${known.join(', ')}` });
  }
  return [...new Set(full)];
}

function planFile(path: string, content: string, force: boolean): InitFileResult {
  if (!existsSync(path)) return { path, action: 'installed', detail: undefined };
  if (readFileSync(path, 'utf8') === content) {
    return { path, action: 'skipped', detail: 'exists, already up to date' };
  }
  if (force) return { path, action: 'overwritten', detail: undefined };
  return { path, action: 'skipped', detail: 'exists and differs; --force overwrites it' };
}

function writeFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

export async function runInit(options: InitOptions, deps: InitDeps): Promise<InitResult> {
  const start = resolve(options.cwd, options.path ?? '.');
  if (!existsSync(start) || !statSync(start).isDirectory()) {
    throw new UsageError(`--path: ${start} is not a directory`);
  }
  const git = { exec: deps.exec, signal: deps.signal };
  const repoRoot = await findWorkTreeRoot(git, start);
  if (repoRoot === undefined) {
    throw new PreconditionError(`not a git repository: ${start}`, {
      hint: 'run mmm init inside a git repository (git init creates one)',
    });
  }
  const targetDir = options.path === undefined ? repoRoot : start;
  const templates = loadTemplateSet(options.templatesDir);
  const names = selectCommands(templates.names, options.commands);
  const facts = detectFacts(
    readProjectSnapshot(targetDir),
    await detectDefaultBranch(git, repoRoot),
  );
  const context = buildTemplateContext(facts);
  // Render everything before writing anything, so a broken template leaves no partial install.
  const outputs = names.map((name) => ({
    path: join(targetDir, '.claude', 'commands', `${name}.md`),
    content: templates.render(name, context),
  }));
  outputs.push({ path: join(targetDir, '.mmm', 'PROJECT.md'), content: renderProjectMd(facts) });

  const files: InitFileResult[] = [];
  for (const { path, content } of outputs) {
    const plan = planFile(path, content, options.force === true);
    if (plan.action === 'installed' || plan.action === 'overwritten') writeFile(path, content);
    files.push(plan);
  }
  const ignorePath = join(repoRoot, '.gitignore');
  const existing = existsSync(ignorePath) ? readFileSync(ignorePath, 'utf8') : undefined;
  const merged = mergeIgnoreLines(existing, MMM_IGNORES);
  if (merged.added.length > 0) {
    writeFile(ignorePath, merged.content);
    files.push({
      path: ignorePath,
      action: existing === undefined ? 'installed' : 'updated',
      detail: `ignores ${merged.added.join(', ')}`,
    });
  } else {
    files.push({
      path: ignorePath,
      action: 'skipped',
      detail: `already ignores ${MMM_IGNORES.join(', ')}`,
    });
  }
  return { repoRoot, targetDir, facts, files };
}
