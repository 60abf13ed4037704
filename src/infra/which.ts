// Finding a program the way a shell would, without starting it.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The executable file a shell would run for `command`: a name with a slash is a path (relative
 * to cwd), a bare name is looked up on PATH. Undefined when there is none.
 */
export function findExecutable(
  command: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): string | undefined {
  const candidates = command.includes('/')
    ? [isAbsolute(command) ? command : resolve(cwd, command)]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter((dir) => dir !== '')
        .map((dir) => resolve(cwd, join(dir, command)));
  return candidates.find((path) => isFile(path) && isExecutable(path));
}
