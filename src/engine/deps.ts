import { getAgentAdapter } from '../agents/index.js';
import { exec } from '../infra/exec.js';
import { realSleep } from './limit-wait.js';
import type { EngineDeps } from './types.js';

/** The real world: processes, agent CLIs, the clock and this process's environment. */
export function defaultEngineDeps(env: NodeJS.ProcessEnv = process.env): EngineDeps {
  return { exec, getAgent: getAgentAdapter, now: () => new Date(), sleep: realSleep, env };
}
