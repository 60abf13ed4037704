// .mmm/PROJECT.md: the detected facts, written for the agent to read before it works.
import { COMMAND_KINDS, type CommandKind, type ProjectFacts } from './facts.js';

const MISSING: Record<CommandKind, string> = {
  test: 'no test command was detected; ask before guessing one',
  lint: 'no lint command was detected; ask before guessing one',
  format: 'no format command was detected; leave formatting as it is',
  typecheck: 'no separate type-check command was detected',
  build: 'no build command was detected',
};

const orNone = (values: string[]) => (values.length > 0 ? values.join(', ') : 'not detected');

/** The file's text. It holds no timestamp, so rendering the same facts twice gives the same bytes. */
export function renderProjectMd(facts: ProjectFacts): string {
  const commands = COMMAND_KINDS.map((kind) => {
    const found = facts.commands[kind];
    if (found.length === 0) return `- ${kind}: ${MISSING[kind]}.`;
    return found.map((c) => `- ${kind}: \`${c.run}\` (from ${c.source})`).join('\n');
  });
  return `# Project facts

Detected by \`mmm init\`. Agents running mmm's commands read this file before they work; correct
it by hand if something is wrong, or refresh it with \`mmm init --force\`.

- Name: ${facts.name}
- Languages: ${orNone(facts.languages)}
- Package managers: ${orNone(facts.packageManagers)}
- Default branch: ${facts.defaultBranch}

## Commands

${commands.join('\n')}

## How mmm works here

- mmm commits the working tree after every successful step. Agents never commit, push, merge,
  rebase or switch branches themselves.
- Specs passed between steps live in \`specs/temp/\`; the step that implements a spec deletes it.
- \`.mmm/mmm.db*\` and \`.mmm/runs/\` are mmm's local run ledger: never edit or commit them.
`;
}
