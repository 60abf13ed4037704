// The variables command templates see. Every key is always present (null when not detected), so
// strict rendering can tell a typo from a missing fact.
import {
  COMMAND_KINDS,
  type CommandKind,
  type DetectedCommand,
  type ProjectFacts,
} from './facts.js';

/** A detected command as templates print it; several ecosystems' commands are chained with &&. */
export interface CommandView {
  run: string;
  source: string;
  allow: string[];
}

/** The root object every template in templates/commands/ is rendered against. */
export interface TemplateContext {
  project: {
    name: string;
    languages: string;
    packageManagers: string;
    defaultBranch: string;
  };
  test: CommandView | null;
  lint: CommandView | null;
  format: CommandView | null;
  typecheck: CommandView | null;
  build: CommandView | null;
  /** Permission rules for every detected command, for `allowed-tools`. */
  checkTools: string[];
}

function view(commands: DetectedCommand[]): CommandView | null {
  if (commands.length === 0) return null;
  return {
    run: commands.map((c) => c.run).join(' && '),
    source: commands.map((c) => c.source).join('; '),
    allow: [...new Set(commands.map((c) => c.allow))],
  };
}

export function buildTemplateContext(facts: ProjectFacts): TemplateContext {
  const views = Object.fromEntries(
    COMMAND_KINDS.map((kind) => [kind, view(facts.commands[kind])]),
  ) as Record<CommandKind, CommandView | null>;
  const checkTools = [...new Set(COMMAND_KINDS.flatMap((kind) => views[kind]?.allow ?? []))];
  return {
    project: {
      name: facts.name,
      languages: facts.languages.length > 0 ? facts.languages.join(', ') : 'not detected',
      packageManagers:
        facts.packageManagers.length > 0 ? facts.packageManagers.join(', ') : 'not detected',
      defaultBranch: facts.defaultBranch,
    },
    ...views,
    checkTools,
  };
}
