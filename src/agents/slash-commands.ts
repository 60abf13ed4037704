// Slash commands for agent CLIs that do not read `.claude/commands` themselves: a prompt
// `/name args` becomes the text of `.claude/commands/name.md` (`/a:b` is `a/b.md`), its front
// matter dropped, `$ARGUMENTS` replaced by the arguments, `$0`, `$1`… (and `$ARGUMENTS[0]`…) by
// each one. The same commands `mmm init` installs thus reach every agent.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `/name` at the start of a prompt, then the rest: a name has no slash of its own. */
const COMMAND = /^\/([A-Za-z0-9_][A-Za-z0-9_.:-]*)(?=\s|$)(?:[ \t]*)([\s\S]*)$/;

export type Expansion = { prompt: string; command?: string } | { error: string };

/** The arguments one by one, as a shell would split them: quotes group, backslash escapes. */
export function splitArguments(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text.charAt(++i);
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text.charAt(++i);
      started = true;
    } else if (/\s/.test(c)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}

function dropFrontMatter(text: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  return match ? text.slice(match[0].length) : text;
}

/** The command's text with its arguments in place. Pure. */
export function fillCommand(template: string, argumentText: string): string {
  const args = splitArguments(argumentText);
  return dropFrontMatter(template).replace(
    /\$ARGUMENTS\[(\d+)\]|\$ARGUMENTS|\$(\d+)/g,
    (_all, indexed: string | undefined, positional: string | undefined) => {
      const index = indexed ?? positional;
      return index === undefined ? argumentText : (args[Number(index)] ?? '');
    },
  );
}

/**
 * The prompt as an agent without slash commands must get it. A prompt that does not start with
 * `/name` is returned as it is; a `/name` with no `.claude/commands/name.md` in `cwd` is an error
 * naming the file looked for.
 */
export async function expandSlashCommand(prompt: string, cwd: string): Promise<Expansion> {
  const match = COMMAND.exec(prompt);
  if (!match) return { prompt };
  const name = match[1] ?? '';
  const rest = (match[2] ?? '').trim();
  const relative = join('.claude', 'commands', ...name.split(':')) + '.md';
  let template: string;
  try {
    template = await readFile(join(cwd, relative), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `there is no ${relative} in the working tree`
        : `${relative} could not be read (${code ?? String(error)})`;
    return {
      error: `the prompt starts with the slash command /${name}, but ${why}; run \`mmm init\` to install mmm's commands and commit them, or write the prompt out`,
    };
  }
  return { prompt: fillCommand(template, rest), command: name };
}
