// The facts `mmm init` detects about a project and writes into command templates and PROJECT.md.
import { detectGo } from './detect-go.js';
import { detectLanguages } from './detect-languages.js';
import { detectMakeTargets } from './detect-make.js';
import { detectNode } from './detect-node.js';
import { detectPython } from './detect-python.js';
import { detectRust } from './detect-rust.js';
import type { ProjectSnapshot } from './snapshot.js';

/** The kinds of project command an agent is told about. */
export const COMMAND_KINDS = ['test', 'lint', 'format', 'typecheck', 'build'] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

/** One command the project defines, and where mmm found it. */
export interface DetectedCommand {
  /** The command line, e.g. `npm test`. */
  run: string;
  /** The Claude Code permission rule that lets an agent run it, e.g. `Bash(npm test:*)`. */
  allow: string;
  /** Where it came from, e.g. `package.json script "test"`. */
  source: string;
}

/** What one ecosystem's manifests say about the project. */
export interface EcosystemFacts {
  packageManager: string;
  commands: Partial<Record<CommandKind, DetectedCommand>>;
}

/** Everything detection found. Empty lists mean "not detected", never a guess. */
export interface ProjectFacts {
  name: string;
  /** Most files first. */
  languages: string[];
  packageManagers: string[];
  /** Per kind, one command per ecosystem that defines it (a polyglot repo may have several). */
  commands: Record<CommandKind, DetectedCommand[]>;
  defaultBranch: string;
}

/** Builds a command whose permission rule is its own text as a prefix. */
export function command(run: string, source: string, allowPrefix = run): DetectedCommand {
  return { run, allow: `Bash(${allowPrefix}:*)`, source };
}

/**
 * Detects the project's facts from a snapshot. Each ecosystem contributes its commands; Makefile
 * targets fill only the kinds no ecosystem defines, since they usually wrap the same tools.
 */
export function detectFacts(snapshot: ProjectSnapshot, defaultBranch: string): ProjectFacts {
  const ecosystems = [
    detectNode(snapshot),
    detectRust(snapshot),
    detectPython(snapshot),
    detectGo(snapshot),
  ].filter((e): e is EcosystemFacts => e !== undefined);
  const make = detectMakeTargets(snapshot);
  const commands = {} as Record<CommandKind, DetectedCommand[]>;
  for (const kind of COMMAND_KINDS) {
    const found = ecosystems.flatMap((e) => (e.commands[kind] ? [e.commands[kind]] : []));
    const fallback = make[kind];
    commands[kind] = found.length > 0 ? found : fallback ? [fallback] : [];
  }
  return {
    name: snapshot.name,
    languages: detectLanguages(snapshot.files),
    packageManagers: [...new Set(ecosystems.map((e) => e.packageManager))],
    commands,
    defaultBranch,
  };
}
