// `mmm init`: render the command templates and project facts into a repository, never
// overwriting a file unless asked, so running it twice changes nothing.
import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PreconditionError, UsageError } from '../../errors.js';
import { detectDefaultBranch, findWorkTreeRoot } from '../../git/branch-info.js';
import { noWorkTreeError } from '../../git/repo.js';
import type { Exec } from '../../infra/exec.js';
import { agentCommandFile, agentNote, selectAgents } from './agent-commands.js';
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
  /**
   * Agent CLIs whose own project command files are written too (`gemini`, `opencode`…), each
   * entry a name or a comma list; `.claude/commands` is always written.
   */
  agents?: readonly string[] | undefined;
  /** Template directory; default: the installed package's templates/commands/. */
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
  /** What init says of each `--agent` tool it wrote no files for. */
  agentNotes: string[];
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

/** lstat or stat that answers undefined for a path that cannot exist (a file on the way). */
function statOf(path: string, link: boolean): Stats | undefined {
  try {
    return link ? lstatSync(path) : statSync(path);
  } catch {
    return undefined;
  }
}

function planFile(path: string, content: string, force: boolean): InitFileResult {
  const stat = statOf(path, true);
  if (stat === undefined) return { path, action: 'installed', detail: undefined };
  // A link may lead anywhere, out of the repository too: it is never written through.
  if (stat.isSymbolicLink()) {
    return { path, action: 'skipped', detail: 'is a symbolic link; left alone' };
  }
  if (stat.isFile() && readFileSync(path, 'utf8') === content) {
    return { path, action: 'skipped', detail: 'exists, already up to date' };
  }
  if (force) return { path, action: 'overwritten', detail: undefined };
  return { path, action: 'skipped', detail: 'exists and differs; --force overwrites it' };
}

/** `${path} is read-only` when this process may not write it, else undefined. */
function readOnly(path: string): string | undefined {
  try {
    accessSync(path, constants.W_OK);
    return undefined;
  } catch {
    return `${path} is read-only`;
  }
}

/** Why `path` cannot be written as a file, or undefined when it can (as far as can be told). */
function cannotWrite(path: string): string | undefined {
  const stat = statOf(path, false);
  if (stat !== undefined) return stat.isFile() ? readOnly(path) : `${path} is not a regular file`;
  // The nearest part of the path that exists must be a directory mmm may write in.
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const above = statOf(dir, false);
    if (above !== undefined) {
      return above.isDirectory() ? readOnly(dir) : `${dir} is a file where a directory should be`;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function writeFile(path: string, content: string, written: readonly string[]): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new PreconditionError(`could not write ${path}: ${why}`, {
      hint:
        written.length > 0
          ? `already written: ${written.join(', ')}; fix the cause and run mmm init again (it skips what is up to date)`
          : 'fix the cause and run mmm init again',
    });
  }
}

export async function runInit(options: InitOptions, deps: InitDeps): Promise<InitResult> {
  const start = resolve(options.cwd, options.path ?? '.');
  if (!existsSync(start) || !statSync(start).isDirectory()) {
    throw new UsageError(`--path: ${start} is not a directory`);
  }
  const git = { exec: deps.exec, signal: deps.signal };
  const repoRoot = await findWorkTreeRoot(git, start);
  if (repoRoot === undefined) {
    throw await noWorkTreeError(
      git,
      start,
      'run mmm init inside a git repository (git init creates one)',
    );
  }
  const targetDir = options.path === undefined ? repoRoot : start;
  const templates = loadTemplateSet(options.templatesDir);
  const names = selectCommands(templates.names, options.commands);
  const agents = selectAgents(options.agents);
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
  for (const agent of agents) {
    for (const [i, name] of names.entries()) {
      const file = agentCommandFile(agent, name, outputs[i]?.content ?? '');
      if (file) outputs.push({ path: join(targetDir, file.path), content: file.content });
    }
  }
  outputs.push({ path: join(targetDir, '.mmm', 'PROJECT.md'), content: renderProjectMd(facts) });

  const files = outputs.map(({ path, content }) => ({
    ...planFile(path, content, options.force === true),
    content,
  }));
  const ignorePath = join(repoRoot, '.gitignore');
  const ignoreStat = statOf(ignorePath, false);
  const existing = ignoreStat?.isFile() ? readFileSync(ignorePath, 'utf8') : undefined;
  const merged = mergeIgnoreLines(existing, MMM_IGNORES);
  const ignoreWrite = merged.added.length > 0 || (ignoreStat !== undefined && !ignoreStat.isFile());
  // Every write is checked before the first one: a refusal leaves the repository as it was.
  const writes = files.filter((f) => f.action === 'installed' || f.action === 'overwritten');
  const problems = [
    ...writes.map((f) => cannotWrite(f.path)),
    ignoreWrite ? cannotWrite(ignorePath) : undefined,
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) {
    throw new PreconditionError(
      `mmm init cannot write here, and wrote nothing:\n  ${problems.join('\n  ')}`,
      {
        hint: 'move aside or make writable what is named, then run mmm init again',
      },
    );
  }
  const written: string[] = [];
  for (const f of writes) {
    writeFile(f.path, f.content, written);
    written.push(f.path);
  }
  const results: InitFileResult[] = files.map(({ path, action, detail }) => ({
    path,
    action,
    detail,
  }));
  if (merged.added.length > 0) {
    writeFile(ignorePath, merged.content, written);
    results.push({
      path: ignorePath,
      action: existing === undefined ? 'installed' : 'updated',
      detail: `ignores ${merged.added.join(', ')}`,
    });
  } else {
    results.push({
      path: ignorePath,
      action: 'skipped',
      detail: `already ignores ${MMM_IGNORES.join(', ')}`,
    });
  }
  const agentNotes = agents.map(agentNote).filter((n): n is string => n !== undefined);
  return { repoRoot, targetDir, facts, files: results, agentNotes };
}
