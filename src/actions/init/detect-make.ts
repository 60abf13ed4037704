// Makefile targets that name a test, lint, format, typecheck or build step.
import { command, type CommandKind, type DetectedCommand } from './facts.js';
import type { ProjectSnapshot } from './snapshot.js';

const MAKEFILES = ['GNUmakefile', 'Makefile', 'makefile'];
const TARGETS: Record<CommandKind, string[]> = {
  test: ['test', 'check'],
  lint: ['lint'],
  format: ['fmt', 'format'],
  typecheck: ['typecheck'],
  build: ['build'],
};

/** Target names defined at the start of a line (`name:`), excluding variable assignments (`:=`). */
export function parseMakeTargets(text: string): Set<string> {
  const targets = new Set<string>();
  for (const match of text.matchAll(/^([A-Za-z0-9_.-]+(?:[ \t]+[A-Za-z0-9_.-]+)*)[ \t]*:(?!=)/gm)) {
    for (const name of (match[1] ?? '').split(/[ \t]+/)) targets.add(name);
  }
  return targets;
}

export function detectMakeTargets(
  snapshot: ProjectSnapshot,
): Partial<Record<CommandKind, DetectedCommand>> {
  const file = MAKEFILES.find((f) => snapshot.files.includes(f));
  const text = file ? snapshot.read(file) : undefined;
  if (file === undefined || text === undefined) return {};
  const targets = parseMakeTargets(text);
  const found: Partial<Record<CommandKind, DetectedCommand>> = {};
  for (const [kind, names] of Object.entries(TARGETS) as [CommandKind, string[]][]) {
    const target = names.find((n) => targets.has(n));
    if (target !== undefined) {
      found[kind] = command(`make ${target}`, `${file} target "${target}"`);
    }
  }
  return found;
}
