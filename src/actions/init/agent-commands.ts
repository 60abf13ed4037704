// `mmm init --agent <tool>`: the same commands, also where another agent CLI reads a project's
// custom commands for interactive use. Playbooks do not need them (mmm writes a `/name args`
// prompt out from .claude/commands for every tool); a person at that CLI's prompt does.
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { knownAgentTools } from '../../agents/index.js';
import { UsageError } from '../../errors.js';

interface CommandFiles {
  /** The file for command `name`, relative to the project directory. */
  path: (name: string) => string;
  /** Its content, from the rendered `.claude/commands/<name>.md`. */
  render: (claudeMarkdown: string) => string;
}

/** Where each CLI reads project commands; a string says why mmm writes none for it. */
const TARGETS: Readonly<Record<string, CommandFiles | string>> = {
  claude: 'claude: reads .claude/commands itself (written above)',
  gemini: {
    path: (name) => join('.gemini', 'commands', `${name}.toml`),
    render: toGeminiToml,
  },
  opencode: {
    path: (name) => join('.opencode', 'commands', `${name}.md`),
    render: toOpenCodeMarkdown,
  },
  codex:
    'codex: reads custom prompts only from ~/.codex/prompts, none per project, and mmm writes ' +
    'nothing outside the repository; playbook steps reach codex through mmm, which writes each ' +
    '/name command out from .claude/commands',
};

/** Every tool `--agent` takes: those mmm can run, and those it knows the command files of. */
export function initAgentTools(): string[] {
  return [...new Set([...knownAgentTools(), ...Object.keys(TARGETS)])].sort();
}

/** The `--agent` values, each comma list split; an unknown tool is exit 2 naming the known. */
export function selectAgents(requested: readonly string[] | undefined): string[] {
  if (requested === undefined || requested.length === 0) return [];
  const names = requested
    .flatMap((r) => r.split(','))
    .map((n) => n.trim())
    .filter(Boolean);
  const known = initAgentTools();
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0 || names.length === 0) {
    const what = unknown.length > 0 ? `unknown agent tool ${unknown.join(', ')}` : 'no tool named';
    throw new UsageError(`--agent: ${what}`, { hint: `known agent tools: ${known.join(', ')}` });
  }
  return [...new Set(names)];
}

/** The files `--agent <tool>` writes for one command, or none. */
export function agentCommandFile(
  tool: string,
  name: string,
  claudeMarkdown: string,
): { path: string; content: string } | undefined {
  const target = TARGETS[tool];
  if (target === undefined || typeof target === 'string') return undefined;
  return { path: target.path(name), content: target.render(claudeMarkdown) };
}

/** What init says of a tool it writes no files for. */
export function agentNote(tool: string): string | undefined {
  const target = TARGETS[tool];
  if (typeof target === 'string') return target;
  if (target !== undefined) return undefined;
  return `${tool}: has no project command files mmm writes; playbook steps reach it through mmm, which writes each /name command out from .claude/commands`;
}

function split(markdown: string): { description: string | undefined; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(markdown);
  if (!match) return { description: undefined, body: markdown };
  const front: unknown = parseYaml(match[1] ?? '');
  const description =
    typeof front === 'object' && front !== null
      ? (front as { description?: unknown }).description
      : undefined;
  return {
    description: typeof description === 'string' ? description : undefined,
    body: markdown.slice(match[0].length),
  };
}

/**
 * Gemini CLI's command file: TOML with `description` and `prompt`, the arguments as `{{args}}`.
 * The prompt is a multi-line literal string (`'''`), in which nothing is an escape; a body that
 * holds `'''` itself is written as a basic string instead.
 */
export function toGeminiToml(claudeMarkdown: string): string {
  const { description, body } = split(claudeMarkdown);
  const prompt = body.replaceAll('$ARGUMENTS', '{{args}}');
  // A JSON string is a valid TOML basic string: the same escapes.
  const value = prompt.includes("'''") ? JSON.stringify(prompt) : `'''\n${prompt}'''`;
  const lines = description === undefined ? [] : [`description = ${JSON.stringify(description)}`];
  return `${[...lines, `prompt = ${value}`].join('\n')}\n`;
}

/** OpenCode's command file: Markdown, `description` front matter, `$ARGUMENTS` as Claude's. */
export function toOpenCodeMarkdown(claudeMarkdown: string): string {
  const { description, body } = split(claudeMarkdown);
  if (description === undefined) return body;
  return `---\ndescription: ${JSON.stringify(description)}\n---\n${body}`;
}
