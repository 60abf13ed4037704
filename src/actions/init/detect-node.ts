// Node projects: package manager from the lockfile (or `packageManager`), commands from scripts.
import { command, type CommandKind, type EcosystemFacts } from './facts.js';
import type { ProjectSnapshot } from './snapshot.js';

const LOCKFILES: [file: string, manager: string][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];
const MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);

// Script names that mean each kind, in order of preference.
const SCRIPTS: Record<CommandKind, string[]> = {
  test: ['test'],
  lint: ['lint'],
  format: ['format', 'fmt'],
  typecheck: ['typecheck', 'type-check', 'check-types', 'tsc'],
  build: ['build'],
};

// `npm init` writes this placeholder; it is not a test command.
const PLACEHOLDER_TEST = /no test specified/;

interface PackageJson {
  scripts?: Record<string, unknown>;
  packageManager?: unknown;
}

function parsePackageJson(text: string | undefined): PackageJson {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return value !== null && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

/** The package manager: the `packageManager` field, else the lockfile, else npm. */
export function detectNodeManager(files: readonly string[], pkg: PackageJson): string {
  if (typeof pkg.packageManager === 'string') {
    const name = pkg.packageManager.split('@')[0] ?? '';
    if (MANAGERS.has(name)) return name;
  }
  const present = new Set(files);
  return LOCKFILES.find(([file]) => present.has(file))?.[1] ?? 'npm';
}

/** The command line that runs a package.json script with the given manager. */
export function scriptCommand(manager: string, script: string): string {
  if (script === 'test' && manager !== 'bun') return `${manager} test`;
  // `bun test` is bun's own runner, not the script; `yarn <s>` and `pnpm <s>` also work but `run` is unambiguous.
  return `${manager} run ${script}`;
}

export function detectNode(snapshot: ProjectSnapshot): EcosystemFacts | undefined {
  if (!snapshot.files.includes('package.json')) return undefined;
  const pkg = parsePackageJson(snapshot.read('package.json'));
  const manager = detectNodeManager(snapshot.files, pkg);
  const scripts = pkg.scripts ?? {};
  const facts: EcosystemFacts = { packageManager: manager, commands: {} };
  for (const [kind, names] of Object.entries(SCRIPTS) as [CommandKind, string[]][]) {
    const name = names.find((n) => {
      const body = scripts[n];
      return typeof body === 'string' && !(n === 'test' && PLACEHOLDER_TEST.test(body));
    });
    if (name !== undefined) {
      facts.commands[kind] = command(scriptCommand(manager, name), `package.json script "${name}"`);
    }
  }
  return facts;
}
