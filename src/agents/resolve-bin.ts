import { isAbsolute, resolve } from 'node:path';
import { findExecutable, isExecutable, isFile } from '../infra/which.js';

/** Where an agent binary was found, and how to start it. */
export interface ResolvedBin {
  /** Absolute path of the binary or script. */
  path: string;
  /** What to spawn: the binary itself, or node for a `.js`/`.mjs`/`.cjs` script. */
  file: string;
  /** Arguments that go before the agent's own (the script path when run through node). */
  prefixArgs: string[];
}

const SCRIPT = /\.(?:mjs|cjs|js)$/;

/** A script can be started through node even when its executable bit was lost in packing. */
function usable(path: string): boolean {
  return isFile(path) && (SCRIPT.test(path) || isExecutable(path));
}

function toResolved(path: string): ResolvedBin {
  return SCRIPT.test(path)
    ? { path, file: process.execPath, prefixArgs: [path] }
    : { path, file: path, prefixArgs: [] };
}

/**
 * Finds `command` the way a shell would: a name with a slash is a path (relative to cwd), a bare
 * name is looked up on PATH. Returns undefined when nothing usable is there.
 */
export function resolveBin(
  command: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): ResolvedBin | undefined {
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    return usable(path) ? toResolved(path) : undefined;
  }
  const found = findExecutable(command, env, cwd);
  return found === undefined ? undefined : toResolved(found);
}
