import type { SessionDeps } from '../../sessions/store.js';
import { exec } from '../../infra/exec.js';
import type { CliContext } from '../context.js';

/**
 * The real dependencies of the session commands. No abort signal: a merge or a clean cut in half
 * by Ctrl-C would leave the repository mid-operation, and each is a few git calls.
 */
export function sessionDeps(ctx: CliContext): SessionDeps {
  return { exec, env: ctx.env };
}
